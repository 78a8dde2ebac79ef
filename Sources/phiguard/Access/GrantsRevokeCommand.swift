import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct GrantsRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a grant at once (it stays on record).")

    @Argument var id: String
    @Option(help: "Why the grant is revoked.") var reason: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try store.perform { operations, actor throws(OperationError) in try operations.revokeGrant(id, reason: reason, by: actor) }
        }
    }
}
