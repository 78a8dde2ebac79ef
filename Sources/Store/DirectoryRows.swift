import AccessModel
import GRDB

/// Directory records as table rows: fixed columns, lists comma-separated, times in epoch
/// milliseconds. Reading by column index keeps start-up fast with a million grants.
enum DirectoryRows {
    static func list(_ values: [String]) -> String { values.joined(separator: ",") }

    static func split(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: ",").map(String.init) }

    static func time(_ value: Int64?) -> Timestamp? { value.map(Timestamp.init(milliseconds:)) }

    /// A set of codes as a bitmask over `T.allCases` (declaration order; new codes are only appended).
    static func mask<T: CaseIterable & Equatable>(_ values: [T]) -> Int64 {
        var mask: Int64 = 0
        for (index, code) in T.allCases.enumerated() where values.contains(code) { mask |= 1 << Int64(index) }
        return mask
    }

    static func codes<T: CaseIterable>(_ mask: Int64, _ type: T.Type) throws -> [T] {
        var result: [T] = []
        var index: Int64 = 0
        for code in T.allCases {
            if mask & (1 << index) != 0 { result.append(code) }
            index += 1
        }
        guard mask >> index == 0 else { throw StoreError(.corrupted, "unknown code bits in the database") }
        return result
    }

    // MARK: Principals

    static let principalColumns =
        "id, kind, display_name, departments, status, mfa_enrolled, break_glass_eligible, credential_state, created_at, last_active_at"

    static func principalArguments(_ p: Principal) -> StatementArguments {
        [
            p.id, p.kind.rawValue, p.displayName, list(p.departments), p.status.rawValue, p.mfaEnrolled, p.breakGlassEligible,
            p.credentialState.rawValue,
            p.createdAt.milliseconds, p.lastActiveAt?.milliseconds,
        ]
    }

    static func principal(_ row: Row) throws -> Principal {
        guard let kind = Principal.Kind(rawValue: row[1]), let status = Principal.Status(rawValue: row[4]),
            let credential = Principal.CredentialState(rawValue: row[7])
        else { throw StoreError(.corrupted, "principal `\(row[0] as String)` has an unknown kind, status or credential state") }
        return Principal(
            id: row[0], kind: kind, displayName: row[2], departments: split(row[3]), status: status, mfaEnrolled: row[5], breakGlassEligible: row[6],
            credentialState: credential, createdAt: Timestamp(milliseconds: row[8]), lastActiveAt: time(row[9]))
    }

    // MARK: Roles and assignments

    static func role(_ row: Row) -> Role { Role(id: row[0], description: row[1], includes: split(row[2])) }

    static let assignmentColumns = "principal_id, role_id, valid_from, valid_until, assigned_by, assigned_at"

    static func assignmentArguments(_ a: RoleAssignment) -> StatementArguments {
        [a.principalID, a.roleID, a.validFrom?.milliseconds, a.validUntil?.milliseconds, a.assignedBy, a.assignedAt.milliseconds]
    }

    static func assignment(_ row: Row) -> RoleAssignment {
        RoleAssignment(
            principalID: row[0], roleID: row[1], validFrom: time(row[2]), validUntil: time(row[3]), assignedBy: row[4],
            assignedAt: Timestamp(milliseconds: row[5]))
    }

    // MARK: Grants

    static let grantColumns = """
        id, grantee_kind, grantee_id, actions, departments, patient, categories, labels, confidentiality, purposes, valid_from, valid_until, \
        approver, justification, created_by, created_at, revoked_by, revoked_at, revocation_reason
        """

    static func grantArguments(_ g: Grant) -> StatementArguments {
        let (kind, id): (String, String) =
            switch g.grantee {
            case .principal(let id): ("principal", id)
            case .role(let id): ("role", id)
            }
        return [
            g.id, kind, id, mask(g.actions), list(g.scope.departments), g.scope.patient, mask(g.scope.categories), mask(g.labels),
            mask(g.confidentiality), mask(g.purposes), g.validFrom.milliseconds,
            g.validUntil?.milliseconds, g.approver, g.justification, g.createdBy, g.createdAt.milliseconds, g.revokedBy, g.revokedAt?.milliseconds,
            g.revocationReason,
        ]
    }

    static func grant(_ row: Row) throws -> Grant {
        var decoder = GrantDecoder()
        return try decoder.grant(row)
    }

    /// Decodes many grant rows. Grants repeat a few combinations of codes and departments, so each
    /// distinct list is decoded once and then shared (arrays are copy-on-write): at a million
    /// grants this saves five allocations per grant at start-up and most of their memory.
    struct GrantDecoder {
        // Few distinct masks occur, so a short list searched linearly beats hashing each row's mask.
        private var actions: [(Int64, [PHIAction])] = []
        private var categories: [(Int64, [RecordCategory])] = []
        private var labels: [(Int64, [SensitivityLabel])] = []
        private var confidentiality: [(Int64, [Confidentiality])] = []
        private var purposes: [(Int64, [PurposeOfUse])] = []
        private var departments: [String: [String]] = [:]
        private var lastDepartments: (String, [String]) = ("", [])

        private static func shared<T: CaseIterable>(_ mask: Int64, _ cache: inout [(Int64, [T])]) throws -> [T] {
            for (known, list) in cache where known == mask { return list }
            let list = try codes(mask, T.self)
            if cache.count < 64 { cache.append((mask, list)) }
            return list
        }

        mutating func grant(_ row: Row) throws -> Grant {
            let granteeKind: String = row[1]
            let granteeID: String = row[2]
            let departmentList: String = row[4]
            let scopeDepartments: [String]
            if departmentList.isEmpty {
                scopeDepartments = []
            } else if departmentList == lastDepartments.0 {
                scopeDepartments = lastDepartments.1
            } else if let list = departments[departmentList] {
                scopeDepartments = list
                lastDepartments = (departmentList, list)
            } else {
                scopeDepartments = split(departmentList)
                if departments.count < 4096 { departments[departmentList] = scopeDepartments }
            }
            var grant = Grant(
                id: row[0], grantee: granteeKind == "role" ? .role(granteeID) : .principal(granteeID),
                actions: try Self.shared(row[3], &actions),
                scope: GrantScope(departments: scopeDepartments, patient: row[5], categories: try Self.shared(row[6], &categories)),
                labels: try Self.shared(row[7], &labels), confidentiality: try Self.shared(row[8], &confidentiality),
                purposes: try Self.shared(row[9], &purposes), validFrom: Timestamp(milliseconds: row[10]), validUntil: time(row[11]),
                approver: row[12],
                justification: row[13], createdBy: row[14], createdAt: Timestamp(milliseconds: row[15]))
            grant.revokedBy = row[16]
            grant.revokedAt = time(row[17])
            grant.revocationReason = row[18]
            return grant
        }
    }

    static func placeholders(_ columns: String) -> String {
        Array(repeating: "?", count: columns.split(separator: ",").count).joined(separator: ", ")
    }
}
