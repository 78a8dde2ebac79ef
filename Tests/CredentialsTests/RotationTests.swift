import AccessModel
import Credentials
import Foundation
import Testing

@Suite("rotation rules, reminders and imports")
struct RotationTests {
    static let now = Timestamp(parsing: "2026-06-01T09:00:00Z")!

    static func rules() throws -> RotationRules {
        let text = try String(contentsOfFile: Fixtures.policies + "/rotation.yaml", encoding: .utf8)
        return try RotationRules(yaml: text, file: "rotation.yaml")
    }

    static func credential(_ id: String, rotated daysAgo: Int64?, class name: String = "database-login", expires: Timestamp? = nil)
        -> CredentialRecord
    {
        CredentialRecord(
            id: id, kind: .databaseLogin, owner: "svc-ehr", rotationClass: name, lastRotatedAt: daysAgo.map { now.adding(days: -$0) },
            expiresAt: expires, createdAt: now.adding(days: -400))
    }

    @Test("the default rotation rules load")
    func defaultRules() throws {
        let rules = try Self.rules()
        #expect(try rules.rotationClass("database-login").maximumAge == .days(90))
        #expect(try rules.rotationClass("person-password").maximumAge == nil)
        #expect(try rules.rotationClass("tls-certificate").reminders == [.days(30), .days(14), .days(7), .days(1)])
        #expect(try rules.rotationClass("pci-person-password").lockoutThreshold == 10)
    }

    @Test(
        "bad rotation files name the line",
        arguments: [
            ("classes:\n  x:\n    max_age: ninety\n", "rotation.yaml:3:14"),
            ("classes:\n  x:\n    reminders: 14d\n", "rotation.yaml:3:16"),
            ("classes:\n  x:\n    escalate_after: 3d\n", "escalate_to"),
            ("defaults: {}\n", "classes"),
            ("classes:\n  x:\n    colour: red\n", "unknown key `colour`"),
        ])
    func badRules(_ yaml: String, _ expected: String) {
        do {
            _ = try RotationRules(yaml: yaml)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidRotationRules)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("durations")
    func durations() throws {
        #expect(try Period(parsing: "30d") == .days(30))
        #expect(try Period(parsing: "2w") == .days(14))
        #expect(try Period(parsing: "12h").seconds == 43_200)
        for bad in ["", "d", "-3d", "3y", "99999999999999d"] { #expect(throws: CredentialsError.self) { try Period(parsing: bad) } }
    }

    @Test("one reminder per lead time: the shortest reached, then overdue, then escalation")
    func planning() throws {
        let rules = try Self.rules()
        let fresh = Self.credential("db-fresh", rotated: 10)
        let tenLeft = Self.credential("db-ten", rotated: 80)
        let threeLeft = Self.credential("db-three", rotated: 87)
        let overdue = Self.credential("db-late", rotated: 92)
        let escalated = Self.credential("db-later", rotated: 100)
        let plan = ReminderPlanner.plan([fresh, tenLeft, threeLeft, overdue, escalated], rules: rules, now: Self.now, recorded: [])
        let stages = plan.map { "\($0.due.credential.id):\($0.stage)" }
        #expect(stages == ["db-later:escalation", "db-later:overdue", "db-late:overdue", "db-three:7d", "db-ten:14d"])
        #expect(plan.first { $0.stage == "escalation" }?.recipient == "dba-oncall@hospital.example")
        // Recorded notices are not planned again.
        let again = ReminderPlanner.plan([tenLeft, threeLeft], rules: rules, now: Self.now, recorded: Set(plan.map(\.key)))
        #expect(again.isEmpty)
        // After rotation the due date moves, so the next cycle starts clean.
        var rotated = threeLeft
        rotated.lastRotatedAt = Self.now
        #expect(ReminderPlanner.plan([rotated], rules: rules, now: Self.now, recorded: Set(plan.map(\.key))).isEmpty)
    }

    @Test("compromised credentials are due at once; certificates are due at expiry; people's passwords never by age")
    func dueDates() throws {
        let rules = try Self.rules()
        var compromised = Self.credential("db-x", rotated: 1)
        compromised.state = .compromised
        compromised.compromisedAt = Self.now
        #expect(compromised.dueAt(rules.classes["database-login"]) == Self.now)
        let certificate = Self.credential("cert-db", rotated: nil, class: "tls-certificate", expires: Self.now.adding(days: 20))
        let due = DueCredential(credential: certificate, rotationClass: rules.classes["tls-certificate"])
        #expect(due.reason == .expiry && due.daysLeft(at: Self.now) == 20)
        #expect(ReminderPlanner.plan([certificate], rules: rules, now: Self.now, recorded: []).map(\.stage) == ["30d"])
        let person = Self.credential("pw-ana", rotated: 2000, class: "person-password")
        #expect(person.dueAt(rules.classes["person-password"]) == nil)
    }

    @Test("CSV and JSON-lines imports; a bad row names its number and imports nothing")
    func imports() throws {
        let rules = try Self.rules()
        let csv = """
            id,kind,owner,class,last_rotated_at,target,username,contact
            db-ehr,database-login,svc-ehr,database-login,2026-03-01,"postgres://db1:5432/ehr",ehr_app,dba@hospital.example
            key-lab,api-key,lab-team,api-key,2026-01-15T10:00:00Z,,,

            """
        let records = try CredentialImport.parse(csv, format: .csv, rules: rules, now: Self.now)
        #expect(records.map(\.id) == ["db-ehr", "key-lab"])
        #expect(records[0].target == "postgres://db1:5432/ehr" && records[0].username == "ehr_app")
        #expect(records[1].contact == nil)
        let jsonl = """
            {"id":"cert-db1","kind":"tls-certificate","owner":"pki","class":"tls-certificate","expires_at":"2026-09-01"}
            {"id":"svc-x","kind":"service-secret","owner":"svc-x","class":"service-secret","last_rotated_at":null}
            """
        #expect(try CredentialImport.parse(jsonl, format: .jsonl, rules: rules, now: Self.now).count == 2)

        let bad: [(String, CredentialImport.Format, String)] = [
            ("id,kind,owner,class\na,password,o,person-password\nb,passwd,o,person-password\n", .csv, "row 3: unknown kind"),
            ("id,kind,owner,class\na,password,o,nope\n", .csv, "row 2: unknown rotation class"),
            ("id,kind,owner,class\na,password,o\n", .csv, "row 2: 3 fields"),
            ("id,kind,owner,class,colour\n", .csv, "unknown column `colour`"),
            ("id,kind,owner,class\n\"a,password,o,x\n", .csv, "not closed"),
            ("id,kind,owner,class\na,password,o,person-password\na,password,o,person-password\n", .csv, "row 3: credential `a` appears twice"),
            ("id,kind,owner,class\n123-45-6789,password,o,person-password\n", .csv, "row 2: credential id looks like"),
            ("id,kind,owner,class,expires_at\na,password,o,person-password,soon\n", .csv, "row 2: `expires_at`"),
            ("{\"id\":\"a\"}\nnot json\n", .jsonl, "row 2: not a JSON object"),
            ("{\"id\":\"a\",\"kind\":\"password\",\"owner\":\"o\",\"class\":\"person-password\",\"x\":1}\n", .jsonl, "row 1: unknown key"),
            ("", .csv, "empty"),
        ]
        for (text, format, expected) in bad {
            do {
                _ = try CredentialImport.parse(text, format: format, rules: rules, now: Self.now)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.code == .invalidImport)
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }
}
