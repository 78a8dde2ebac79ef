public import AccessModel
public import Credentials
public import Store

/// Who asks for an operation: an API key (the admin API; the console's sessions later) whose
/// permissions `Policies/service/` decides, or a local operator at the command line, whose
/// authority is write access to the database and key files, named for the audit log.
public struct Caller: Sendable, Hashable {
    public let name: String
    public let key: APIKey?

    public static func key(_ key: APIKey) -> Caller { Caller(name: "key:\(key.id)", key: key) }
    public static func localOperator(_ name: String) -> Caller { Caller(name: name, key: nil) }
}

/// What a change returns: the changed value, its audit record and the directory revision it
/// created (nil for changes outside the directory, such as a closed review).
public struct Changed<Value: Sendable>: Sendable {
    public let value: Value
    /// The audit action and target, as the log records them (`grant.revoke`, `g-42`).
    public let action: String
    public let target: String
    public let auditRecord: Int64
    public let revision: Int64?
}

/// A credential after a change, and the credential state it set on its principal, if it did.
public struct CredentialChanged: Sendable {
    public let record: CredentialRecord
    /// `principal.credential-state` set by the change (a compromise denies the principal at once).
    public let principalChange: DirectoryChange?
}

/// A change of the directory that has no value of its own to return (a suspension, a revocation).
public struct ChangeReceipt: Sendable, Hashable {
    /// `principal.terminate`, `grant.revoke`, …
    public let action: String
    public let target: String
}

/// The operations layer: one typed use case per change the product offers. Each one, in this
/// order and only here: authorizes the actor, validates (the access model's rules, checked by the
/// store against the stored records in the same transaction), persists the change with its audit
/// record in one transaction, advances the directory revision, lets the caller's process catch
/// up (`afterChange`), and returns a typed result or an `OperationError` with a code of the error
/// table. The HTTP admin routes and the CLI commands only parse input and render results.
///
/// Synchronous: the store's transactions block. A service calls these from its blocking
/// executor, never from the cooperative pool.
public final class Operations: Sendable {
    public let store: any PHIGuardStore
    /// The admin API's authorizer as it is now (a policy reload replaces it); nil where only
    /// local operators act (the command line).
    private let authorizer: @Sendable () -> AdminAuthorizer?
    /// Runs after every committed directory change: a service brings its engine to the new
    /// revision before answering, so its next decision reflects the change.
    private let afterChange: @Sendable () throws -> Void
    private let clock: @Sendable () -> Timestamp

    public init(
        store: any PHIGuardStore, authorizer: @escaping @Sendable () -> AdminAuthorizer? = { nil },
        afterChange: @escaping @Sendable () throws -> Void = {},
        clock: @escaping @Sendable () -> Timestamp = { .now }
    ) {
        self.store = store
        self.authorizer = authorizer
        self.afterChange = afterChange
        self.clock = clock
    }

    // MARK: Authorization

    /// Whether `actor` may perform `action`: an API key as `Policies/service/` decides; a local
    /// operator always (their access to the database file is the authority).
    public func authorize(_ actor: Caller, _ action: AdminAction) throws(OperationError) {
        guard let key = actor.key else { return }
        guard let authorizer = authorizer(), authorizer.isAllowed(key, action).allowed else {
            throw OperationError("forbidden", "key `\(key.id)` may not perform `\(action.rawValue)` (Policies/service/)")
        }
    }

    /// Runs a store call, with its error as an `OperationError` of the error table.
    private func stored<T>(_ body: () throws -> T) throws(OperationError) -> T {
        do {
            return try body()
        } catch {
            throw OperationError(error)
        }
    }

    // MARK: Directory

    /// Persists and audits one directory change for `actor`, then lets the process catch up.
    func change(_ change: DirectoryChange, by actor: Caller) throws(OperationError) -> AuditRecord {
        try authorize(actor, .directoryWrite)
        return try stored {
            let record = try store.apply(change, actor: actor.name, at: clock())
            try afterChange()
            return record
        }
    }

    private func changed<Value: Sendable>(_ value: Value, _ record: AuditRecord) -> Changed<Value> {
        Changed(value: value, action: record.action, target: record.target, auditRecord: record.seq, revision: record.directoryRevision)
    }

    private func receipt(_ record: AuditRecord) -> Changed<ChangeReceipt> {
        changed(ChangeReceipt(action: record.action, target: record.target), record)
    }

    public func addPrincipal(_ principal: Principal, by actor: Caller) throws(OperationError) -> Changed<Principal> {
        changed(principal, try change(.addPrincipal(principal), by: actor))
    }

    /// Suspends, reactivates or terminates; termination is final and takes effect everywhere at
    /// the next decision.
    public func setStatus(of principalID: String, to status: Principal.Status, by actor: Caller) throws(OperationError) -> Changed<ChangeReceipt> {
        receipt(try change(.setStatus(principalID: principalID, status: status), by: actor))
    }

    public func setCredentialState(of principalID: String, to state: Principal.CredentialState, by actor: Caller) throws(OperationError)
        -> Changed<ChangeReceipt>
    {
        receipt(try change(.setCredentialState(principalID: principalID, state: state), by: actor))
    }

    public func addRole(_ role: Role, by actor: Caller) throws(OperationError) -> Changed<Role> {
        changed(role, try change(.addRole(role), by: actor))
    }

    public func includeRole(_ includedID: String, in roleID: String, by actor: Caller) throws(OperationError) -> Changed<ChangeReceipt> {
        receipt(try change(.includeRole(roleID: roleID, includedID: includedID), by: actor))
    }

    /// Assigns a role; the assignment records who made it and when.
    public func assignRole(
        principalID: String, roleID: String, validFrom: Timestamp? = nil, validUntil: Timestamp? = nil, by actor: Caller
    ) throws(OperationError) -> Changed<RoleAssignment> {
        let assignment = RoleAssignment(
            principalID: principalID, roleID: roleID, validFrom: validFrom, validUntil: validUntil, assignedBy: actor.name, assignedAt: clock())
        return changed(assignment, try change(.assignRole(assignment), by: actor))
    }

    public func unassignRole(principalID: String, roleID: String, by actor: Caller) throws(OperationError) -> Changed<ChangeReceipt> {
        receipt(try change(.unassignRole(principalID: principalID, roleID: roleID), by: actor))
    }

    public func addGrant(_ grant: Grant, by actor: Caller) throws(OperationError) -> Changed<Grant> {
        changed(grant, try change(.addGrant(grant), by: actor))
    }

    /// Revokes at once, everywhere; the first revocation stays on record.
    public func revokeGrant(_ grantID: String, reason: String, by actor: Caller) throws(OperationError) -> Changed<ChangeReceipt> {
        receipt(try change(.revokeGrant(grantID: grantID, by: actor.name, at: clock(), reason: reason), by: actor))
    }

    // MARK: Break-the-glass reviews

    public func closeReview(_ id: String, outcome: ReviewItem.Outcome, notes: String, by actor: Caller) throws(OperationError) -> ReviewItem {
        try authorize(actor, .reviewsWrite)
        return try stored { try store.closeReview(id, outcome: outcome, by: actor.name, notes: notes, at: clock()) }
    }

    // MARK: API keys

    public func createKey(name: String, scopes: [APIKey.Scope], by actor: Caller) throws(OperationError) -> CreatedAPIKey {
        try authorize(actor, .keysManage)
        return try stored { try store.createAPIKey(name: name, scopes: scopes, actor: actor.name, at: clock()) }
    }

    /// Revokes a key; every service on the database stops accepting it at its next feed read.
    public func revokeKey(_ id: String, by actor: Caller) throws(OperationError) -> APIKey {
        try authorize(actor, .keysManage)
        return try stored {
            let key = try store.revokeAPIKey(id, actor: actor.name, at: clock())
            try afterChange()
            return key
        }
    }

    // MARK: Audit

    public func verifyAudit(witnessed: [WitnessedCheckpoint] = [], by actor: Caller) throws(OperationError) -> AuditVerification {
        try authorize(actor, .auditVerify)
        return try stored { try store.verifyAudit(witnessed: witnessed) }
    }

    public func writeCheckpoint(by actor: Caller) throws(OperationError) -> AuditCheckpoint? {
        try authorize(actor, .auditVerify)
        return try stored { try store.writeCheckpoint(at: clock()) }
    }

    // MARK: Credentials

    /// Imports credentials, all or nothing, audited as one record; returns its sequence number.
    public func importCredentials(_ records: [CredentialRecord], by actor: Caller) throws(OperationError) -> Int64 {
        try authorize(actor, .credentialsWrite)
        return try stored { try store.importCredentials(records, actor: actor.name, at: clock()).seq }
    }

    /// Marks a credential compromised: due at once, and its principal's decisions deny until it is rotated.
    public func markCompromised(_ id: String, by actor: Caller) throws(OperationError) -> CredentialChanged {
        try credentialChange(by: actor) { store, time in try store.markCompromised(id, actor: actor.name, at: time) }
    }

    public func markRotated(_ id: String, expiresAt: Timestamp?, at time: Timestamp? = nil, by actor: Caller) throws(OperationError)
        -> CredentialChanged
    {
        try credentialChange(by: actor) { store, now in try store.markRotated(id, expiresAt: expiresAt, actor: actor.name, at: time ?? now) }
    }

    /// Counts a failed sign-in; past the rotation class's limit the credential (and its principal) locks.
    public func recordFailedAttempt(_ id: String, rules: RotationRules, by actor: Caller) throws(OperationError) -> CredentialChanged {
        try credentialChange(by: actor) { store, time in try store.recordFailedAttempt(id, rules: rules, at: time) }
    }

    public func unlock(_ id: String, by actor: Caller) throws(OperationError) -> CredentialChanged {
        try credentialChange(by: actor) { store, time in try store.unlock(id, actor: actor.name, at: time) }
    }

    /// A credential change that may set its principal's credential state (a directory change):
    /// the process catches up before the answer, as for any directory change.
    private func credentialChange(
        by actor: Caller, _ body: (any PHIGuardStore, Timestamp) throws -> (CredentialRecord, DirectoryChange?)
    ) throws(OperationError) -> CredentialChanged {
        try authorize(actor, .credentialsWrite)
        return try stored {
            let (record, change) = try body(store, clock())
            if change != nil { try afterChange() }
            return CredentialChanged(record: record, principalChange: change)
        }
    }
}
