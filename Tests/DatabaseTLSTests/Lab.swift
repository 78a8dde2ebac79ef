import DatabaseTLS
import Foundation
import Testing

/// A loopback lab for one test: the test PKI (`scripts/dbtls-lab.sh pki`), database servers the
/// script starts on free ports, and the Python test peers. Everything listens on 127.0.0.1 only
/// and is stopped by `stop()`.
final class Lab: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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

    /// Runs a command and returns its exit status and output (standard output and error together).
    static func capture(_ command: [String]) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-capture-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = wait(try spawn(command, output: log))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// posix_spawn with output to a file. Not Foundation's Process:
    /// with children started from parallel tests it can miss an exit (a zombie nobody waits for), and a
    /// pipe inherited by a long-lived peer would keep a read-to-end waiting forever.
    static func spawn(_ command: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Test threads block signals, and a blocked mask survives exec: without this a peer would
        // ignore SIGTERM and a server would never see its shutdown signal.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command[0], &actions, &attributes, arguments, environ)
        try #require(result == 0, "cannot start \(command[0]): error \(result)")
        return pid
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

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

    /// A port nothing listens on right now (the kernel's choice for a socket we close at once).
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

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
