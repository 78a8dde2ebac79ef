import Foundation
import Testing

@Suite("phiguard principals, roles, grants, decide, audit, review")
struct AccessCommandTests {
    @Test("the whole administrative and decision path, audited and verifiable")
    func endToEnd() throws {
        let folder = try TemporaryFolder()
        let common = CLIRunner.storeArguments(in: folder)
        func run(_ arguments: [String]) throws -> CLIRunner.Result { try CLIRunner.run(arguments + common) }

        #expect(try run(["principals", "add", "nurse.ana", "--name", "Ana", "--department", "cardiology", "--mfa"]).exitCode == 0)
        let phi = try run(["principals", "add", "1234567890", "--name", "x"])
        #expect(phi.exitCode == 1)
        #expect(phi.standardError.contains("identifier_looks_like_phi"))
        #expect(try run(["roles", "add", "nurse"]).exitCode == 0)
        #expect(try run(["roles", "assign", "nurse.ana", "nurse"]).exitCode == 0)
        let grant = try run([
            "grants", "add", "--id", "g1", "--grantee", "role:nurse", "--action", "read", "--purpose", "TREAT", "--department", "cardiology",
            "--approver", "cmo", "--justification", "ward care",
        ])
        #expect(grant.exitCode == 0, "\(grant.standardError)")
        let badWindow = try run([
            "grants", "add", "--id", "g2", "--grantee", "role:nurse", "--action", "read", "--purpose", "TREAT", "--from", "2026-02-01", "--until",
            "2026-01-01",
            "--approver", "cmo", "--justification", "x",
        ])
        #expect(badWindow.standardError.contains("invalid_time_window"))
        let cedar = try run(["grants", "show", "g1", "--cedar"])
        #expect(cedar.standardOutput.contains("@grant(\"g1\")"))

        let decide = [
            "decide", "--subject", "user:nurse.ana", "--action", "read", "--resource", "Record:r1", "--resource-properties",
            #"{"patient":"p1","departments":["cardiology"],"category":"lab"}"#, "--context", #"{"purpose_of_use":"TREAT","mfa":true}"#, "--format",
            "json",
        ]
        let allowed = try run(decide)
        #expect(allowed.exitCode == 0, "\(allowed.standardOutput)\(allowed.standardError)")
        #expect(allowed.standardOutput.contains(#""grants":["g1"]"#))
        #expect(allowed.standardOutput.contains(#""audit_record":"#))
        #expect(try run(["grants", "revoke", "g1", "--reason", "moved"]).exitCode == 0)
        let denied = try run(decide)
        #expect(denied.exitCode == 2)
        #expect(denied.standardOutput.contains("no_applicable_grant"))
        let badPurpose = try run(decide.map { $0 == #"{"purpose_of_use":"TREAT","mfa":true}"# ? #"{"purpose_of_use":"FUN"}"# : $0 })
        #expect(badPurpose.exitCode == 1)
        #expect(badPurpose.standardError.contains("unknown_code"))

        #expect(try run(["audit", "checkpoint"]).exitCode == 0)
        let verify = try run(["audit", "verify", "--format", "json"])
        #expect(verify.exitCode == 0)
        #expect(verify.standardOutput.contains(#""intact":true"#))
        let export = try run(["audit", "export", "--format", "fhir"])
        #expect(export.standardOutput.split(separator: "\n").count == 7)
        #expect(!export.standardOutput.contains("\"p1\""))
        #expect(try run(["review", "access", "--format", "csv"]).exitCode == 0)
        #expect(try run(["review", "pending"]).exitCode == 0)
    }
}

extension AccessCommandTests {
    @Test("errors exit with the error table's code: refused 1, unavailable 75")
    func exitCodesFromTheErrorTable() throws {
        let folder = try TemporaryFolder()
        let common = ["--database", folder.url.appendingPathComponent("db.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path]
        let missing = try CLIRunner.run(["principals", "show", "nobody"] + common)
        #expect(missing.exitCode == 1)
        #expect(missing.standardError.hasPrefix("error: not_found: "))
        // A database file that is not a database: the store is unusable, so the same command may work later.
        let broken = try folder.write("broken.sqlite", String(repeating: "not a database ", count: 400))
        let unavailable = try CLIRunner.run(
            ["principals", "list", "--database", broken, "--keys", folder.url.appendingPathComponent("keys").path])
        #expect(unavailable.exitCode == 75, "\(unavailable.standardError)")
        #expect(unavailable.standardError.hasPrefix("error: database_corrupted: "))
    }
}

extension AccessCommandTests {
    @Test("audit checkpoint --export writes a witness that audit verify --witness checks")
    func witnessRoundTrip() throws {
        let folder = try TemporaryFolder()
        let common = ["--database", folder.url.appendingPathComponent("db.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path]
        #expect(try CLIRunner.run(["roles", "add", "nurse"] + common).exitCode == 0)
        let witness = folder.url.appendingPathComponent("witness.jsonl").path
        #expect(try CLIRunner.run(["audit", "checkpoint", "--export", witness] + common).exitCode == 0)
        #expect(try CLIRunner.run(["roles", "add", "clerk"] + common).exitCode == 0)
        #expect(try CLIRunner.run(["audit", "checkpoint", "--export", witness] + common).exitCode == 0)
        #expect(try String(contentsOfFile: witness, encoding: .utf8).split(separator: "\n").count == 2)
        let verified = try CLIRunner.run(["audit", "verify", "--witness", witness] + common)
        #expect(verified.exitCode == 0, "\(verified.standardOutput)\(verified.standardError)")
        let garbage = try folder.write("garbage.jsonl", "{\"seq\":\"one\"}\n")
        let refused = try CLIRunner.run(["audit", "verify", "--witness", garbage] + common)
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.hasPrefix("error: invalid_witness: "))
    }
}
