import AccessModel
import Cedar
import Foundation
import HTTPTypes
import Store
import Synchronization

/// The live policy set: what `/health` reports and a reload replaces.
struct LivePolicySet: Sendable {
    var fingerprint: String
    var serviceFingerprint: String
    var loadedAt: Timestamp
    var policyCount: Int
}

/// The service's decision state: the engine over the store's directory and the live policies,
/// shared by every request. Decisions read it concurrently under a read lock; administrative
/// changes and reloads replace it under the write lock, one at a time.
final class DecisionPoint: Sendable {
    struct State {
        var engine: AccessEngine
        var admin: AdminAuthorizer
        var live: LivePolicySet
    }

    let store: SQLiteStore
    let policiesPath: String
    let audit: AuditBatcher
    let metrics: ServiceMetrics
    let auditSyncInterval: Duration?
    private let state: ReadWriteLocked<State>
    /// Serializes writers (admin changes, reloads) so each sees the last one's result.
    private let writers = Mutex<Void>(())
    private let lastReloadError = Mutex<String?>(nil)

    init(store: SQLiteStore, policiesPath: String, metrics: ServiceMetrics, auditSyncInterval: Duration? = nil, failClosed: Bool = true) throws {
        self.store = store
        self.policiesPath = policiesPath
        self.metrics = metrics
        self.auditSyncInterval = auditSyncInterval
        audit = AuditBatcher(store: store, syncInterval: auditSyncInterval)
        let now = Timestamp.now
        let bundle: PolicyBundle
        let admin: AdminAuthorizer
        let directory: AccessDirectory
        do {
            (bundle, admin) = try Self.loadPolicies(policiesPath)
            directory = try store.loadDirectory()
        } catch {
            audit.drainAndStop()  // no writer thread outlives a service that failed to start
            throw error
        }
        let engine = AccessEngine(bundle: bundle, directory: directory, at: now, failClosed: failClosed)
        state = ReadWriteLocked(
            State(
                engine: engine, admin: admin,
                live: LivePolicySet(
                    fingerprint: bundle.fingerprint, serviceFingerprint: admin.fingerprint, loadedAt: now, policyCount: bundle.policies.count)))
        metrics.reloadSucceeded(at: now)
    }

    /// `Policies/` for PHI decisions and `Policies/service/` for the admin API, both validated.
    static func loadPolicies(_ path: String) throws -> (PolicyBundle, AdminAuthorizer) {
        let bundle = try PolicyFolder.load(path)
        let service = try PolicyFolder.load(path + "/service")
        return (bundle, try AdminAuthorizer(bundle: service))
    }

    var live: LivePolicySet { state.read { $0.live } }
    var reloadError: String? { lastReloadError.withLock { $0 } }

    /// Decides every request, then waits until all their audit records are durable.
    func decide(_ requests: [AccessRequest]) async throws -> [(AccessDecision, AuditRecord)] {
        let start = ContinuousClock.now
        let decisions = evaluate(requests)
        let records = try await record(requests, decisions, since: start)
        return Array(zip(decisions, records))
    }

    /// Writes the audit records of decisions already made and returns once they are durable.
    func record(_ requests: [AccessRequest], _ decisions: [AccessDecision], since start: ContinuousClock.Instant) async throws -> [AuditRecord] {
        guard !requests.isEmpty else { return [] }
        let records = try await audit.append(zip(requests, decisions).map { DecisionAuditEntry(request: $0, decision: $1) })
        metrics.recordDecisions(decisions, duration: ContinuousClock.now - start)
        return records
    }

    /// A batch is decided on several cores only when each core gets at least this many items.
    static let itemsPerParallelPart = 16

    /// Decides without auditing each answer (searches audit one summary record instead).
    func evaluate(_ requests: [AccessRequest]) -> [AccessDecision] {
        refreshIfNeeded(at: requests.map(\.now).max() ?? .now)
        return state.read { state in
            // A large batch is split across the cores (decisions are independent and the engine
            // is read-only here); small ones are not worth the hand-off.
            let engine = state.engine
            return requests.concurrentMap(minimumPartSize: Self.itemsPerParallelPart) {
                engine.decide($0)
            }
        }
    }

    private func refreshIfNeeded(at now: Timestamp) {
        let stale = state.read { state in state.engine.entitiesValidUntil.map { now >= $0 } ?? false }
        if stale { state.write { $0.engine.refresh(at: now) } }
    }

    /// Reads the directory without copying it.
    func withDirectory<T>(_ body: (AccessDirectory) throws -> T) rethrows -> T {
        try state.read { try body($0.engine.directory) }
    }

    func authorizeAdmin(_ key: APIKey, _ action: AdminAction) -> (allowed: Bool, policies: [String]) {
        state.read { $0.admin.isAllowed(key, action) }
    }

    /// Persists and audits a change, then applies it to the live engine.
    func apply(_ change: DirectoryChange, actor: String) throws -> AuditRecord {
        try writers.withLock { _ in
            let now = Timestamp.now
            let record = try store.apply(change, actor: actor, at: now)
            // Directory changes are rare and must never be lost: on disk before the answer,
            // whatever the decision log's durability.
            if auditSyncInterval != nil { try store.syncToDisk() }
            try state.write { try $0.engine.apply(change, at: now) }
            return record
        }
    }

    /// Applies to the live engine a change the store already persisted and audited (a credential
    /// compromise or lockout setting its principal's credential state).
    func mirror(_ change: DirectoryChange) throws {
        try writers.withLock { _ in
            if auditSyncInterval != nil { try store.syncToDisk() }
            try state.write { try $0.engine.apply(change, at: .now) }
        }
    }

    /// Loads, validates and atomically swaps in the policy folder. An invalid folder is refused
    /// and the last good set keeps serving.
    @discardableResult
    func reload(actor: String) throws -> LivePolicySet {
        try writers.withLock { _ in
            let now = Timestamp.now
            let bundle: PolicyBundle
            let admin: AdminAuthorizer
            do {
                (bundle, admin) = try Self.loadPolicies(policiesPath)
            } catch {
                let message = Self.describe(error)
                lastReloadError.withLock { $0 = message }
                metrics.reloadFailed()
                throw APIError(.unprocessableContent, "policy_set_invalid", "the policy set was refused, the last good set keeps serving: \(message)")
            }
            let live = state.read { $0.live }
            if live.fingerprint == bundle.fingerprint && live.serviceFingerprint == admin.fingerprint {
                lastReloadError.withLock { $0 = nil }
                return live
            }
            let failClosed = state.read { $0.engine.failClosed }
            let directory = state.read { $0.engine.directory }
            let engine = AccessEngine(bundle: bundle, directory: directory, at: now, failClosed: failClosed)
            let updated = LivePolicySet(
                fingerprint: bundle.fingerprint, serviceFingerprint: admin.fingerprint, loadedAt: now, policyCount: bundle.policies.count)
            state.write { $0 = State(engine: engine, admin: admin, live: updated) }
            lastReloadError.withLock { $0 = nil }
            metrics.reloadSucceeded(at: now)
            _ = try? store.recordAdminEvent(
                action: "policies.reload", target: bundle.fingerprint, actor: actor, details: "{\"policies\":\(bundle.policies.count)}", at: now)
            return updated
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: error.message
        case let error as PolicyBundle.Problems: error.messages.prefix(5).joined(separator: "; ")
        case let error as PolicySetError: error.message
        default: "\(error)"
        }
    }
}
