public import AccessModel
public import Credentials
import DatabaseTLS
public import Foundation

/// Where rotation notices go. A sink either delivers a notice or throws; the notice then stays
/// pending and the next run tries again.
public protocol ReminderSink: Sendable {
    var name: String { get }
    func deliver(_ reminder: Reminder, now: Timestamp) throws
}

/// The failure of a sink, with a stable code; never holds a secret.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var description: String { "\(code): \(message)" }
}

extension Reminder {
    /// One line for people (and for cron's mail).
    public func text(now: Timestamp) -> String {
        let credential = due.credential
        let days = due.daysLeft(at: now)
        let when: String
        switch stage {
        case "overdue": when = "is OVERDUE for rotation since \(due.dueAt) (\(-days) day(s))"
        case "escalation": when = "is OVERDUE for rotation since \(due.dueAt) (\(-days) day(s)); escalated"
        default: when = "is due for rotation on \(due.dueAt) (in \(days) day(s))"
        }
        let why = due.reason == .compromised ? " because it is marked compromised" : due.reason == .expiry ? " (it expires)" : ""
        return
            "\(credential.kind.rawValue) \(credential.id) (owner \(credential.owner), class \(credential.rotationClass)) \(when)\(why) [\(stage) notice to \(recipient)]"
    }

    /// The webhook body: what is due, never a secret.
    public func json(now: Timestamp) -> [String: Any] {
        let credential = due.credential
        var body: [String: Any] = [
            "type": "phiguard.rotation.\(isOverdue ? stage : "reminder")", "stage": stage, "recipient": recipient,
            "due_at": due.dueAt.description, "days_left": due.daysLeft(at: now), "reason": due.reason.rawValue,
            "credential": [
                "id": credential.id, "kind": credential.kind.rawValue, "owner": credential.owner, "class": credential.rotationClass,
            ],
        ]
        if let target = credential.target { body["target"] = ConnectionStringMasking.mask(target) }
        return body
    }
}

/// Standard output: cron mails what a job prints.
public struct StandardOutputSink: ReminderSink {
    public let name = "stdout"
    let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = { print($0) }) { self.write = write }

    public func deliver(_ reminder: Reminder, now: Timestamp) throws { write(reminder.text(now: now)) }
}

/// A JSON POST to a webhook, retried with backoff; any 2xx is delivery.
public struct WebhookSink: ReminderSink {
    public let name = "webhook"
    public let url: URL
    public let attempts: Int
    public let timeout: TimeInterval
    public let backoff: TimeInterval
    let headers: [String: String]

    public init(url: URL, attempts: Int = 3, timeout: TimeInterval = 10, backoff: TimeInterval = 0.5, headers: [String: String] = [:])
        throws(DeliveryError)
    {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
            throw DeliveryError(code: "invalid_webhook", message: "the webhook must be an http or https URL")
        }
        self.url = url
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.backoff = backoff
        self.headers = headers
    }

    public func deliver(_ reminder: Reminder, now: Timestamp) throws {
        let body = try JSONSerialization.data(withJSONObject: reminder.json(now: now), options: [.sortedKeys])
        var lastProblem = ""
        for attempt in 1...attempts {
            if attempt > 1 { Thread.sleep(forTimeInterval: backoff * Double(1 << (attempt - 2))) }
            var fields = ["Content-Type": "application/json", "User-Agent": "phiguard-rotation"]
            for (field, value) in headers { fields[field] = value }
            switch HTTPExchange.perform(method: "POST", url: url, headers: fields, body: body, timeout: timeout) {
            case .answer(let status, _) where (200..<300).contains(status): return
            case .answer(let status, _): lastProblem = "HTTP \(status)"
            case .problem(let problem): lastProblem = problem
            }
        }
        throw DeliveryError(
            code: "webhook_failed", message: "\(url.host ?? "webhook") did not accept the notice after \(attempts) attempt(s): \(lastProblem)")
    }
}

/// A sendmail-compatible mailer (`/usr/sbin/sendmail -t -oi` by default) fed the message on stdin.
public struct MailerSink: ReminderSink {
    public let name = "mail"
    public let command: [String]
    public let sender: String

    public init(command: [String] = ["/usr/sbin/sendmail", "-t", "-oi"], sender: String = "phiguard") throws(DeliveryError) {
        guard let program = command.first, !program.isEmpty else {
            throw DeliveryError(code: "invalid_mailer", message: "the mailer command is empty")
        }
        self.command = command
        self.sender = sender
    }

    public func deliver(_ reminder: Reminder, now: Timestamp) throws {
        // Header values come from the inventory: keep them to one line.
        func header(_ text: String) -> String { String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init)) }
        let subject =
            reminder.isOverdue
            ? "Overdue credential rotation: \(reminder.due.credential.id)" : "Credential rotation due: \(reminder.due.credential.id)"
        let message = """
            To: \(header(reminder.recipient))
            From: \(header(sender))
            Subject: \(header(subject))
            Content-Type: text/plain; charset=utf-8

            \(reminder.text(now: now))

            Rotate it, then record the rotation: phiguard credentials mark-rotated \(reminder.due.credential.id)

            """
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(command, input: Data(message.utf8), timeout: 30)
        } catch {
            throw DeliveryError(code: "mailer_failed", message: "\(error)")
        }
        guard result.status == 0 else {
            let why = result.timedOut ? "did not finish within 30 s" : "exited with \(result.status): \(result.output.prefix(200))"
            throw DeliveryError(code: "mailer_failed", message: "`\(command[0])` \(why)")
        }
    }
}
