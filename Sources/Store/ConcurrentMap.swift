import Foundation
import Synchronization

/// The processors this process may use, read once: Foundation answers `activeProcessorCount` by
/// reading the cgroup quota files on every call (two opens and reads), which a profile of the HTTP
/// service found at 7% of its samples when asked per request.
package enum Processors {
    package static let active = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

extension Array where Element: Sendable {
    /// `map` over `parts` contiguous slices on concurrent threads, results in order; the plain
    /// `map` when there are fewer than two parts. For work large enough to pay for the hand-off.
    package func concurrentMap<T: Sendable>(parts: Int, _ transform: @Sendable (Element) -> T) -> [T] {
        guard parts > 1 else { return map(transform) }
        let results = Mutex<[[T]]>([[T]](repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let mapped = self[count * part / parts..<count * (part + 1) / parts].map(transform)
            results.withLock { $0[part] = mapped }
        }
        return results.withLock { $0.flatMap { $0 } }
    }
}
