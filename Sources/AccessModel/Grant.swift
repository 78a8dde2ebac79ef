/// Who a grant is for: one principal, or every member of a role.
public enum Grantee: Sendable, Hashable, Codable, CustomStringConvertible {
    case principal(String)
    case role(String)

    public var description: String {
        switch self {
        case .principal(let id): "principal:\(id)"
        case .role(let id): "role:\(id)"
        }
    }
}

/// Which PHI a grant reaches: everything, departments, or one patient; narrowed by record category.
public struct GrantScope: Sendable, Hashable, Codable {
    /// Departments whose patients are reachable (empty with no patient: every department).
    public var departments: [String]
    /// One patient, instead of departments.
    public var patient: String?
    /// Record categories reachable (empty: every category). Minimum necessary, 164.514(d)(2).
    public var categories: [RecordCategory]

    public init(departments: [String] = [], patient: String? = nil, categories: [RecordCategory] = []) {
        self.departments = departments
        self.patient = patient
        self.categories = categories
    }
}

/// A PHI-access grant: who may do what to which PHI, for which purposes, when, approved by
/// whom and why. Revocation is recorded, never deleted, so the grant history stays auditable
/// (164.308(a)(4)(ii)(B) and (C)).
public struct Grant: Sendable, Hashable, Codable {
    public var id: String
    public var grantee: Grantee
    public var actions: [PHIAction]
    public var scope: GrantScope
    /// Sensitivity labels this grant reaches; labelled PHI is reachable only through a grant that names each of its labels.
    public var labels: [SensitivityLabel]
    /// Confidentiality levels beyond `N` this grant reaches (`R`, `V`).
    public var confidentiality: [Confidentiality]
    public var purposes: [PurposeOfUse]
    public var validFrom: Timestamp
    public var validUntil: Timestamp?
    public var approver: String
    public var justification: String
    public var createdBy: String
    public var createdAt: Timestamp
    public var revokedBy: String?
    public var revokedAt: Timestamp?
    public var revocationReason: String?

    public init(
        id: String, grantee: Grantee, actions: [PHIAction], scope: GrantScope = GrantScope(), labels: [SensitivityLabel] = [],
        confidentiality: [Confidentiality] = [], purposes: [PurposeOfUse], validFrom: Timestamp, validUntil: Timestamp? = nil,
        approver: String, justification: String, createdBy: String, createdAt: Timestamp
    ) {
        self.id = id
        self.grantee = grantee
        self.actions = actions
        self.scope = scope
        self.labels = labels
        self.confidentiality = confidentiality
        self.purposes = purposes
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.approver = approver
        self.justification = justification
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// In force at `now`: not revoked and inside its time window.
    public func isActive(at now: Timestamp) -> Bool {
        !isRevoked && validFrom <= now && (validUntil.map { now < $0 } ?? true)
    }

    /// Checks the grant's own consistency (not references to other records).
    public func check() throws(AccessModelError) {
        try IdentifierHygiene.check(id, what: "grant id")
        guard !actions.isEmpty else { throw AccessModelError(.invalidGrant, "grant `\(id)` names no action") }
        guard !purposes.isEmpty else {
            throw AccessModelError(.invalidGrant, "grant `\(id)` names no purpose of use: a purpose is required (164.506, 164.514(d))")
        }
        if let validUntil, validUntil <= validFrom {
            throw AccessModelError(.invalidTimeWindow, "grant `\(id)` ends (\(validUntil)) before or when it starts (\(validFrom))")
        }
        guard !approver.isBlank else { throw AccessModelError(.invalidGrant, "grant `\(id)` needs an approver") }
        guard !justification.isBlank else { throw AccessModelError(.invalidGrant, "grant `\(id)` needs a justification") }
        if case .principal(let granteeID) = grantee, granteeID == approver {
            throw AccessModelError(.selfApproval, "grant `\(id)`: `\(approver)` cannot approve a grant to themselves")
        }
        if scope.patient != nil, !scope.departments.isEmpty {
            throw AccessModelError(.invalidGrant, "grant `\(id)`: scope is either departments or one patient, not both")
        }
        if confidentiality.contains(.normal) {
            throw AccessModelError(.invalidGrant, "grant `\(id)`: confidentiality N is always reachable; list only R or V")
        }
    }
}

extension String {
    /// Empty or only white space.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
