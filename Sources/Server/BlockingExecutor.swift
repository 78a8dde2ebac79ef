import Dispatch
import Synchronization

/// Runs blocking calls (SQLite transactions and their fsync, reads of the change feed) on threads
/// of its own, at most `threads` at a time, so they never occupy Swift's cooperative pool: on a
/// two-core machine that pool has two threads, and one blocked call would halve the service.
final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore

    init(label: String, threads: Int) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
        slots = DispatchSemaphore(value: max(1, threads))
    }

    /// Runs `body` on the executor's threads and returns its result to the caller's task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [slots] in
                // Waiting here holds a Dispatch thread, not a cooperative one; the bound keeps a
                // burst of admin writes from spawning a thread each.
                slots.wait()
                defer { slots.signal() }
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
