import ArgumentParser

/// The `phiguard` root command. It only lists subcommands; each lives in its own file
/// and delegates to a library module.
///
/// Exit codes shared by every subcommand (see `docs/cli.md`):
/// - 0: success
/// - 1: a check failed, or access was denied where a command says so
/// - 2: deny, where a command says so
/// - 64: usage error (unknown option, bad value)
///
/// `PHIGuardMain` is the entry point.
struct PHIGuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phiguard",
        abstract: "Access-control and credential-rotation policy service for Protected Health Information.",
        discussion: """
            Exit codes: 0 success; 1 a check failed (or access denied where a command says so); \
            2 deny where a command says so; 64 usage error.
            """,
        version: PHIGuardVersion.current,
        subcommands: [
            VersionCommand.self,
            CedarCommand.self,
            PolicyCommand.self,
            PrincipalsCommand.self,
            RolesCommand.self,
            GrantsCommand.self,
            DecideCommand.self,
            AuditCommand.self,
            ReviewCommand.self,
            KeysCommand.self,
            ServeCommand.self,
            TLSCommand.self,
            ConnCommand.self,
            PasswordCommand.self,
            CredentialsCommand.self,
            RotationCommand.self,
            DBCommand.self,
            MonitorCommand.self,
        ]
    )
}
