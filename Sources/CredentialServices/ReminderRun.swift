public import AccessModel
public import Credentials
public import Foundation
public import Store

/// One `phiguard rotation remind` run: under an exclusive lock, plan the notices that are due and
/// not yet sent, record each as pending, hand it to the sinks, and mark it sent. A notice a sink
/// refused stays pending and is tried again by the next run; a sent one is never sent again.
public struct ReminderRun {
    public struct Outcome: Sendable {
        public var sent: [Reminder] = []
        public var failed: [(Reminder, String)] = []
        /// Credentials past their due date, whether or not a notice went out this run.
        public var overdue = 0
        /// Lockouts that ran out and were lifted.
        public var unlocked = 0

        /// The documented exit status: 0 nothing due, 10 notices sent, 11 something overdue, 1 a
        /// notice could not be delivered.
        public var exitStatus: Int32 {
            if !failed.isEmpty { return 1 }
            if overdue > 0 { return 11 }
            return sent.isEmpty ? 0 : 10
        }
    }

    public let store: any PHIGuardStore
    public let rules: RotationRules
    public let sinks: [any ReminderSink]

    public init(store: any PHIGuardStore, rules: RotationRules, sinks: [any ReminderSink]) {
        self.store = store
        self.rules = rules
        self.sinks = sinks
    }

    public func run(at now: Timestamp) throws -> Outcome {
        var outcome = Outcome()
        outcome.unlocked = try store.unlockExpired(at: now).count
        var candidates: [CredentialRecord] = []
        try store.forEachDue(rules: rules, until: now.adding(ReminderPlanner.horizon(rules))) { due in
            candidates.append(due.credential)
            if due.dueAt <= now { outcome.overdue += 1 }
        }
        guard !candidates.isEmpty else { return outcome }
        let recorded = try store.recordedReminders(for: candidates.map(\.id))
        let sentKeys = Set(recorded.filter { $0.status == "sent" }.map(\.key))
        let plan = ReminderPlanner.plan(candidates, rules: rules, now: now, recorded: sentKeys)
        try store.recordPendingReminders(plan, at: now)
        for reminder in plan {
            var problems: [String] = []
            for sink in sinks {
                do {
                    try sink.deliver(reminder, now: now)
                } catch {
                    problems.append("\(sink.name): \(error)")
                }
            }
            if problems.isEmpty {
                try store.markReminderSent(reminder.key, at: now)
                outcome.sent.append(reminder)
            } else {
                let problem = problems.joined(separator: "; ")
                try store.markReminderFailed(reminder.key, error: problem)
                outcome.failed.append((reminder, problem))
            }
        }
        return outcome
    }
}

/// An exclusive advisory lock on a file (`flock`), so overlapping cron runs cannot both send.
public final class RunLock {
    let descriptor: Int32
    public let path: String

    /// Waits up to `wait` seconds for the lock; nil when another run still holds it.
    public init?(path: String, wait: TimeInterval) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DeliveryError(code: "lock_failed", message: "cannot open the lock file `\(path)`") }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if Date() >= deadline {
                close(descriptor)
                return nil
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
