import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two `phiguard serve` processes and the CLI on one SQLite database: a change made anywhere is
/// what every process decides on, within the feed's poll, and never after its commit returned.
@Suite("Directory changes reach every process", .serialized)
struct PropagationTests {
    /// Every change of the issue's list, made by the CLI or by the other service's admin API, denies
    /// on a service that did not make it, within a second.
    @Test("terminate, suspend, compromised credential, revoked grant, removed assignment: each denies on the other service")
    func everyChangeDeniesEverywhere() throws {
        let lab = try PropagationLab()
        defer { lab.stop() }
        let (first, second) = (try lab.startService(), try lab.startService())

        for (index, person) in ["ana", "ben", "cleo", "dan", "eve"].enumerated() {
            try lab.cli(["principals", "add", "nurse.\(person)", "--name", person, "--department", "cardiology", "--mfa"])
            try lab.cli(["roles", "add", "ward-\(index)"])
            try lab.cli(["roles", "assign", "nurse.\(person)", "ward-\(index)"])
            try lab.cli([
                "grants", "add", "--id", "g-\(person)", "--grantee", "role:ward-\(index)", "--action", "read", "--purpose", "TREAT",
                "--department", "cardiology", "--approver", "cmo", "--justification", "ward care",
            ])
        }
        for person in ["ana", "ben", "cleo", "dan", "eve"] {
            #expect(try lab.waitForDecision(second, subject: "nurse.\(person)", allowed: true) != nil, "nurse.\(person) never allowed")
        }

        // Through the CLI, decided on both services.
        try lab.cli(["principals", "terminate", "nurse.ana"])
        try lab.cli(["principals", "suspend", "nurse.ben"])
        // Through the first service's admin API, decided on the second.
        try lab.admin(first, "/v1/principals/nurse.cleo/credential-state", #"{"state":"compromised"}"#)
        try lab.admin(first, "/v1/grants/g-dan/revoke", #"{"reason":"moved ward"}"#)
        try lab.admin(first, "/v1/assignments/nurse.eve/ward-4", nil, method: "DELETE")

        for person in ["ana", "ben", "cleo", "dan", "eve"] {
            for service in [first, second] {
                let elapsed = try lab.waitForDecision(service, subject: "nurse.\(person)", allowed: false)
                #expect(elapsed != nil, "nurse.\(person) still allowed on port \(service.port)")
                if let elapsed { #expect(elapsed < 1.0, "nurse.\(person) denied only after \(elapsed) s") }
            }
        }
        #expect(try lab.cli(["audit", "verify"]).exitCode == 0)
    }

    /// Decisions keep arriving while the CLI revokes grants one by one; an answer that allowed
    /// through a grant whose revocation had already returned to the CLI would be a failure.
    @Test("no allow through a grant after its revocation returned")
    func noAllowAfterRevocation() throws {
        let lab = try PropagationLab()
        defer { lab.stop() }
        let service = try lab.startService()
        let people = (0..<8).map { "nurse.r\($0)" }
        for person in people {
            try lab.cli(["principals", "add", person, "--name", person, "--department", "cardiology", "--mfa"])
            try lab.cli([
                "grants", "add", "--id", "g-\(person)", "--grantee", "principal:\(person)", "--action", "read", "--purpose", "TREAT",
                "--department", "cardiology", "--approver", "cmo", "--justification", "ward care",
            ])
        }
        #expect(try lab.waitForDecision(service, subject: people[0], allowed: true) != nil)

        let violations = ViolationLog()
        let stop = StopFlag()
        // Two deciding threads; each notes when an answer was received.
        let deciders = (0..<2).map { offset in
            Thread {
                var index = offset
                while !stop.isSet {
                    let person = people[index % people.count]
                    index += 1
                    let sentAt = Date()
                    guard let allowed = try? lab.decide(service, subject: person) else { continue }
                    violations.counted(allowed: allowed)
                    if allowed, let revokedAt = violations.revokedAt(person), revokedAt < sentAt {
                        violations.add("\(person) allowed at \(sentAt) after its revocation returned at \(revokedAt)")
                    }
                }
            }
        }
        deciders.forEach { $0.start() }
        for person in people {
            Thread.sleep(forTimeInterval: 0.1)
            try lab.cli(["grants", "revoke", "g-\(person)", "--reason", "test"])
            violations.revoked(person, at: Date())
        }
        Thread.sleep(forTimeInterval: 0.3)
        stop.set()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(violations.all.isEmpty, "\(violations.all.prefix(5))")
        // The race was real: decisions allowed and denied while the revocations committed.
        #expect(violations.allowed > 0 && violations.denied > 0)
    }
}

/// A temporary database, keys and the repository's `Policies/`, with services started on it and
/// killed (by process id) when the lab stops.
final class PropagationLab: @unchecked Sendable {
    struct Service {
        var process: Process
        var port: Int
    }

    let folder: TemporaryFolder
    let token: String
    private var services: [Service] = []

    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies").path

    var common: [String] {
        [
            "--database", folder.url.appendingPathComponent("db.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path,
            "--policies", Self.policies,
        ]
    }

    init() throws {
        folder = try TemporaryFolder()
        let created = try CLIRunner.run(
            ["keys", "create", "--name", "lab", "--scope", "decide", "--scope", "admin", "--scope", "audit", "--format", "json"]
                + [
                    "--database", folder.url.appendingPathComponent("db.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path,
                    "--policies", Self.policies,
                ])
        guard created.exitCode == 0, let range = created.standardOutput.range(of: #"phg_[A-Za-z0-9_\-]+"#, options: .regularExpression) else {
            throw LabError("keys create failed: \(created.standardError)")
        }
        token = String(created.standardOutput[range])
    }

    @discardableResult
    func cli(_ arguments: [String]) throws -> CLIRunner.Result {
        let result = try CLIRunner.run(arguments + common + ["--actor", "privacy.officer"])
        guard result.exitCode == 0 else { throw LabError("phiguard \(arguments.joined(separator: " ")): \(result.standardError)") }
        return result
    }

    /// Starts `phiguard serve` on a free port and waits until it answers.
    func startService() throws -> Service {
        let portFile = folder.url.appendingPathComponent("port-\(services.count)").path
        let process = Process()
        process.executableURL = CLIRunner.executableURL
        process.arguments = ["serve", "--port", "0", "--port-file", portFile, "--wordlists", folder.url.path] + common
        process.environment = ProcessInfo.processInfo.environment.merging(["PHIGUARD_RELOAD_POLL_SECONDS": "0"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) {
                let service = Service(process: process, port: port)
                services.append(service)
                return service
            }
            guard process.isRunning else { throw LabError("serve exited with \(process.terminationStatus)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        throw LabError("serve did not listen within 60 s")
    }

    func stop() {
        for service in services where service.process.isRunning {
            kill(service.process.processIdentifier, SIGKILL)
            service.process.waitUntilExit()
        }
        services.removeAll()
    }

    func request(_ service: Service, _ path: String, _ body: String?, method: String = "POST") throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(service.port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        request.timeoutInterval = 30
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<(Int, String), any Error> = .failure(LabError("no answer"))
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                outcome = .failure(error)
            } else {
                outcome = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self)))
            }
            done.signal()
        }.resume()
        done.wait()
        return try outcome.get()
    }

    func admin(_ service: Service, _ path: String, _ body: String?, method: String = "POST") throws {
        let (status, text) = try request(service, path, body, method: method)
        guard (200..<300).contains(status) else { throw LabError("\(method) \(path): \(status) \(text)") }
    }

    /// Whether `subject` may read a cardiology record for treatment now, on `service`.
    func decide(_ service: Service, subject: String) throws -> Bool {
        let body = """
            {"subject":{"type":"user","id":"\(subject)"},"action":{"name":"read"},\
            "resource":{"type":"Record","id":"r-1","properties":{"patient":"p-1","departments":["cardiology"],"category":"lab"}},\
            "context":{"purpose_of_use":"TREAT","mfa":true}}
            """
        let (status, text) = try request(service, "/access/v1/evaluation", body)
        guard status == 200 else { throw LabError("evaluation: \(status) \(text)") }
        return text.hasPrefix(#"{"decision":true"#)
    }

    /// Seconds until `subject`'s decision on `service` is `allowed`, or nil after 10 s.
    func waitForDecision(_ service: Service, subject: String, allowed: Bool) throws -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < 10 {
            if try decide(service, subject: subject) == allowed { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }
}

struct LabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

final class ViolationLog: @unchecked Sendable {
    private let lock = NSLock()
    private var revocations: [String: Date] = [:]
    private var violations: [String] = []
    private var counts = (allowed: 0, denied: 0)

    func revoked(_ person: String, at time: Date) { lock.withLock { revocations[person] = time } }
    func revokedAt(_ person: String) -> Date? { lock.withLock { revocations[person] } }
    func add(_ violation: String) { lock.withLock { violations.append(violation) } }
    var all: [String] { lock.withLock { violations } }
    func counted(allowed: Bool) { lock.withLock { if allowed { counts.allowed += 1 } else { counts.denied += 1 } } }
    var allowed: Int { lock.withLock { counts.allowed } }
    var denied: Int { lock.withLock { counts.denied } }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
