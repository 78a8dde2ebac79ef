import ArgumentParser
import Cedar

/// `phiguard cedar bench`: loads once, then times every decision inside the process.
/// Prints `{"decisions":N,"median_us":…,"p99_us":…,"wall_s":…}`.
struct CedarBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time in-process decisions over a requests file."
    )

    @OptionGroup var inputs: CedarInputs

    @Option(name: .long, help: "Requests as JSON lines.")
    var requests: String

    @Option(name: .customLong("repeat"), help: "How many times to run the whole requests file.")
    var repeatCount: Int = 1

    func validate() throws {
        guard repeatCount >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try inputs.load()
            var parsed: [Request] = []
            for (line, json) in try readRequestLines(requests) {
                parsed.append(try buildRequest(json, with: loaded, label: "\(requests) line \(line)"))
            }
            let result = DecisionTimer.run(parsed, repeat: repeatCount, policies: loaded.policies, entities: loaded.entities)
            print(result.json.serialized)
        }
    }
}

/// Times each decision with a monotonic clock and summarises the distribution.
enum DecisionTimer {
    struct Result {
        var decisions: Int
        var medianMicroseconds: Double
        var p99Microseconds: Double
        var wallSeconds: Double
        var allowed: Int

        var json: JSON {
            func number(_ value: Double) -> JSON { .number(String(Double(Int(value * 1000)) / 1000)) }
            return .object(
                JSONObject([
                    ("decisions", .number(String(decisions))), ("median_us", number(medianMicroseconds)),
                    ("p99_us", number(p99Microseconds)), ("wall_s", number(wallSeconds)), ("allowed", .number(String(allowed))),
                ]))
        }
    }

    static func run(_ requests: [Request], repeat count: Int, policies: PolicySet, entities: Entities) -> Result {
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(requests.count * count)
        var allowed = 0
        let wallStart = clock.now
        for _ in 0..<count {
            for request in requests {
                let start = clock.now
                let response = Authorizer.isAuthorized(request, policies: policies, entities: entities)
                let elapsed = clock.now - start
                if response.decision == .allow { allowed += 1 }
                samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
        }
        let wall = clock.now - wallStart
        samples.sort()
        func percentile(_ p: Double) -> Double {
            samples.isEmpty ? 0 : samples[min(samples.count - 1, Int(Double(samples.count) * p))]
        }
        return Result(
            decisions: samples.count, medianMicroseconds: percentile(0.5), p99Microseconds: percentile(0.99),
            wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18, allowed: allowed)
    }
}
