import Foundation
import Synchronization

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
