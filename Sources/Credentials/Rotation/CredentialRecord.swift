public import AccessModel

/// One credential of the inventory: a person's password, a service secret, a database login, an API
/// key or a TLS certificate. Never holds the secret itself.
public struct CredentialRecord: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case password
        case serviceSecret = "service-secret"
        case databaseLogin = "database-login"
        case apiKey = "api-key"
        case tlsCertificate = "tls-certificate"
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case active, compromised, locked, retired
    }

    public var id: String
    public var kind: Kind
    /// The principal or team responsible for rotating it.
    public var owner: String
    /// Where reminders go (an e-mail address); the class's contact when nil.
    public var contact: String?
    public var rotationClass: String
    /// The principal whose credential state follows this credential (a person's password, a service
    /// account's secret); nil when it belongs to no principal.
    public var principalID: String?
    public var lastRotatedAt: Timestamp?
    /// A hard end of validity: a certificate's notAfter, a role's `VALID UNTIL`.
    public var expiresAt: Timestamp?
    /// What it unlocks: `postgres://db:5432/ehr` for a database login, an endpoint or file for a certificate.
    public var target: String?
    /// The login name (a PostgreSQL role) for database logins.
    public var username: String?
    public var state: State
    public var failedAttempts: Int
    public var lockedUntil: Timestamp?
    public var compromisedAt: Timestamp?
    public var createdAt: Timestamp

    public init(
        id: String, kind: Kind, owner: String, contact: String? = nil, rotationClass: String, principalID: String? = nil,
        lastRotatedAt: Timestamp? = nil, expiresAt: Timestamp? = nil, target: String? = nil, username: String? = nil,
        state: State = .active, failedAttempts: Int = 0, lockedUntil: Timestamp? = nil, compromisedAt: Timestamp? = nil,
        createdAt: Timestamp
    ) {
        self.id = id
        self.kind = kind
        self.owner = owner
        self.contact = contact
        self.rotationClass = rotationClass
        self.principalID = principalID
        self.lastRotatedAt = lastRotatedAt
        self.expiresAt = expiresAt
        self.target = target
        self.username = username
        self.state = state
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.compromisedAt = compromisedAt
        self.createdAt = createdAt
    }

    /// When the credential must next be rotated under `rules`: at once when compromised, else the
    /// earlier of last rotation (or creation) plus the class's maximum age and the hard expiry; nil
    /// when neither applies or the credential is retired.
    public func dueAt(_ rotationClass: RotationClass?) -> Timestamp? {
        if state == .retired { return nil }
        if state == .compromised { return compromisedAt ?? createdAt }
        let byAge = rotationClass?.maximumAge.map { (lastRotatedAt ?? createdAt).adding($0) }
        switch (byAge, expiresAt) {
        case (let age?, let expiry?): return min(age, expiry)
        case (let age?, nil): return age
        case (nil, let expiry?): return expiry
        case (nil, nil): return nil
        }
    }

    /// Checks the record's own fields; ids follow the directory's identifier hygiene (no PHI).
    public func validate() throws(CredentialsError) {
        do {
            try IdentifierHygiene.check(id, what: "credential id")
            try IdentifierHygiene.check(owner, what: "credential owner")
            if let principalID { try IdentifierHygiene.check(principalID, what: "principal id") }
        } catch {
            throw CredentialsError(.invalidCredential, error.message)
        }
        if rotationClass.isEmpty { throw CredentialsError(.invalidCredential, "credential `\(id)` needs a rotation class") }
        if failedAttempts < 0 { throw CredentialsError(.invalidCredential, "credential `\(id)`: failed attempts cannot be negative") }
    }
}
