import Foundation
import GRDB

/// Copies the write-ahead log into the database file from a connection of its own, on a timer.
///
/// SQLite checkpoints on the connection that commits once the log passes `wal_autocheckpoint`
/// pages: the writer then copies every page changed since the last checkpoint and fsyncs the
/// database file before it can start its next transaction, and every audit record waiting for that
/// transaction waits too (25–100 ms on the development machine: the HTTP service's p99 at half
/// load). Passive checkpoints from another connection every few hundred milliseconds do that work
/// beside the writer, so the writer's own checkpoints find little left to copy or sync. A passive
/// checkpoint never waits for readers or the writer, and never blocks them.
public final class WALCheckpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let interval: TimeInterval
    private let condition = NSCondition()
    private var stopping = false
    private var stopped = false
    private var lastResult: (logFrames: Int, checkpointedFrames: Int)?

    init(path: String, interval: Duration) throws {
        connection = try DatabaseQueue(path: path)
        let (seconds, attoseconds) = interval.components
        self.interval = max(0.001, Double(seconds) + Double(attoseconds) / 1e18)
        let thread = Thread { [self] in run() }
        thread.name = "phiguard-checkpoint"
        thread.start()
    }

    /// Stops the timer (a checkpoint in progress finishes first). The thread holds the checkpointer
    /// until then.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    /// The log size and frames copied by the last checkpoint, once one has run (tests).
    package var progress: (logFrames: Int, checkpointedFrames: Int)? {
        condition.lock()
        defer { condition.unlock() }
        return lastResult
    }

    private func run() {
        while true {
            condition.lock()
            if !stopping { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            if stopping {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
            // A failure (the file went away, a busy checkpointer lock) is retried on the next tick:
            // the writer's own automatic checkpoints still keep the log bounded.
            let row = try? connection.inDatabase { try Row.fetchOne($0, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            condition.lock()
            if let row, let log = row[1] as Int?, let copied = row[2] as Int? { lastResult = (log, copied) }
            condition.unlock()
        }
    }
}

extension SQLiteStore {
    /// Starts passive checkpoints from a connection of their own every `interval` (see
    /// `WALCheckpointer`); nil for an in-memory store, which has no log.
    public func startWALCheckpointer(every interval: Duration = .milliseconds(250)) throws -> WALCheckpointer? {
        guard database is DatabasePool else { return nil }
        do {
            return try WALCheckpointer(path: database.path, interval: interval)
        } catch {
            throw Self.storeError(error, path: database.path)
        }
    }
}
