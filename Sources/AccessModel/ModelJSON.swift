public import Cedar

/// The JSON shapes of the model's records, shared by the CLI and the HTTP API so both speak the
/// same language. Patient ids appear in clear: both answer the privacy office, never a log.
extension Principal {
    public func json(roles: [String]) -> JSON {
        .object(
            JSONObject([
                ("id", .string(id)), ("kind", .string(kind.rawValue)), ("name", .string(displayName)),
                ("departments", .array(departments.map(JSON.string))), ("status", .string(status.rawValue)),
                ("mfa_enrolled", .bool(mfaEnrolled)), ("break_glass_eligible", .bool(breakGlassEligible)),
                ("credential_state", .string(credentialState.rawValue)), ("roles", .array(roles.map(JSON.string))),
                ("created_at", .string(createdAt.description)), ("last_active_at", lastActiveAt.map { .string($0.description) } ?? .null),
            ]))
    }
}

extension Role {
    public var json: JSON {
        .object(JSONObject([("id", .string(id)), ("description", .string(description)), ("includes", .array(includes.map(JSON.string)))]))
    }
}

extension RoleAssignment {
    public var json: JSON {
        .object(
            JSONObject([
                ("principal", .string(principalID)), ("role", .string(roleID)),
                ("valid_from", validFrom.map { .string($0.description) } ?? .null),
                ("valid_until", validUntil.map { .string($0.description) } ?? .null),
                ("assigned_by", .string(assignedBy)), ("assigned_at", .string(assignedAt.description)),
            ]))
    }
}

extension Grant {
    public var json: JSON {
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        return .object(
            JSONObject([
                ("id", .string(id)), ("grantee", .string(grantee.description)), ("actions", strings(actions.map(\.rawValue))),
                ("departments", strings(scope.departments)), ("patient", scope.patient.map(JSON.string) ?? .null),
                ("categories", strings(scope.categories.map(\.rawValue))), ("labels", strings(labels.map(\.rawValue))),
                ("confidentiality", strings(confidentiality.map(\.rawValue))), ("purposes", strings(purposes.map(\.rawValue))),
                ("valid_from", .string(validFrom.description)), ("valid_until", validUntil.map { .string($0.description) } ?? .null),
                ("approver", .string(approver)), ("justification", .string(justification)), ("created_by", .string(createdBy)),
                ("created_at", .string(createdAt.description)), ("revoked_by", revokedBy.map(JSON.string) ?? .null),
                ("revoked_at", revokedAt.map { .string($0.description) } ?? .null),
                ("revocation_reason", revocationReason.map(JSON.string) ?? .null),
            ]))
    }
}

extension AccessReviewReport {
    public var json: JSON {
        let rows = rows.map { row in
            JSON.object(
                JSONObject([
                    ("principal", .string(row.principalID)), ("status", .string(row.principalStatus)), ("via", .string(row.via)),
                    ("grant", .string(row.grantID)), ("actions", .array(row.actions.map(JSON.string))), ("scope", .string(row.scope)),
                    ("purposes", .array(row.purposes.map(JSON.string))), ("labels", .array(row.labels.map(JSON.string))),
                    ("valid_until", row.validUntil.map { .string($0.description) } ?? .null),
                ]))
        }
        return .object(
            JSONObject([
                ("access", .array(rows)), ("expiring_grants", .array(expiringGrants.map { .string($0.id) })),
                ("inactive_principals", .array(inactivePrincipals.map { .string($0.id) })),
            ]))
    }
}
