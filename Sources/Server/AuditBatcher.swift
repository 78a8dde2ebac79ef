import AccessModel
import Foundation
import HTTPTypes
import Store
import Synchronization

/// Group commit for decision audit records. Every decision waits until its record is durable
/// (an answer never exists without its record), but concurrent decisions share one SQLite
/// transaction, so the fsync cost is paid per batch rather than per request.
///
/// The writer is a dedicated thread: SQLite calls block, and blocking the cooperative pool (two
/// threads on a two-core machine) would stall every request. The service group starts and stops
/// it (`AuditWriter`).
final class AuditBatcher: @unchecked Sendable {
    private struct Pending {
        var entries: [DecisionAuditEntry]
        var continuation: CheckedContinuation<[AuditRecord], any Error>
    }

    private let store: any PHIGuardStore
    /// With `Durability.os`, how often committed records are forced to disk; nil: every commit is.
    private let syncInterval: Duration?
    private var lastSync = ContinuousClock.now
    private var unsynced = false
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var pendingEntries = 0
    private var stopping = false
    private var stopped = false
    /// Entries written per transaction at most: bounds the latency of the first in a burst.
    private let maximumBatch: Int
    private let written = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let lastWriteFailed = Atomic<Bool>(false)

    /// With every commit fsynced, passive checkpoints beside the writer keep its own automatic
    /// checkpoints short (see `WALCheckpointer`). With `Durability.os` the timed sync checkpoints.
    private var checkpointer: (any StoreBackgroundWork)?
    private var started = false

    /// Nothing runs until `start()`: the `AuditWriter` Service of the service group starts the
    /// writer and stops it after the server has finished its requests.
    init(store: any PHIGuardStore, syncInterval: Duration? = nil, maximumBatch: Int = 4096) {
        self.store = store
        self.syncInterval = syncInterval
        self.maximumBatch = maximumBatch
    }

    /// Starts the writer thread (and the WAL checkpointer beside it); a second call does nothing.
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started, !stopping else { return }
        started = true
        // Without it the service still works (the writer checkpoints as before), only with longer pauses.
        checkpointer = syncInterval == nil ? try? store.startBackgroundWork() : nil
        let thread = Thread { [self] in run() }
        thread.name = "phiguard-audit"
        thread.start()
    }

    /// Records waiting to be written: the audit backlog the metrics report.
    var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return pendingEntries
    }

    var recordsWritten: Int { written.load(ordering: .relaxed) }
    var writeFailures: Int { failures.load(ordering: .relaxed) }
    /// Whether the last write failed: readiness reports it until a write succeeds again.
    var isFailing: Bool { lastWriteFailed.load(ordering: .relaxed) }

    /// Appends `entries` and returns their records once they are durable.
    func append(_ entries: [DecisionAuditEntry]) async throws -> [AuditRecord] {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(throwing: APIError("shutting_down", "the service is shutting down"))
                return
            }
            pending.append(Pending(entries: entries, continuation: continuation))
            pendingEntries += entries.count
            condition.signal()
            condition.unlock()
        }
    }

    /// Writes everything already queued, then stops the writer (graceful shutdown).
    func drainAndStop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while started && !stopped { condition.wait() }
        // A writer that never started leaves no one waiting: nothing it queued was acknowledged.
        for item in pending { item.continuation.resume(throwing: APIError("shutting_down", "the service is shutting down")) }
        pending.removeAll()
        let checkpointer = checkpointer
        condition.unlock()
        checkpointer?.stop()
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopping {
                if unsynced, let syncInterval {
                    condition.unlock()
                    syncIfDue(syncInterval)
                    condition.lock()
                    if pending.isEmpty && !stopping && unsynced { _ = condition.wait(until: Date().addingTimeInterval(0.01)) }
                } else {
                    condition.wait()
                }
            }
            if pending.isEmpty && stopping {
                if unsynced { sync() }
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            var batch: [Pending] = []
            var count = 0
            while let first = pending.first, batch.isEmpty || count + first.entries.count <= maximumBatch {
                batch.append(pending.removeFirst())
                count += first.entries.count
            }
            pendingEntries -= count
            condition.unlock()
            write(batch)
        }
    }

    private func syncIfDue(_ interval: Duration) {
        if ContinuousClock.now - lastSync >= interval { sync() }
    }

    private func sync() {
        do {
            try store.syncToDisk()
            unsynced = false
        } catch {
            failures.add(1, ordering: .relaxed)
        }
        lastSync = ContinuousClock.now
    }

    private func write(_ batch: [Pending]) {
        do {
            let results = try store.appendDecisionGroups(batch.map(\.entries), at: .now)
            written.add(results.reduce(0) { $0 + ((try? $1.get().count) ?? 0) }, ordering: .relaxed)
            lastWriteFailed.store(false, ordering: .relaxed)
            if let syncInterval {
                unsynced = true
                syncIfDue(syncInterval)
            }
            // A stale group gets its StoreError: the decision point decides it again.
            for (item, result) in zip(batch, results) { item.continuation.resume(with: result.mapError { $0 }) }
        } catch {
            failures.add(1, ordering: .relaxed)
            lastWriteFailed.store(true, ordering: .relaxed)
            // Fail closed: without a durable record no decision is returned.
            let failure = APIError("audit_unavailable", "the audit log could not be written, so no decision is returned")
            for item in batch { item.continuation.resume(throwing: failure) }
        }
    }
}
