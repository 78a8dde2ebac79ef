import ArgumentParser

/// `phiguard conn`: connection-string hygiene.
struct ConnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conn",
        abstract: "Find database connection strings that skip or weaken TLS verification.",
        subcommands: [ConnLintCommand.self])
}
