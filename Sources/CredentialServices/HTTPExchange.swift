import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request, synchronously, with a hard deadline: what the cron job and the checks need.
enum HTTPExchange {
    enum Outcome {
        case answer(status: Int, body: Data)
        case problem(String)
    }

    static func perform(_ request: URLRequest, timeout: TimeInterval) -> Outcome {
        let done = DispatchSemaphore(value: 0)
        let outcome = LockedBox<Outcome>(.problem("no answer within \(Int(timeout)) s"))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                outcome.set(.problem((error as NSError).localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                outcome.set(.answer(status: http.statusCode, body: data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout) == .timedOut { task.cancel() }
        session.finishTasksAndInvalidate()
        return outcome.get()
    }
}
