import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// The JSON shape of a grant in CLI output (patient ids are shown: the CLI runs for the privacy officer).
enum GrantJSON {
    static func json(_ grant: Grant) -> JSON {
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        return .object(
            JSONObject([
                ("id", .string(grant.id)), ("grantee", .string(grant.grantee.description)), ("actions", strings(grant.actions.map(\.rawValue))),
                ("departments", strings(grant.scope.departments)), ("patient", grant.scope.patient.map(JSON.string) ?? .null),
                ("categories", strings(grant.scope.categories.map(\.rawValue))), ("labels", strings(grant.labels.map(\.rawValue))),
                ("confidentiality", strings(grant.confidentiality.map(\.rawValue))), ("purposes", strings(grant.purposes.map(\.rawValue))),
                ("valid_from", .string(grant.validFrom.description)), ("valid_until", grant.validUntil.map { .string($0.description) } ?? .null),
                ("approver", .string(grant.approver)), ("justification", .string(grant.justification)), ("created_by", .string(grant.createdBy)),
                ("created_at", .string(grant.createdAt.description)), ("revoked_by", grant.revokedBy.map(JSON.string) ?? .null),
                ("revoked_at", grant.revokedAt.map { .string($0.description) } ?? .null),
            ]))
    }
}
