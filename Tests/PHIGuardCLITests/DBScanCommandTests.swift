import Foundation
import LabSupport
import Testing

/// `phiguard db scan` as a pipeline runs it: exit codes, formats, baselines, the inventory join.
@Suite("db scan command", .serialized)
struct DBScanCommandTests {
    @Test("bad input exits 2 with a stable code and never echoes a password")
    func badInput() throws {
        let folder = try TemporaryFolder()
        let cases: [([String], String)] = [
            (["db", "scan"], "no_endpoints"),
            (["db", "scan", "postgresql://u:S3cret-canary@db.example:5432/ehr"], "password_in_url"),
            (["db", "scan", "oracle://db.example/x"], "invalid_target"),
            (["db", "scan", "postgresql://u@db.example/ehr?sslmode=disable"], "insecure_target"),
            (["db", "scan", "postgresql://u@db.example/ehr?sslmode=require"], "invalid_target"),
            (["db", "scan", "--format", "xml", "postgresql://u@127.0.0.1/x"], "invalid_format"),
            (
                ["db", "scan", "--rules", try folder.write("rules.yaml", "disabled: [PG-NOPE-01]\n"), "postgresql://u@127.0.0.1/x"],
                "invalid_scan_rules"
            ),
            (["db", "scan", "--baseline", try folder.write("baseline.json", "{\"version\": 7}"), "postgresql://u@127.0.0.1/x"], "invalid_baseline"),
            (["db", "scan", "--write-baseline", folder.url.appendingPathComponent("b.json").path, "postgresql://u@127.0.0.1/x"], "invalid_option"),
            (["db", "scan", "--password-file", "/nonexistent/pw", "postgresql://u@127.0.0.1/x"], "file_not_readable"),
        ]
        for (arguments, code) in cases {
            let result = try CLIRunner.run(arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            #expect(result.standardError.hasPrefix("error: \(code):"), "\(arguments): \(result.standardError)")
            #expect(!(result.standardError + result.standardOutput).contains("S3cret-canary"))
        }
        // A server that is not there: reported per target, exit 2.
        let refused = try CLIRunner.run([
            "db", "scan", "--database", folder.url.appendingPathComponent("none.sqlite").path, "--format", "json",
            "postgresql://u@127.0.0.1:1/x?sslmode=disable",
        ])
        #expect(refused.exitCode == 2)
        let document = try JSONSerialization.jsonObject(with: Data(refused.standardOutput.utf8)) as? [String: Any]
        let target = (document?["targets"] as? [[String: Any]])?.first
        #expect(target?["status"] as? String == "unreachable")
        #expect((target?["error"] as? [String: Any])?["code"] as? String == "connect_failed")
    }

    @Test("end to end on PostgreSQL: record logins, prove rotation, approve a baseline, then only new findings fail")
    func endToEnd() throws {
        let folder = try TemporaryFolder()
        let lab = folder.url.appendingPathComponent("lab").path
        let tlsLab = ChildProcesses.repository.appendingPathComponent("scripts/dbtls-lab.sh").path
        let scanLab = ChildProcesses.repository.appendingPathComponent("scripts/dbscan-lab.sh").path
        let port = ChildProcesses.freePort()
        defer { _ = try? ChildProcesses.capture(["/bin/bash", tlsLab, "stop", lab]) }
        let password = "Lab-scan-7fK2q9-Zx"
        for command in [[tlsLab, "pki", lab], [tlsLab, "postgres", lab, String(port), "good"], [scanLab, "postgres-good", lab, password]] {
            let (status, output) = try ChildProcesses.capture(["/bin/bash"] + command)
            try #require(status == 0, "\(command[1]): \(output)")
        }
        let url = "postgresql://dba_admin@localhost:\(port)/postgres?sslmode=verify-full&sslrootcert=\(lab)/trust/ca.pem"
        let passwords = try folder.write("pgpass", "# host:port:database:user:password\nlocalhost:\(port):*:dba_admin:\(password)\n")
        let store = [
            "--database", folder.url.appendingPathComponent("phiguard.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path,
        ]
        _ = try CLIRunner.run(["credentials", "list"] + store)

        // First scan: the superuser needs approval and PHIGuard has no rotation on record yet.
        let first = try CLIRunner.run(["db", "scan", "--password-file", passwords, "--record", url] + store)
        #expect(first.exitCode == 1, "\(first.standardError)")
        #expect(first.standardOutput.contains("PG-PRIV-01  FAIL"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("no rotation on record"))
        #expect(first.standardError.contains("recorded 2 database logins (2 new or changed)"), "\(first.standardError)")
        #expect(!first.standardOutput.contains(password) && !first.standardError.contains(password))

        for login in ["dba_admin", "scanner"] {
            let rotated = try CLIRunner.run(["credentials", "mark-rotated", "db-localhost-\(port)-\(login)"] + store)
            #expect(rotated.exitCode == 0, "\(rotated.standardError)")
        }
        let baseline = folder.url.appendingPathComponent("baseline.json").path
        let expires = ISO8601DateFormatter.string(from: Date().addingTimeInterval(30 * 86_400), timeZone: .gmt, formatOptions: [.withFullDate])
        let approve = try CLIRunner.run(
            [
                "db", "scan", "--password-file", passwords, "--write-baseline", baseline, "--owner", "dba-team", "--justification",
                "break-glass admin",
                "--expires", expires, url,
            ] + store)
        #expect(approve.exitCode == 0, "\(approve.standardError)")
        let written = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(written.contains("\"owner\" : \"dba-team\"") && written.contains("PG-PRIV-01") && !written.contains("PG-PWD-05"), "\(written)")

        let gated = try CLIRunner.run(["db", "scan", "--password-file", passwords, "--baseline", baseline, "--format", "junit", url] + store)
        #expect(gated.exitCode == 0, "\(gated.standardOutput)")
        #expect(
            gated.standardOutput.contains("<testsuite name=\"postgresql://dba_admin@localhost:\(port)/postgres\"")
                && gated.standardOutput.contains("failures=\"0\""))

        // Something new: a table granted to PUBLIC. Only it fails, in SARIF too.
        let (status, output) = try ChildProcesses.capture([
            "/bin/bash", scanLab, "postgres-sql", lab, "postgres", "CREATE TABLE ehr.labs (id int); GRANT SELECT ON ehr.labs TO PUBLIC",
        ])
        try #require(status == 0, "\(output)")
        let sarif = try CLIRunner.run(["db", "scan", "--password-file", passwords, "--baseline", baseline, "--format", "sarif", url] + store)
        #expect(sarif.exitCode == 1)
        let document = try JSONSerialization.jsonObject(with: Data(sarif.standardOutput.utf8)) as? [String: Any]
        let results = ((document?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.compactMap { $0["ruleId"] as? String } == ["PG-PRIV-03"], "\(results)")
    }
}
