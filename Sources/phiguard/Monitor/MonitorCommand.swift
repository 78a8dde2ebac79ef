import ArgumentParser

/// `phiguard monitor …`: privacy monitoring of access logs (docs/monitoring.md).
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Find likely snooping in access logs and group it into cases for the privacy office.",
        subcommands: [MonitorRunCommand.self, MonitorRulesCommand.self])
}
