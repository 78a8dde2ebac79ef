import Foundation
import Testing

/// `phiguard monitor`: an access log in, cases out, as a privacy office would run it from cron.
@Suite("phiguard monitor")
struct MonitorCommandTests {
    /// A small day: a nurse's care-team work, and a clerk who browses four strangers' charts.
    static let log = [
        #"{"time":"2026-03-02T08:00:00Z","actor":"n1","actor_roles":["registered nurse"],"actor_departments":["cardiology"],"patient":"p1","purpose":"TREAT","decision":"permit","grant_id":"care","grant_kind":"relationship"}"#,
        #"{"time":"2026-03-02T08:05:00Z","actor":"c1","actor_roles":["unit clerk"],"actor_departments":["oncology"],"patient":"p2","purpose":"HOPERAT","decision":"permit","grant_id":"facility","grant_kind":"broad","record_labels":["HIV"]}"#,
        #"{"time":"2026-03-02T08:09:00Z","actor":"c1","actor_roles":["unit clerk"],"actor_departments":["oncology"],"patient":"p3","purpose":"HOPERAT","decision":"permit","grant_id":"facility","grant_kind":"broad"}"#,
        #"{"time":"2026-03-02T08:12:00Z","actor":"c1","actor_roles":["unit clerk"],"actor_departments":["oncology"],"patient":"p4","purpose":"HOPERAT","decision":"permit","grant_id":"facility","grant_kind":"broad"}"#,
        #"{"time":"2026-03-02T08:15:00Z","actor":"c1","actor_roles":["unit clerk"],"actor_departments":["oncology"],"patient":"p5","purpose":"HOPERAT","decision":"permit","grant_id":"facility","grant_kind":"broad"}"#,
    ].joined(separator: "\n")

    @Test("JSON lines: one case for the clerk with its evidence, then the summary")
    func json() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("access.jsonl", Self.log)
        let result = try CLIRunner.run(["monitor", "run", "--input", input, "--format", "json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2)
        let caseLine = try #require(lines.first ?? nil)
        #expect(caseLine["type"] as? String == "case" && caseLine["subject"] as? String == "c1" && caseLine["reason"] as? String == "score")
        let observations = try #require(caseLine["observations"] as? [[String: Any]])
        #expect(Set(observations.compactMap { $0["rule"] as? String }) == ["unexplained_first_access", "sensitive_without_relationship"])
        let summary = try #require(lines.last ?? nil)
        #expect(summary["type"] as? String == "summary" && summary["records"] as? Int == 5 && summary["actor_cases"] as? Int == 1)
        #expect((summary["skipped_rules"] as? [String])?.contains("self_access") == true)
    }

    @Test("Text from standard input, with facts: the summary says what was skipped and who was judged")
    func textWithFacts() throws {
        let folder = try TemporaryFolder()
        let facts = try folder.write("facts.json", #"{"workforce":[{"id":"n1","patient_id":"p1"}]}"#)
        let result = try CLIRunner.run(["monitor", "run", "--input", "-", "--facts", facts], standardInput: Self.log)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("actor n1"))  // the nurse opened her own record
        #expect(result.standardOutput.contains("self access") || result.standardOutput.contains("self_access"))
        #expect(result.standardOutput.contains("2 actor cases, 0 patient cases."))
        #expect(!result.standardOutput.contains("skipped (need --facts)"))
    }

    @Test("Bad input: the line is named, never echoed; bad settings and facts have their codes; usage errors exit 64")
    func badInput() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("bad.jsonl", Self.log + "\n" + #"{"time":"2026-03-02T09:00:00Z","actor":"Jane Secret","decision":"permit"}"#)
        let refused = try CLIRunner.run(["monitor", "run", "--input", bad])
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("error: invalid_access_record: \(bad):6: `patient` is missing or empty"), "\(refused.standardError)")
        #expect(!refused.standardError.contains("Jane Secret"))

        let settings = try folder.write("m.yaml", "rules: {probing: {patients: 0}}")
        let badSettings = try CLIRunner.run(["monitor", "run", "--input", bad, "--settings", settings])
        #expect(badSettings.exitCode == 1 && badSettings.standardError.contains("invalid_monitoring_settings"))

        let facts = try folder.write("f.json", #"{"workforce":[{"id":"u","status":"fired"}]}"#)
        let badFacts = try CLIRunner.run(["monitor", "run", "--input", bad, "--facts", facts])
        #expect(badFacts.exitCode == 1 && badFacts.standardError.contains("invalid_facts"))

        let missing = try CLIRunner.run(["monitor", "run", "--input", folder.url.appendingPathComponent("none.jsonl").path])
        #expect(missing.exitCode == 1 && missing.standardError.contains("file_not_readable"))

        let format = try CLIRunner.run(["monitor", "run", "--input", bad, "--format", "xml"])
        #expect(format.exitCode == 64 && format.standardError.contains("invalid_format"))

        let binary = try CLIRunner.run(["monitor", "run", "--input", "-"], standardInputBytes: Data([0x7B, 0xFF, 0xFE, 0x0A]))
        #expect(binary.exitCode == 1 && binary.standardError.contains("invalid_access_record"))
    }

    @Test("--decision-log scores this PHIGuard's own decisions: a nurse browsing five patients through a department grant")
    func decisionLog() throws {
        let folder = try TemporaryFolder()
        let common = CLIRunner.storeArguments(in: folder)
        func run(_ arguments: [String]) throws -> CLIRunner.Result { try CLIRunner.run(arguments + common) }
        #expect(try run(["principals", "add", "nurse.ana", "--name", "Ana", "--department", "cardiology", "--mfa"]).exitCode == 0)
        #expect(try run(["roles", "add", "nurse"]).exitCode == 0)
        #expect(try run(["roles", "assign", "nurse.ana", "nurse"]).exitCode == 0)
        let grant = try run([
            "grants", "add", "--id", "ward", "--grantee", "role:nurse", "--action", "read", "--purpose", "TREAT", "--department", "cardiology",
            "--approver", "cmo", "--justification", "ward care",
        ])
        #expect(grant.exitCode == 0, "\(grant.standardError)")
        for patient in 1...5 {
            let decided = try run([
                "decide", "--subject", "user:nurse.ana", "--action", "read", "--resource", "Patient:mrn\(patient)", "--resource-properties",
                #"{"departments":["cardiology"]}"#, "--context", #"{"purpose_of_use":"TREAT","mfa":true}"#,
            ])
            #expect(decided.exitCode == 0, "\(decided.standardError)")
        }
        let scored = try run(["monitor", "run", "--decision-log", "--format", "json"])
        #expect(scored.exitCode == 0, "\(scored.standardError)")
        let lines = scored.standardOutput.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.first?["subject"] as? String == "nurse.ana", "\(scored.standardOutput)")
        #expect(lines.last?["records"] as? Int == 5)
        #expect(!scored.standardOutput.contains("mrn1"))  // the log holds keyed hashes, and so does the output

        let both = try run(["monitor", "run", "--decision-log", "--input", "-"])
        #expect(both.exitCode == 64 && both.standardError.contains("invalid_option"))
    }

    @Test("The rule catalogue lists every rule with its parameters")
    func rules() throws {
        let result = try CLIRunner.run(["monitor", "rules"])
        #expect(result.exitCode == 0)
        for rule in ["R1 self_access", "R2 btg_uncorroborated", "R7 curiosity_surge", "R12 deceased_patient"] {
            #expect(result.standardOutput.contains(rule))
        }
        #expect(result.standardOutput.contains("excess_minimum = 3"))
    }
}
