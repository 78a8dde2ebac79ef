public import Foundation

/// Runs a program (no shell) with input on its standard input and a deadline, and returns its exit
/// status and what it wrote to standard error.
///
/// Built on `posix_spawn` rather than Foundation's `Process`: the child starts with no blocked
/// signals (a caller's blocked mask would otherwise survive `exec`, so the child could ignore
/// SIGTERM), and its output goes to a file, so a daemon that keeps an inherited descriptor open
/// cannot make us wait for ever.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var timedOut: Bool
    }

    public struct LaunchError: Error, CustomStringConvertible {
        public var program: String
        public var code: Int32
        public var description: String { "cannot run `\(program)`: \(String(cString: strerror(code)))" }
    }

    /// Starts `command` with `input` on stdin and stdout+stderr into `output`; returns its pid.
    public static func spawn(_ command: [String], input: Data? = nil, output: String, environment: [String: String] = [:]) throws -> pid_t {
        precondition(!command.isEmpty)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Input through a pipe (never a file: it may be a secret). Both ends are close-on-exec so no
        // other child inherits them; dup2 gives the child its stdin.
        var pipeEnds: [Int32] = [-1, -1]
        if input != nil {
            guard pipe(&pipeEnds) == 0 else { throw LaunchError(program: command[0], code: errno) }
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
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
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let environmentStrings = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let arguments = command.map { strdup($0) } + [nil]
        defer {
            arguments.forEach { free($0) }
            environmentStrings.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command[0], &actions, &attributes, arguments, environmentStrings)
        if let input {
            close(pipeEnds[0])
            let writeEnd = pipeEnds[1]
            if result == 0 {
                // A child that exits without reading gets EPIPE here, not a SIGPIPE for us.
                signal(SIGPIPE, SIG_IGN)
                Thread.detachNewThread {
                    input.withUnsafeBytes { raw in
                        var offset = 0
                        while offset < raw.count {
                            let written = write(writeEnd, raw.baseAddress! + offset, raw.count - offset)
                            if written < 0 && errno == EINTR { continue }
                            if written <= 0 { break }
                            offset += written
                        }
                    }
                    close(writeEnd)
                }
            } else {
                close(writeEnd)
            }
        }
        guard result == 0 else { throw LaunchError(program: command[0], code: result) }
        return pid
    }

    /// Waits for `pid` up to `timeout` seconds; kills it (SIGTERM, then SIGKILL) when the time runs out.
    public static func wait(_ pid: pid_t, timeout: TimeInterval) -> (status: Int32, timedOut: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { return (Self.exitStatus(status), false) }
            if done == -1 && errno != EINTR { return (-1, false) }
            if Date() >= deadline { break }
            usleep(5_000)
        }
        kill(pid, SIGTERM)
        let grace = Date().addingTimeInterval(2)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= grace {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        return (-1, true)
    }

    static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// `captureOutput: false` sends the child's output to /dev/null (for a child that handles a secret).
    public static func run(
        _ command: [String], input: Data? = nil, timeout: TimeInterval, environment: [String: String] = [:], captureOutput: Bool = true
    ) throws -> Result {
        let output =
            captureOutput ? FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-child-\(UUID().uuidString)").path : "/dev/null"
        defer { if captureOutput { unlink(output) } }
        let pid = try spawn(command, input: input, output: output, environment: environment)
        let (status, timedOut) = wait(pid, timeout: timeout)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return Result(status: status, output: String(text.prefix(4096)), timedOut: timedOut)
    }
}
