import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct GrantsRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a grant at once (it stays on record).")

    @Argument var id: String
    @Option(help: "Why the grant is revoked.") var reason: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors { try store.apply(.revokeGrant(grantID: id, by: store.actor, at: .now, reason: reason)) }
    }
}
