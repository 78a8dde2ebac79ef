public import AccessModel
import Foundation

/// Decides and audits: the engine over a store's directory and a policy bundle. Every decision
/// is appended to the audit log before it is returned, so an answer never exists without its record.
public struct DecisionService: Sendable {
    public let store: any AccessStore
    public private(set) var engine: AccessEngine

    public init(store: any AccessStore, bundle: PolicyBundle, at now: Timestamp, failClosed: Bool = true) throws {
        self.store = store
        engine = AccessEngine(bundle: bundle, directory: try store.loadDirectory(), at: now, failClosed: failClosed)
    }

    /// Decides `request` and writes its audit record (and review item for break-the-glass).
    public mutating func decide(_ request: AccessRequest) throws -> (AccessDecision, AuditRecord) {
        engine.refresh(at: request.now)
        let decision = engine.decide(request)
        let records = try store.appendDecisions([DecisionAuditEntry(request: request, decision: decision)], at: request.now)
        return (decision, records[0])
    }

    /// Applies and persists an administrative change, then updates the engine.
    @discardableResult
    public mutating func apply(_ change: DirectoryChange, actor: String, at now: Timestamp) throws -> AuditRecord {
        let record = try store.apply(change, actor: actor, at: now)
        try engine.apply(change, at: now)
        return record
    }
}

extension Timestamp {
    /// The current time. Only the edges (store, CLI, server) read the clock; the core takes time
    /// as a value.
    public static var now: Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
}
