public import AccessModel

/// A credential that is due (or overdue) for rotation.
public struct DueCredential: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// The class's maximum age is reached.
        case age
        /// A hard expiry (certificate notAfter, `VALID UNTIL`).
        case expiry
        /// Marked compromised: rotate at once.
        case compromised
    }

    public var credential: CredentialRecord
    public var dueAt: Timestamp
    public var reason: Reason

    /// Whole days left until the due date, negative when overdue (rounded towards the past).
    public func daysLeft(at now: Timestamp) -> Int64 {
        let milliseconds = dueAt.milliseconds - now.milliseconds
        return milliseconds >= 0 ? milliseconds / 86_400_000 : -((-milliseconds + 86_399_999) / 86_400_000)
    }

    public init(credential: CredentialRecord, rotationClass: RotationClass?) {
        self.credential = credential
        dueAt = credential.dueAt(rotationClass) ?? Timestamp(milliseconds: .max)
        if credential.state == .compromised {
            reason = .compromised
        } else if let expiry = credential.expiresAt, expiry <= dueAt {
            reason = .expiry
        } else {
            reason = .age
        }
    }
}

/// One notice to send: a lead-time reminder, the overdue notice, or the escalation.
public struct Reminder: Sendable, Hashable {
    /// `14d`, `7d`, … for reminders before the due date; `overdue`; `escalation`.
    public var stage: String
    public var due: DueCredential
    /// Who receives it: the credential's contact, the class's contact, the owner, or the escalation contact.
    public var recipient: String

    /// Identifies the notice across runs: the same credential, due date and stage are sent once.
    public var key: ReminderKey { ReminderKey(credentialID: due.credential.id, dueAt: due.dueAt, stage: stage) }

    public var isOverdue: Bool { stage == "overdue" || stage == "escalation" }
}

public struct ReminderKey: Sendable, Hashable {
    public var credentialID: String
    public var dueAt: Timestamp
    public var stage: String

    public init(credentialID: String, dueAt: Timestamp, stage: String) {
        self.credentialID = credentialID
        self.dueAt = dueAt
        self.stage = stage
    }
}

/// Decides which notices are due now. Pure: the caller supplies the credentials, the rules, the
/// time and the notices already recorded (sent or pending).
public enum ReminderPlanner {
    /// The notices to send for `candidates`, in due-date order. At most one lead-time reminder per
    /// credential and due date is current: the shortest lead time that has been reached, so a credential
    /// imported three days before its due date gets the 7-day reminder, not the 14-day one as well.
    public static func plan(_ candidates: [CredentialRecord], rules: RotationRules, now: Timestamp, recorded: Set<ReminderKey>)
        -> [Reminder]
    {
        var reminders: [Reminder] = []
        for credential in candidates {
            let rotationClass = rules.classes[credential.rotationClass]
            guard credential.dueAt(rotationClass) != nil else { continue }
            let due = DueCredential(credential: credential, rotationClass: rotationClass)
            let recipient = credential.contact ?? rotationClass?.contact ?? credential.owner
            func add(_ stage: String, to recipient: String) {
                let reminder = Reminder(stage: stage, due: due, recipient: recipient)
                if !recorded.contains(reminder.key) { reminders.append(reminder) }
            }
            if now >= due.dueAt {
                add("overdue", to: recipient)
                if let after = rotationClass?.escalateAfter, let contact = rotationClass?.escalateTo, now >= due.dueAt.adding(after) {
                    add("escalation", to: contact)
                }
                continue
            }
            let leads = (rotationClass?.reminders ?? []).sorted()
            if let lead = leads.first(where: { now >= due.dueAt.adding(seconds: -$0.seconds) }) {
                add(lead.description, to: recipient)
            }
        }
        return reminders.sorted {
            ($0.due.dueAt.milliseconds, $0.due.credential.id, $0.stage) < ($1.due.dueAt.milliseconds, $1.due.credential.id, $1.stage)
        }
    }

    /// How far ahead of now a credential may be due and still need a notice: the longest lead time.
    public static func horizon(_ rules: RotationRules) -> Period {
        rules.classes.values.flatMap(\.reminders).max() ?? .days(0)
    }
}
