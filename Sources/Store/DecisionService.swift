public import AccessModel
import Foundation

/// Decides and audits: the engine over a store's directory and a policy bundle. Every decision
/// is appended to the audit log before it is returned, so an answer never exists without its record.
public struct DecisionService: Sendable {
    public let store: any AccessStore
    public private(set) var engine: AccessEngine
    /// The directory revision `engine` holds.
    public private(set) var revision: Int64

    public init(store: any AccessStore, bundle: PolicyBundle, at now: Timestamp, failClosed: Bool = true) throws {
        self.store = store
        let (directory, revision) = try store.loadDirectorySnapshot()
        engine = AccessEngine(bundle: bundle, directory: directory, at: now, failClosed: failClosed)
        self.revision = revision
    }

    /// Decides `request` and writes its audit record (and review item for break-the-glass). When
    /// another process committed a directory change meanwhile, the store refuses the record and
    /// the request is decided again on the newer directory.
    public mutating func decide(_ request: AccessRequest) throws -> (AccessDecision, AuditRecord) {
        for _ in 0..<Self.maximumAttempts {
            engine.refresh(at: request.now)
            let decision = engine.decide(request)
            do {
                let records = try store.appendDecisions(
                    [DecisionAuditEntry(request: request, decision: decision, revision: revision)], at: request.now)
                return (decision, records[0])
            } catch let error as StoreError where error.code == .staleDirectory {
                try catchUp(at: request.now)
            }
        }
        throw StoreError(.staleDirectory, "the directory kept changing while deciding; try again")
    }

    static let maximumAttempts = 5

    /// Applies the changes committed after `revision`, in order.
    public mutating func catchUp(at now: Timestamp) throws {
        while true {
            let entries = try store.directoryChanges(after: revision, limit: 1_000)
            guard let last = entries.last else { return }
            guard engine.follow(entries, at: now) else { return try reload(at: now) }
            revision = last.revision
        }
    }

    private mutating func reload(at now: Timestamp) throws {
        let (directory, revision) = try store.loadDirectorySnapshot()
        engine = AccessEngine(bundle: engine.bundle, directory: directory, at: now, failClosed: engine.failClosed)
        self.revision = revision
    }

    /// Applies and persists an administrative change, then brings the engine up to its revision.
    @discardableResult
    public mutating func apply(_ change: DirectoryChange, actor: String, at now: Timestamp) throws -> AuditRecord {
        let record = try store.apply(change, actor: actor, at: now)
        try catchUp(at: now)
        return record
    }
}

extension Timestamp {
    /// The current time. Only the edges (store, CLI, server) read the clock; the core takes time
    /// as a value.
    public static var now: Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
}
