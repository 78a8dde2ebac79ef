import Foundation
import Testing

/// `PHIGuardMain` parses a fully named leaf command on its own and sends everything else through the
/// root command: both routes must look the same to the user.
@Suite("phiguard entry point")
struct EntryPointTests {
    @Test("help and usage errors of a leaf command name the whole command path")
    func leafHelpAndUsage() throws {
        let help = try CLIRunner.run(["tls", "check", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.standardOutput.contains("USAGE: phiguard tls check"))

        let usage = try CLIRunner.run(["tls", "check", "--no-such-option"])
        #expect(usage.exitCode == 64)
        #expect(usage.standardError.contains("Usage: phiguard tls check"))
    }

    @Test("groups, the root's --version and unknown commands still go through the root")
    func rootRoutes() throws {
        let group = try CLIRunner.run(["tls"])
        #expect(group.standardOutput.contains("check"))
        let version = try CLIRunner.run(["--version"])
        #expect(version.exitCode == 0)
        #expect(!version.standardOutput.isEmpty)
        let unknown = try CLIRunner.run(["no-such-command"])
        #expect(unknown.exitCode == 64)
    }

    @Test("a leaf command's own failure keeps its exit code and stable error code")
    func leafFailure() throws {
        let result = try CLIRunner.run(["tls", "check", "--ca", "/nonexistent/ca.pem", "postgres://127.0.0.1:1"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("no_trust_anchors"))
    }

    @Test(
        "tls check's plain arguments, read without ArgumentParser, give what ArgumentParser gives",
        arguments: [
            ["--format", "json", "--timeout", "1", "postgres://127.0.0.1:1", "ftp://db"],
            ["--format=json", "--timeout=0.5", "--concurrency", "2", "--verbose", "--servername", "db.example.org", "tls://127.0.0.1:1"],
            ["--concurrency", "0", "postgres://db"],
            ["--min-days", "5000", "postgres://db"],
            ["--pin", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "--pin", "nonsense", "postgres://db"],
            ["--format", "xml", "--timeout", "1", "postgres://127.0.0.1:1"],
            ["--policy", "/nonexistent/tls.yaml", "postgres://db"],
            [],
        ])
    func tlsCheckFastPath(arguments: [String]) throws {
        let folder = try TemporaryFolder()
        let anchor = try folder.write("anchor.pem", DatabaseTLSCommandTests.anchor)
        let options = arguments.filter { $0.hasPrefix("--") || !$0.contains("://") }
        let urls = arguments.filter { !$0.hasPrefix("--") && $0.contains("://") }
        // `--` is beyond the direct reader, so the second run is ArgumentParser's.
        let direct = try CLIRunner.run(["tls", "check", "--ca", anchor] + options + urls)
        let reference = try CLIRunner.run(["tls", "check", "--ca", anchor] + options + ["--"] + urls)
        func stable(_ text: String) -> String {
            text.replacingOccurrences(of: #""milliseconds":[0-9.e+-]+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"\([0-9]+ ms\)"#, with: "", options: .regularExpression)
        }
        #expect(direct.exitCode == reference.exitCode, "\(arguments)")
        #expect(stable(direct.standardOutput) == stable(reference.standardOutput), "\(arguments)")
        #expect(direct.standardError == reference.standardError, "\(arguments)")
    }
}
