import Foundation
import Synchronization

extension TLSChecker {
    /// Checks every endpoint on up to `concurrency` threads (the work is blocking I/O, so threads, not
    /// tasks) and returns the reports in input order. `progress` is called after each endpoint with
    /// the number done so far, from whichever thread finished it.
    public static func checkAll(
        _ endpoints: [Endpoint], options: CheckOptions, concurrency: Int = 32, progress: (@Sendable (Int) -> Void)? = nil
    ) -> [EndpointReport] {
        guard !endpoints.isEmpty else { return [] }
        // OpenSSL's client context takes a millisecond or two to build (providers, ciphers): build it
        // while the first connections wait for their servers, not after.
        DispatchQueue.global().async { _ = ClientContext.shared }
        let state = Mutex<(next: Int, done: Int, reports: [EndpointReport?])>((0, 0, Array(repeating: nil, count: endpoints.count)))
        let workers = max(1, min(concurrency, endpoints.count))
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            let thread = Thread {
                while true {
                    let index = state.withLock { state -> Int? in
                        guard state.next < endpoints.count else { return nil }
                        defer { state.next += 1 }
                        return state.next
                    }
                    guard let index else { break }
                    let report = check(endpoints[index], options: options)
                    let done = state.withLock { state -> Int in
                        state.reports[index] = report
                        state.done += 1
                        return state.done
                    }
                    progress?(done)
                }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
        return state.withLock { $0.reports.map { $0! } }
    }
}
