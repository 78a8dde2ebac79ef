import Foundation
import Testing

@Suite("phiguard password, credentials, rotation")
struct CredentialsCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Setup {
        let folder: TemporaryFolder
        var common: [String] {
            [
                "--database", folder.url.appendingPathComponent("db.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path,
                "--policies", CredentialsCommandTests.repository.appendingPathComponent("Policies").path, "--wordlists",
                ProcessInfo.processInfo.environment["PHIGUARD_WORDLISTS"]
                    ?? CredentialsCommandTests.repository.appendingPathComponent("var/wordlists").path,
                "--actor", "security.officer",
            ]
        }
        func run(_ arguments: [String], input: String? = nil) throws -> CLIRunner.Result {
            try CLIRunner.run(arguments + common, standardInput: input)
        }
    }

    @Test("password check: one JSON result per line, exit 0 only when all are accepted, 2 when it cannot check")
    func passwordCheck() throws {
        let setup = Setup(folder: try TemporaryFolder())
        let accepted = try setup.run(["password", "check", "--format", "json"], input: "violet anchor pebble quartz\n")
        #expect(accepted.exitCode == 0)
        #expect(accepted.standardOutput.hasPrefix(#"{"accepted":true,"score":4,"guesses_log10":"#))
        #expect(accepted.standardOutput.hasSuffix(#","failures":[],"feedback":[]}"# + "\n"))

        let huge = String(repeating: "x", count: 100_000)
        let mixed = try setup.run(
            ["password", "check", "--format", "json", "--user", "ana.lopez", "--context-word", "Mercy"],
            input: "password\nmercy-general-anchor-x\n\(huge)\nviolet anchor pebble quartz")
        #expect(mixed.exitCode == 1)
        let lines = mixed.standardOutput.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].contains(#""code":"blocklisted""#) && lines[0].contains(#""code":"too_guessable""#))
        #expect(lines[1].contains(#""code":"contains_context_word""#))
        #expect(lines[2].contains(#""code":"too_long""#))
        #expect(lines[3].contains(#""accepted":true"#))
        #expect(!mixed.standardOutput.contains("mercy-general") && !mixed.standardError.contains("password\n"))

        let empty = try CLIRunner.run(["password", "check", "--format", "json"] + setup.common, standardInput: nil)
        #expect(empty.exitCode == 0 && empty.standardOutput.isEmpty)
        let notUTF8 = try CLIRunner.run(["password", "check", "--format", "json"] + setup.common, standardInputBytes: Data([0x66, 0xFF, 0x0A]))
        #expect(notUTF8.exitCode == 1 && notUTF8.standardOutput.contains(#""code":"invalid_utf8""#))
        let unknown = try setup.run(["password", "check", "--profile", "nope"], input: "x\n")
        #expect(unknown.exitCode == 2 && unknown.standardError.hasPrefix("error: unknown_profile: "))
        let noLists = try CLIRunner.run(
            ["password", "check", "--policies", Self.repository.appendingPathComponent("Policies").path, "--wordlists", "/nonexistent"],
            standardInput: "x\n")
        #expect(noLists.exitCode == 2 && noLists.standardError.contains("word_list_unreadable"))
    }

    @Test("password change keeps a history: reuse of the last four is refused under PCI")
    func passwordHistory() throws {
        let setup = Setup(folder: try TemporaryFolder())
        let first = try setup.run(["password", "change", "--user", "nurse.ana", "--profile", "pci-dss-4"], input: "Violet7anchor-pebble\n")
        #expect(first.exitCode == 0, "\(first.standardOutput)\(first.standardError)")
        let second = try setup.run(["password", "change", "--user", "nurse.ana", "--profile", "pci-dss-4"], input: "Quartz9lantern-meadow\n")
        #expect(second.exitCode == 0)
        let reuse = try setup.run(
            ["password", "change", "--user", "nurse.ana", "--profile", "pci-dss-4", "--format", "json"], input: "Violet7anchor-pebble\n")
        #expect(reuse.exitCode == 1)
        #expect(reuse.standardOutput.contains(#""code":"reused""#))
        let check = try setup.run(["password", "check", "--user", "nurse.ana", "--profile", "pci-dss-4"], input: "Quartz9lantern-meadow\n")
        #expect(check.exitCode == 1 && check.standardOutput.contains("reused"))
        let pepper = try FileManager.default.attributesOfItem(atPath: setup.folder.url.appendingPathComponent("keys/password-pepper").path)
        #expect(pepper[.posixPermissions] as? Int == 0o600)
    }

    @Test("credentials import, list, show, compromise and lockout; a bad file imports nothing")
    func inventory() throws {
        let setup = Setup(folder: try TemporaryFolder())
        let csv = try setup.folder.write(
            "creds.csv",
            """
            id,kind,owner,class,last_rotated_at,target,username
            db-ehr,database-login,svc-ehr,database-login,2020-01-01,postgres://app:hunter2@db1:5432/ehr,ehr_app
            pw-ana,password,nurse.ana,pci-person-password,,,

            """)
        let imported = try setup.run(["credentials", "import", "--format", "csv", csv])
        #expect(imported.exitCode == 0 && imported.standardOutput.contains("imported 2 credential(s)"))
        let bad = try setup.folder.write(
            "bad.jsonl",
            #"{"id":"key-1","kind":"api-key","owner":"lab","class":"api-key"}"# + "\n"
                + #"{"id":"key-2","kind":"apikey","owner":"lab","class":"api-key"}"# + "\n")
        let refused = try setup.run(["credentials", "import", "--format", "jsonl", bad])
        #expect(refused.exitCode == 1 && refused.standardError.contains("row 2") && refused.standardError.contains("nothing was imported"))
        let list = try setup.run(["credentials", "list", "--format", "json"])
        #expect(list.standardOutput.split(separator: "\n").count == 2)
        #expect(!list.standardOutput.contains("hunter2") && list.standardOutput.contains("postgres://app:****@db1:5432/ehr"))
        let show = try setup.run(["credentials", "show", "db-ehr", "--format", "json"])
        #expect(show.standardOutput.contains(#""due_at":"2020-03-31T00:00:00.000Z""#))
        #expect(try setup.run(["credentials", "show", "nope"]).standardError.hasPrefix("error: not_found: "))
        #expect(try setup.run(["credentials", "mark-compromised", "db-ehr"]).exitCode == 0)
        for _ in 0..<9 { _ = try setup.run(["credentials", "record-failure", "pw-ana"]) }
        let locked = try setup.run(["credentials", "record-failure", "pw-ana"])
        #expect(locked.standardOutput.contains("locked until"))
        #expect(try setup.run(["credentials", "unlock", "pw-ana"]).exitCode == 0)
        let badKind = try setup.run(["credentials", "list", "--kind", "nope"])
        #expect(badKind.exitCode == 1 && badKind.standardError.contains("unknown_code"))
    }

    @Test("rotation due in text, json and csv; remind is silent when nothing is due and sends each notice once")
    func rotation() throws {
        let setup = Setup(folder: try TemporaryFolder())
        let quiet = try setup.run(["rotation", "remind"])
        #expect(quiet.exitCode == 0 && quiet.standardOutput.isEmpty && quiet.standardError.isEmpty)
        // Due in 10 days: rotated 80 days ago under the 90-day class.
        let rotated = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-80 * 86_400))
        let file = try setup.folder.write(
            "c.jsonl",
            #"{"id":"db-ten","kind":"database-login","owner":"svc-ehr","class":"database-login","last_rotated_at":"\#(rotated)","contact":"dba@hospital.example"}"#
                + "\n")
        #expect(try setup.run(["credentials", "import", "--format", "jsonl", file]).exitCode == 0)
        let text = try setup.run(["rotation", "due", "--within", "30d"])
        #expect(text.standardOutput.hasPrefix("db-ten\tdatabase-login\towner=svc-ehr\tdue="))
        let json = try setup.run(["rotation", "due", "--within", "30d", "--format", "json"])
        #expect(json.standardOutput.contains(#""days_left":9"#) || json.standardOutput.contains(#""days_left":10"#))
        let csv = try setup.run(["rotation", "due", "--format", "csv"])
        #expect(csv.standardOutput.hasPrefix("id,kind,owner,class,due_at,days_left,reason,state,target\ndb-ten,"))
        #expect(try setup.run(["rotation", "due", "--within", "5d"]).standardOutput.isEmpty)
        #expect(try setup.run(["rotation", "due", "--within", "soon"]).exitCode == 64)

        let first = try setup.run(["rotation", "remind"])
        #expect(first.exitCode == 10)
        #expect(first.standardOutput.contains("db-ten") && first.standardOutput.contains("[14d notice to dba@hospital.example]"))
        let second = try setup.run(["rotation", "remind"])
        #expect(second.exitCode == 0 && second.standardOutput.isEmpty)

        // Another run holding the lock: this one gives up with 75 and sends nothing.
        let lockPath = setup.folder.url.appendingPathComponent("rotation-remind.lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o600)
        #expect(flock(descriptor, LOCK_EX) == 0)
        let blocked = try setup.run(["rotation", "remind", "--lock-wait", "0.2"])
        #expect(blocked.exitCode == 75 && blocked.standardError.contains("run_in_progress"))
        close(descriptor)

        let badHook = try setup.run(["rotation", "remind", "--webhook", "ftp://x"])
        #expect(badHook.exitCode == 2 && badHook.standardError.contains("invalid_webhook"))
    }
}
