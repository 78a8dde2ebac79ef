public import AccessModel
public import Cedar
public import Credentials

/// The JSON shapes of the store's records, shared by the CLI and the HTTP API.
extension ReviewItem {
    public var json: JSON {
        .object(
            JSONObject([
                ("id", .string(id)), ("principal", .string(principalID)), ("status", .string(status.rawValue)),
                ("opened_at", .string(openedAt.description)), ("due_at", .string(dueAt.description)), ("audit_record", .number(String(auditSeq))),
                ("outcome", outcome.map { .string($0.rawValue) } ?? .null), ("closed_by", closedBy.map(JSON.string) ?? .null),
                ("closed_at", closedAt.map { .string($0.description) } ?? .null), ("notes", notes.map(JSON.string) ?? .null),
            ]))
    }
}

extension AuditVerification {
    public var json: JSON {
        .object(
            JSONObject([
                ("intact", .bool(isIntact)), ("records", .number(String(records))), ("checkpoints", .number(String(checkpoints))),
                ("first_broken_seq", firstBrokenSeq.map { .number(String($0)) } ?? .null),
                ("problem", problem.map { .string($0.rawValue) } ?? .null), ("message", .string(message)),
            ]))
    }
}

extension AuditRecord {
    /// The record as stored (patient and resource ids only as pseudonyms).
    public var json: JSON {
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        return .object(
            JSONObject([
                ("seq", .number(String(seq))), ("recorded_at", .string(recordedAt.description)), ("kind", .string(kind.rawValue)),
                ("actor", .string(actor)), ("action", .string(action)), ("target", .string(target)), ("outcome", .string(outcome)),
                ("purpose_of_use", optional(purposeOfUse)), ("resource_type", optional(resourceType)), ("resource_ref", optional(resourceRef)),
                ("patient_ref", optional(patientRef)), ("reason_codes", strings(reasonCodes)), ("policies", strings(policyIDs)),
                ("grants", strings(grantIDs)), ("obligations", strings(obligations)), ("break_glass", .bool(breakGlass)),
                ("details", optional(details)), ("prev_hash", .string(prevHash)), ("hash", .string(hash)),
            ]))
    }
}
