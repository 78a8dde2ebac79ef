import AccessModel
import ArgumentParser
import CredentialServices
import Credentials
import Foundation
import Store

/// `phiguard rotation remind`: the cron job. Silent with exit 0 when nothing is due.
struct RotationRemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind", abstract: "Send each due rotation notice once (cron job).",
        discussion: """
            Notices go to standard output (cron mails it) unless --webhook or --mailer is given (--stdout adds it back). \
            Each notice is sent once per credential, due date and lead time; a notice a sink refused stays pending and is retried next run. \
            Exit: 0 nothing due (nothing printed); 10 notices sent; 11 something is overdue; 1 a notice could not be delivered; \
            75 another run holds the lock; 2 bad configuration.
            """)

    @Option(help: "POST each notice as JSON to this URL (retried).") var webhook: String?
    @Option(help: "Attempts per webhook notice.") var webhookAttempts = 3
    @Option(help: "A sendmail-compatible command, e.g. \"/usr/sbin/sendmail -t -oi\".") var mailer: String?
    @Flag(help: "Also print notices when a webhook or mailer is set.") var stdout = false
    @Option(help: "Seconds to wait for another run's lock.") var lockWait: Double = 60
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let rules = try credentials.rotationRules(policies: store.policies)
            var sinks: [any ReminderSink] = []
            do {
                if let webhook {
                    guard let url = URL(string: webhook) else {
                        throw CLIError(code: "invalid_webhook", message: "--webhook is not a URL", exitCode: 2)
                    }
                    sinks.append(try WebhookSink(url: url, attempts: webhookAttempts))
                }
                if let mailer { sinks.append(try MailerSink(command: mailer.split(separator: " ").map(String.init))) }
            } catch let error as DeliveryError {
                throw CLIError(code: error.code, message: error.message, exitCode: 2)
            }
            if sinks.isEmpty || stdout { sinks.append(StandardOutputSink()) }
            let lockPath = ((store.database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("rotation-remind.lock")
            let lock: RunLock?
            do { lock = try RunLock(path: lockPath, wait: lockWait) } catch { throw CLIError(code: "lock_failed", message: "\(error)", exitCode: 2) }
            guard let lock else {
                throw CLIError(code: "run_in_progress", message: "another `rotation remind` run holds \(lockPath); nothing was sent", exitCode: 75)
            }
            let outcome: ReminderRun.Outcome
            do {
                outcome = try ReminderRun(store: try store.openStore(), rules: rules, sinks: sinks).run(at: .now)
            } catch {
                throw CLIError(domainError: error)
            }
            withExtendedLifetime(lock) {}
            for (reminder, problem) in outcome.failed {
                FileHandle.standardError.write(
                    Data("error: delivery_failed: notice \(reminder.stage) for \(reminder.due.credential.id) stays pending: \(problem)\n".utf8))
            }
            if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
        }
    }
}
