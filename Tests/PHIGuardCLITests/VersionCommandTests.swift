import Foundation
import Testing

@Suite("phiguard version")
struct VersionCommandTests {
    @Test("text output names PHIGuard and the linked OpenSSL")
    func textOutput() throws {
        let result = try CLIRunner.run(["version"])
        #expect(result.exitCode == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("phiguard ") == true)
        #expect(lines.last?.hasPrefix("openssl OpenSSL 3.") == true)
    }

    @Test("json output is one object with both versions")
    func jsonOutput() throws {
        let result = try CLIRunner.run(["version", "--format", "json"])
        #expect(result.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: String]
        #expect(object?["phiguard"]?.isEmpty == false)
        #expect(object?["openssl"]?.hasPrefix("OpenSSL 3.") == true)
        #expect(object?["openssl_version_number"]?.hasPrefix("3") == true)
    }

    @Test("an unknown option is a usage error with exit code 64")
    func usageError() throws {
        let result = try CLIRunner.run(["version", "--no-such-option"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("no-such-option"))
    }

    @Test("an invalid --format value is a usage error")
    func badFormat() throws {
        let result = try CLIRunner.run(["version", "--format", "yaml"])
        #expect(result.exitCode == 64)
    }
}
