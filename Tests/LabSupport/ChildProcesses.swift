public import Foundation

/// Child processes and ports for the tests that start real servers (database labs, TLS peers).
/// posix_spawn, not Foundation's Process: with children started from parallel tests Process can
/// miss an exit (a zombie nobody waits for), and a pipe inherited by a long-lived peer would keep a
/// read-to-end waiting forever. Output goes to a file instead.
public enum ChildProcesses {
    public struct SpawnFailed: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository's root folder.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs a command to its end and returns its exit status and output (standard output and error together).
    public static func capture(_ command: [String]) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-capture-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = wait(try spawn(command, output: log))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// Starts a command with its output going to the file `output`; returns its process id.
    public static func spawn(_ command: [String], output: String) throws -> pid_t {
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
        guard result == 0 else { throw SpawnFailed(description: "cannot start \(command[0]): error \(result)") }
        return pid
    }

    /// Waits for `pid` and returns its exit status.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    /// A port nothing listens on right now (the kernel's choice for a socket we close at once).
    public static func freePort() -> Int {
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
}
