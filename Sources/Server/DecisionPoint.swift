import AccessModel
import Cedar
import Dispatch
import Foundation
import HTTPTypes
import Operations
import Store
import Synchronization

/// The live policy set: what `/health` reports and a reload replaces.
struct LivePolicySet: Sendable {
    var fingerprint: String
    var serviceFingerprint: String
    var loadedAt: Timestamp
    var policyCount: Int
}

/// The service's decision state: the engine over the store's directory at one directory revision
/// and the live policies, shared by every request. Decisions read it concurrently under a read
/// lock; the change feed, administrative changes and reloads replace it under the write lock, one
/// at a time.
///
/// The engine only ever moves forward along the store's change feed (`catchUp`), whichever process
/// committed the change: this service's admin API, the CLI, or another service on the same
/// database. A decision's audit record carries the revision it was made on, and the store refuses
/// it when a later revision has committed, so the decision is made again (`decide`).
final class DecisionPoint: Sendable {
    struct State {
        var engine: AccessEngine
        var admin: AdminAuthorizer
        var live: LivePolicySet
        /// The directory revision `engine` holds.
        var revision: Int64
    }

    let store: any PHIGuardStore
    let policiesPath: String
    let audit: AuditBatcher
    let metrics: ServiceMetrics
    let auditSyncInterval: Duration?
    /// Past this without a successful read of the change feed, PHI decisions fail closed.
    let staleAfter: Duration
    /// SQLite calls from request handlers run here, never on the cooperative pool.
    let blocking = BlockingExecutor(label: "phiguard-store", threads: 2)
    private let state: ReadWriteLocked<State>
    /// Serializes writers (admin changes, the feed, reloads) so each sees the last one's result.
    private let writers = Mutex<Void>(())
    private let lastReloadError = Mutex<String?>(nil)
    /// When the change feed was last read successfully (nanoseconds of the monotonic clock).
    private let feedReadAt = Atomic<UInt64>(DispatchTime.now().uptimeNanoseconds)
    private let feedFailure = Mutex<String?>(nil)
    /// Told of feed entries that are not directory changes (an API key revoked elsewhere).
    private let feedObservers = Mutex<[@Sendable (FeedEntry) -> Void]>([])

    init(
        store: any PHIGuardStore, policiesPath: String, metrics: ServiceMetrics, auditSyncInterval: Duration? = nil,
        staleAfter: Duration = .seconds(2),
        failClosed: Bool = true
    ) throws {
        self.store = store
        self.policiesPath = policiesPath
        self.metrics = metrics
        self.auditSyncInterval = auditSyncInterval
        self.staleAfter = staleAfter
        audit = AuditBatcher(store: store, syncInterval: auditSyncInterval)
        let now = Timestamp.now
        let bundle: PolicyBundle
        let admin: AdminAuthorizer
        let directory: AccessDirectory
        let revision: Int64
        do {
            (bundle, admin) = try Self.loadPolicies(policiesPath)
            (directory, revision) = try store.loadDirectorySnapshot()
        } catch {
            audit.drainAndStop()  // no writer thread outlives a service that failed to start
            throw error
        }
        let engine = AccessEngine(bundle: bundle, directory: directory, at: now, failClosed: failClosed)
        state = ReadWriteLocked(
            State(
                engine: engine, admin: admin,
                live: LivePolicySet(
                    fingerprint: bundle.fingerprint, serviceFingerprint: admin.fingerprint, loadedAt: now, policyCount: bundle.policies.count),
                revision: revision))
        metrics.reloadSucceeded(at: now)
        metrics.directoryRevisionApplied(revision)
    }

    /// `Policies/` for PHI decisions and `Policies/service/` for the admin API, both validated.
    static func loadPolicies(_ path: String) throws -> (PolicyBundle, AdminAuthorizer) {
        let bundle = try PolicyFolder.load(path)
        let service = try PolicyFolder.load(path + "/service")
        return (bundle, try AdminAuthorizer(bundle: service))
    }

    var live: LivePolicySet { state.read { $0.live } }
    var reloadError: String? { lastReloadError.withLock { $0 } }

    /// The outcome of deciding a batch: its decisions, the audit records of those kept, and the
    /// directory revision they were made on.
    struct Decided {
        var decisions: [AccessDecision]
        var records: [AuditRecord]
        var revision: Int64
    }

    /// How often a batch is decided again because a directory change committed meanwhile.
    static let maximumAttempts = 5

    /// Decides every request and waits until the audit records of the first `keep(decisions)` are
    /// durable. A change that commits before the records do makes the store refuse them; the
    /// batch is then decided again on the new directory, so no answer reflects a directory that
    /// a committed revocation or termination has already replaced.
    func decide(_ requests: [AccessRequest], keep: ([AccessDecision]) -> Int = { $0.count }) async throws -> Decided {
        let start = ContinuousClock.now
        for _ in 0..<Self.maximumAttempts {
            try await ensureFresh()
            let (decisions, revision) = evaluate(requests)
            let kept = keep(decisions)
            guard kept > 0 else { return Decided(decisions: decisions, records: [], revision: revision) }
            let entries = zip(requests.prefix(kept), decisions.prefix(kept)).map {
                DecisionAuditEntry(request: $0, decision: $1, revision: revision)
            }
            do {
                let records = try await audit.append(entries)
                metrics.recordDecisions(Array(decisions.prefix(kept)), duration: ContinuousClock.now - start)
                return Decided(decisions: decisions, records: records, revision: revision)
            } catch let error as StoreError where error.code == .staleDirectory {
                metrics.decisionRetried()
                try await blocking.run { try self.catchUp() }
            }
        }
        throw APIError("stale_directory", "the directory kept changing while deciding; try again")
    }

    /// A batch is decided on several cores only when each core gets at least this many items.
    static let itemsPerParallelPart = 16

    /// Decides without auditing (searches audit one summary record instead), with the revision
    /// decided on. Callers make sure of a fresh directory first (`ensureFresh`).
    func evaluate(_ requests: [AccessRequest]) -> ([AccessDecision], Int64) {
        refreshIfNeeded(at: requests.map(\.now).max() ?? .now)
        return state.read { state in
            // A large batch is split across the cores (decisions are independent and the engine
            // is read-only here); small ones are not worth the hand-off.
            let engine = state.engine
            let decisions = requests.concurrentMap(minimumPartSize: Self.itemsPerParallelPart) {
                engine.decide($0)
            }
            return (decisions, state.revision)
        }
    }

    /// How long ago the change feed was last read.
    var feedAge: Duration {
        let now = DispatchTime.now().uptimeNanoseconds
        let then = feedReadAt.load(ordering: .acquiring)
        return .nanoseconds(Int64(now > then ? now - then : 0))
    }

    /// Why decisions fail closed now, if they do.
    var staleness: String? {
        guard feedAge > staleAfter else { return nil }
        let reason = feedFailure.withLock { $0 } ?? "not read"
        return "the directory change feed has not been read for \(feedAge.milliseconds) ms (limit \(staleAfter.milliseconds) ms): \(reason)"
    }

    /// Reads the feed now when the follower has not within half of `staleAfter` (it may not run at
    /// all: an embedding or a test that drives the router alone; half, so the check that follows
    /// never lands just past the bound), then fails closed if that failed too.
    func ensureFresh() async throws {
        // A read that itself took long (a disk stalled under other work) is retried: the data is
        // as fresh as the read's start, so one slow read can leave the directory stale.
        for _ in 0..<3 where feedAge > staleAfter / 2 {
            guard (try? await blocking.run { try self.catchUp() }) != nil else { break }
        }
        try checkFresh()
    }

    func checkFresh() throws(APIError) {
        if let staleness {
            throw APIError("stale_directory", "no PHI decision is made on a directory that may be out of date; \(staleness)")
        }
    }

    var revision: Int64 { state.read { $0.revision } }

    func observeFeed(_ observer: @escaping @Sendable (FeedEntry) -> Void) { feedObservers.withLock { $0.append(observer) } }

    /// Applies every change committed after the engine's revision, in revision order, and records
    /// that the feed was read. Blocking (SQLite): call it from the follower's thread or through
    /// `blocking`. A change that does not apply to the engine (it should always apply: the store
    /// checked it against the same directory) makes the engine load the directory again.
    func catchUp() throws {
        try writers.withLock { _ in
            do {
                try catchUpLocked()
                feedFailure.withLock { $0 = nil }
            } catch {
                feedFailure.withLock { $0 = Self.describe(error) }
                throw error
            }
        }
    }

    private func catchUpLocked() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        while true {
            let applied = state.read { $0.revision }
            let entries = try store.directoryChanges(after: applied, limit: 1_000)
            guard let last = entries.last else { break }
            let now = Timestamp.now
            let needsReload = state.write { state -> Bool in
                guard state.engine.follow(entries, at: now) else { return true }
                state.revision = last.revision
                return false
            }
            let observers = feedObservers.withLock { $0 }
            for entry in entries where entry.change == nil && !entry.reload {
                for observer in observers { observer(entry) }
            }
            if needsReload {
                try reloadDirectory(at: now)
                break
            }
            metrics.directoryRevisionApplied(last.revision)
        }
        feedReadAt.store(max(started, feedReadAt.load(ordering: .relaxed)), ordering: .releasing)
    }

    /// Loads the whole directory at its current revision (after an import, or if the engine and
    /// the feed ever disagreed) and swaps it in.
    private func reloadDirectory(at now: Timestamp) throws {
        let (directory, revision) = try store.loadDirectorySnapshot()
        let (bundle, failClosed) = state.read { ($0.engine.bundle, $0.engine.failClosed) }
        let engine = AccessEngine(bundle: bundle, directory: directory, at: now, failClosed: failClosed)
        state.write {
            $0.engine = engine
            $0.revision = revision
        }
        metrics.directoryRevisionApplied(revision)
    }

    /// Waits, at most `staleAfter`, until the engine holds revision `wanted` or later (a client's
    /// consistency token); 503 `stale_directory` when it cannot get there in time, 400
    /// `invalid_header` for a revision that no change has created.
    func awaitRevision(_ wanted: Int64) async throws {
        guard revision < wanted else { return }
        let committed = try await blocking.run { try self.store.directoryRevision() }
        guard wanted <= committed else {
            throw APIError(
                "invalid_header", "`PHIGuard-Min-Revision` \(wanted) is not a revision of this directory (the latest committed is \(committed))")
        }
        let deadline = ContinuousClock.now + staleAfter
        while ContinuousClock.now < deadline {
            try? await blocking.run { try self.catchUp() }
            if revision >= wanted { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw APIError(
            "stale_directory", "directory revision \(wanted) was asked for; this service holds \(revision) after \(staleAfter.milliseconds) ms")
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

    /// After the operations layer committed a change: on disk before the answer (directory
    /// changes are rare and must never be lost, whatever the decision log's durability), and the
    /// engine at the new revision, so the caller's next decision reflects it. Blocking.
    func changeCommitted() throws {
        if auditSyncInterval != nil { try store.syncToDisk() }
        // The change is committed whatever happens next: a failed read of the feed here must not
        // report it as failed. The follower retries, and a decision on the old directory is
        // refused by the store all the same.
        try? catchUp()
    }

    /// The admin authorizer of the live policy set.
    var adminAuthorizer: AdminAuthorizer { state.read { $0.admin } }

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
                throw APIError("policy_set_invalid", "the policy set was refused, the last good set keeps serving: \(message)")
            }
            let live = state.read { $0.live }
            if live.fingerprint == bundle.fingerprint && live.serviceFingerprint == admin.fingerprint {
                lastReloadError.withLock { $0 = nil }
                return live
            }
            let failClosed = state.read { $0.engine.failClosed }
            let (directory, revision) = state.read { ($0.engine.directory, $0.revision) }
            let engine = AccessEngine(bundle: bundle, directory: directory, at: now, failClosed: failClosed)
            let updated = LivePolicySet(
                fingerprint: bundle.fingerprint, serviceFingerprint: admin.fingerprint, loadedAt: now, policyCount: bundle.policies.count)
            state.write { $0 = State(engine: engine, admin: admin, live: updated, revision: revision) }
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

extension Duration {
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
