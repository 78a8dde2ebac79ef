import AccessModel
import CredentialServices
import Credentials
import Foundation
import Store
import Synchronization
import Testing

@Suite("rotation reminders", .serialized)
struct ReminderRunTests {
    static let now = Timestamp(parsing: "2026-06-01T09:00:00Z")!

    /// Three database logins: due in 10 days, in 3 days, and 2 days overdue; one fresh.
    func seeded(_ folder: URL) throws -> SQLiteStore {
        let store = try Support.store(in: folder)
        func login(_ id: String, rotatedDaysAgo: Int64) -> CredentialRecord {
            CredentialRecord(
                id: id, kind: .databaseLogin, owner: "svc-ehr", contact: "dba@hospital.example", rotationClass: "database-login",
                lastRotatedAt: Self.now.adding(days: -rotatedDaysAgo), target: "postgres://app:hunter2@db1:5432/ehr", createdAt: Self.now)
        }
        try store.importCredentials(
            [
                login("db-ten", rotatedDaysAgo: 80), login("db-three", rotatedDaysAgo: 87), login("db-late", rotatedDaysAgo: 92),
                login("db-new", rotatedDaysAgo: 1),
            ],
            actor: "test", at: Self.now)
        return store
    }

    final class Collector: ReminderSink, @unchecked Sendable {
        let name = "collector"
        let lines = Mutex<[String]>([])
        func deliver(_ reminder: Reminder, now: Timestamp) throws { lines.withLock { $0.append(reminder.text(now: now)) } }
    }

    @Test("each notice goes out once; later runs send nothing new; overdue is reported in the exit status")
    func once() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try seeded(folder)
        let collector = Collector()
        let run = ReminderRun(store: store, rules: try Support.rules(), sinks: [collector])
        let first = try run.run(at: Self.now)
        #expect(first.sent.map { "\($0.due.credential.id):\($0.stage)" } == ["db-late:overdue", "db-three:7d", "db-ten:14d"])
        #expect(first.exitStatus == 11)
        #expect(collector.lines.withLock { $0.allSatisfy { !$0.contains("hunter2") } })
        let second = try run.run(at: Self.now.adding(seconds: 3600))
        #expect(second.sent.isEmpty && second.exitStatus == 11)
        // Seven days on: db-ten reaches its 7-day notice; db-late is escalated.
        let week = try run.run(at: Self.now.adding(days: 7))
        #expect(Set(week.sent.map { "\($0.due.credential.id):\($0.stage)" }) == ["db-ten:7d", "db-three:overdue", "db-late:escalation"])
        // After rotation nothing is due for that credential.
        _ = try store.markRotated("db-late", expiresAt: nil, actor: "test", at: Self.now.adding(days: 7))
        #expect(try run.run(at: Self.now.adding(days: 7)).sent.isEmpty)
    }

    @Test("a webhook that fails at first is retried; one that stays down leaves the notice pending for the next run")
    func webhook() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try seeded(folder)
        let record = folder.appendingPathComponent("received.jsonl").path
        let flaky = try Peer(script: "webhook.py", arguments: ["flaky", record, "2"])
        defer { flaky.stop() }
        let sink = try WebhookSink(url: URL(string: "http://127.0.0.1:\(flaky.port)/hook")!, attempts: 3, timeout: 5, backoff: 0.05)
        let outcome = try ReminderRun(store: store, rules: try Support.rules(), sinks: [sink]).run(at: Self.now)
        #expect(outcome.sent.count == 3 && outcome.failed.isEmpty)
        let bodies = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
        #expect(bodies.count == 3)
        #expect(bodies.allSatisfy { $0.contains("\"type\":\"phiguard.rotation.") && !$0.contains("hunter2") })

        let store2 = try seeded(try Support.temporaryFolder())
        let down = try Peer(script: "webhook.py", arguments: ["down", record])
        defer { down.stop() }
        let failing = try WebhookSink(url: URL(string: "http://127.0.0.1:\(down.port)/hook")!, attempts: 2, timeout: 5, backoff: 0.05)
        let failed = try ReminderRun(store: store2, rules: try Support.rules(), sinks: [failing]).run(at: Self.now)
        #expect(failed.failed.count == 3 && failed.exitStatus == 1)
        #expect(failed.failed[0].1.contains("HTTP 500"))
        let pending = try store2.recordedReminders(for: ["db-ten", "db-three", "db-late"])
        #expect(pending.count == 3 && pending.allSatisfy { $0.status == "pending" && $0.attempts == 1 })
        // An unreachable address fails the same way, and the next run delivers once the receiver is back.
        let unreachable = try WebhookSink(url: URL(string: "http://127.0.0.1:\(Support.freePort())/hook")!, attempts: 1, timeout: 2, backoff: 0)
        #expect(try ReminderRun(store: store2, rules: try Support.rules(), sinks: [unreachable]).run(at: Self.now).failed.count == 3)
        let recovered = try ReminderRun(store: store2, rules: try Support.rules(), sinks: [sink]).run(at: Self.now)
        #expect(recovered.sent.count == 3)
        #expect(try store2.recordedReminders(for: ["db-ten"]).allSatisfy { $0.status == "sent" })
    }

    @Test("a sendmail-compatible mailer gets one message per notice on its standard input")
    func mailer() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try seeded(folder)
        let outbox = folder.appendingPathComponent("outbox").path
        let script = folder.appendingPathComponent("sendmail").path
        try "#!/bin/sh\n[ \"$1\" = \"-t\" ] || exit 64\ncat >> '\(outbox)'\necho '--' >> '\(outbox)'\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let outcome = try ReminderRun(store: store, rules: try Support.rules(), sinks: [try MailerSink(command: [script, "-t", "-oi"])]).run(
            at: Self.now)
        #expect(outcome.sent.count == 3)
        let mail = try String(contentsOfFile: outbox, encoding: .utf8)
        #expect(mail.components(separatedBy: "To: dba@hospital.example").count == 4)
        #expect(mail.contains("Subject: Overdue credential rotation: db-late"))
        let failing = try MailerSink(command: ["/bin/false"])
        let store2 = try seeded(try Support.temporaryFolder())
        #expect(try ReminderRun(store: store2, rules: try Support.rules(), sinks: [failing]).run(at: Self.now).failed.count == 3)
    }

    @Test("the run lock admits one run at a time")
    func lock() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("remind.lock").path
        let first = try RunLock(path: path, wait: 0)
        #expect(first != nil)
        #expect(try RunLock(path: path, wait: 0.2) == nil)
        withExtendedLifetime(first) {}
    }
}
