import ArgumentParser

/// `phiguard rotation …`: what is due, reminders from cron, and rotating database logins.
struct RotationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotation",
        abstract: "Credential rotation: list what is due, send reminders (cron), rotate PostgreSQL logins.",
        subcommands: [RotationDueCommand.self, RotationRemindCommand.self, RotationRotateCommand.self]
    )
}
