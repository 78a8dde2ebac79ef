import ArgumentParser

/// `phiguard keys`: API keys of the HTTP service.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke the HTTP service's API keys (scopes: decide, admin, audit).",
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self])
}
