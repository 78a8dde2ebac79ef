public import AccessModel
public import Foundation

/// API keys and the administrative events recorded without a directory change (a search, a reload).
public protocol APIKeyStore: Sendable {
    func createAPIKey(name: String, scopes: [APIKey.Scope], actor: String, at time: Timestamp) throws -> CreatedAPIKey
    func apiKeys() throws -> [APIKey]
    /// Revokes a key and appends it to the change feed, so every service drops it from its cache.
    func revokeAPIKey(_ id: String, actor: String, at time: Timestamp) throws -> APIKey
    /// The key and the digest of its secret, nil when there is no such key.
    func apiKeyRecord(id: String) throws -> (key: APIKey, digest: [UInt8])?
    @discardableResult
    func recordAdminEvent(action: String, target: String, actor: String, details: String?, at time: Timestamp) throws -> AuditRecord
}

/// Work a backend runs beside a running service (SQLite: passive WAL checkpoints), stopped with it.
public protocol StoreBackgroundWork: AnyObject, Sendable {
    func stop()
}

/// Everything a running service and the operations layer need from a store: the directory with
/// its change feed, the audit log and reviews (`AccessStore`), the credential inventory, API keys,
/// and the backend's durability hooks. `SQLiteStore` is the embedded backend; code outside the
/// store module depends on this protocol, so another backend can fill it.
public protocol PHIGuardStore: AccessStore, CredentialInventory, APIKeyStore {
    /// Forces what is committed onto the disk (with durability `os`, on a timer).
    func syncToDisk() throws
    /// Unlocks every credential whose lockout has run out; returns the principal state changes made.
    func unlockExpired(at time: Timestamp) throws -> [DirectoryChange]
    /// Signs the chain's head when it moved past the last checkpoint; nil when nothing is new.
    func writeCheckpointIfBehind(at time: Timestamp) throws -> AuditCheckpoint?
    /// Starts the backend's background work for a running service; nil when it needs none.
    func startBackgroundWork() throws -> (any StoreBackgroundWork)?
}

extension WALCheckpointer: StoreBackgroundWork {}

extension SQLiteStore: PHIGuardStore {
    public func startBackgroundWork() throws -> (any StoreBackgroundWork)? { try startWALCheckpointer() }
}

/// The one place a backend is chosen: commands and the service open their store here and depend only
/// on `PHIGuardStore`. Today every location is an embedded SQLite file; a PostgreSQL URL will select
/// the replica backend here, without touching its callers.
public func openStore(path: String, keysFolder: URL, durability: Durability = .disk) throws -> any PHIGuardStore {
    try SQLiteStore(path: path, keysFolder: keysFolder, durability: durability)
}
