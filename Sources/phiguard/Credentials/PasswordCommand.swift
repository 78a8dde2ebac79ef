import ArgumentParser

/// `phiguard password …`: check passwords against profiles, record changes in the history.
struct PasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Check passwords against a profile (NIST SP 800-63B-4, PCI DSS 4, CIS, custom).",
        subcommands: [PasswordCheckCommand.self, PasswordChangeCommand.self, PasswordBenchCommand.self]
    )
}
