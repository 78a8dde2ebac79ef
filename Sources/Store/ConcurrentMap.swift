import Foundation
import Synchronization

/// The processors this process may use, read once: Foundation answers `activeProcessorCount` by
/// reading the cgroup quota files on every call (two opens and reads), which a profile of the HTTP
/// service found at 7% of its samples when asked per request.
package enum Processors {
    package static let active = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

extension Array where Element: Sendable {
    /// `map` over contiguous slices on concurrent threads, one per processor but none smaller than
    /// `minimumPartSize`, results in order; the plain `map` when that leaves fewer than two parts.
    package func concurrentMap<T: Sendable>(minimumPartSize: Int, _ transform: @Sendable (Element) -> T) -> [T] {
        let parts = Swift.min(Processors.active, count / Swift.max(1, minimumPartSize))
        guard parts > 1 else { return map(transform) }
        let results = Mutex<[[T]]>([[T]](repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let mapped = self[count * part / parts..<count * (part + 1) / parts].map(transform)
            results.withLock { $0[part] = mapped }
        }
        return results.withLock { $0.flatMap { $0 } }
    }
}
