import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard grants …`: PHI-access grants.
struct GrantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants",
        abstract: "Create, list, show and revoke PHI-access grants.",
        subcommands: [GrantsAddCommand.self, GrantsListCommand.self, GrantsShowCommand.self, GrantsRevokeCommand.self]
    )
}
