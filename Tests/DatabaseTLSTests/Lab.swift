import DatabaseTLS
import Foundation
import LabSupport
import Testing

/// A loopback lab for one test: the test PKI (`scripts/dbtls-lab.sh pki`), database servers the
/// script starts on free ports, and the Python test peers. Everything listens on 127.0.0.1 only
/// and is stopped by `stop()`.
final class Lab: @unchecked Sendable {
    static let repository = ChildProcesses.repository
    static let script = repository.appendingPathComponent("scripts/dbtls-lab.sh").path
    static let peerScript = repository.appendingPathComponent("Tests/DatabaseTLSTests/Peers/peer.py").path

    let folder: URL
    private var peers: [pid_t] = []

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-dbtls-\(UUID().uuidString)")
        try run("pki")
    }

    var trust: String { folder.appendingPathComponent("trust").path }
    func pem(_ name: String) -> String { folder.appendingPathComponent("pki/\(name).pem").path }
    func key(_ name: String) -> String { folder.appendingPathComponent("pki/\(name).key").path }

    func run(_ command: String, _ arguments: String...) throws {
        let (status, output) = try Self.capture(["/bin/bash", Self.script, command, folder.path] + arguments)
        try #require(status == 0, "dbtls-lab.sh \(command) failed: \(output)")
    }

    static func capture(_ command: [String]) throws -> (status: Int32, output: String) { try ChildProcesses.capture(command) }
    static func spawn(_ command: [String], output: String) throws -> pid_t { try ChildProcesses.spawn(command, output: output) }
    static func wait(_ pid: pid_t) -> Int32 { ChildProcesses.wait(pid) }

    /// Starts `peer.py MODE …` and returns the port it printed.
    func peer(_ mode: String, _ arguments: [String] = []) throws -> Int {
        let output = folder.appendingPathComponent("peer-\(peers.count).out").path
        peers.append(try Self.spawn(["python3", "-W", "ignore", Self.peerScript, mode] + arguments, output: output))
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: output, encoding: .utf8), text.hasSuffix("\n"),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return port
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("peer \(mode) did not print its port")
        throw CancellationError()
    }

    static func freePort() -> Int { ChildProcesses.freePort() }

    func stop() {
        for peer in peers {
            kill(peer, SIGTERM)
            _ = Self.wait(peer)
        }
        try? run("stop")
        try? FileManager.default.removeItem(at: folder)
    }

    /// Options trusting the lab's root CA, with a short timeout.
    /// `privateRoots` adds the expired and the short-lived private roots to the anchors, as a client
    /// trust store that still holds them would.
    func options(policy: TLSPolicy = TLSPolicy(), timeout: Double = 5, privateRoots: Bool = false) throws -> CheckOptions {
        let roots = privateRoots ? [pem("expired-root"), pem("short-root")] : []
        var options = CheckOptions(
            anchors: try TrustAnchors(files: [folder.appendingPathComponent("trust/ca.pem").path] + roots, systemTrust: false), policy: policy)
        options.timeoutSeconds = timeout
        return options
    }
}

extension EndpointReport {
    /// The codes of the checks that failed, whatever their severity.
    var failedChecks: Set<CheckID> { Set(checks.filter { $0.outcome == .fail }.map(\.check)) }
}
