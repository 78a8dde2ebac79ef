/// A workforce user or a service account, with a stable unique id (45 CFR 164.312(a)(2)(i)).
public struct Principal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case user
        case serviceAccount = "service-account"

        /// The Cedar entity type of this kind of principal.
        public var entityType: String { self == .user ? "User" : "ServiceAccount" }
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active, suspended, terminated
    }

    /// The state of the principal's credential, fed by the credential inventory.
    public enum CredentialState: String, Sendable, Hashable, Codable, CaseIterable {
        case ok, expiring, expired, compromised, locked
    }

    public var id: String
    public var kind: Kind
    public var displayName: String
    public var departments: [String]
    public var status: Status
    public var mfaEnrolled: Bool
    public var breakGlassEligible: Bool
    public var credentialState: CredentialState
    public var createdAt: Timestamp
    /// Last decision made for this principal (for inactivity reports).
    public var lastActiveAt: Timestamp?

    public init(
        id: String, kind: Kind, displayName: String, departments: [String] = [], status: Status = .active, mfaEnrolled: Bool = false,
        breakGlassEligible: Bool = false, credentialState: CredentialState = .ok, createdAt: Timestamp, lastActiveAt: Timestamp? = nil
    ) {
        self.id = id
        self.kind = kind
        self.displayName = displayName
        self.departments = departments
        self.status = status
        self.mfaEnrolled = mfaEnrolled
        self.breakGlassEligible = breakGlassEligible
        self.credentialState = credentialState
        self.createdAt = createdAt
        self.lastActiveAt = lastActiveAt
    }
}

/// A role; a role may include others, whose grants its members then also hold.
public struct Role: Sendable, Hashable, Codable {
    public var id: String
    public var description: String
    /// Roles this role includes (members of this role are members of those too).
    public var includes: [String]

    public init(id: String, description: String = "", includes: [String] = []) {
        self.id = id
        self.description = description
        self.includes = includes
    }
}

/// A principal's membership of a role, optionally for a bounded time.
public struct RoleAssignment: Sendable, Hashable, Codable {
    public var principalID: String
    public var roleID: String
    public var validFrom: Timestamp?
    public var validUntil: Timestamp?
    public var assignedBy: String
    public var assignedAt: Timestamp

    public init(
        principalID: String, roleID: String, validFrom: Timestamp? = nil, validUntil: Timestamp? = nil, assignedBy: String, assignedAt: Timestamp
    ) {
        self.principalID = principalID
        self.roleID = roleID
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.assignedBy = assignedBy
        self.assignedAt = assignedAt
    }

    public func isActive(at now: Timestamp) -> Bool {
        (validFrom.map { $0 <= now } ?? true) && (validUntil.map { now < $0 } ?? true)
    }
}
