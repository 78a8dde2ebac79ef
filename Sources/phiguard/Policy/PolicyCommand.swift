import ArgumentParser

/// `phiguard policy …`: checks of the policy folder PHIGuard enforces (`Policies/` by default).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check the policy folder (Policies/).",
        subcommands: [PolicyValidateCommand.self, PolicyTestCommand.self]
    )
}
