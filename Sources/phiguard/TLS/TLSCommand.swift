import ArgumentParser

/// `phiguard tls`: TLS checks of database endpoints (a deployment gate).
struct TLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls",
        abstract: "Check that database endpoints present certificates their clients can trust.",
        subcommands: [TLSCheckCommand.self])
}
