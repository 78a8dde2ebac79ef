import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct PrincipalsCredentialStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential-state", abstract: "Set a principal's credential state (ok, expiring, expired, compromised, locked).")

    @Argument var id: String
    @Argument var state: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let state = try parseCode(state, Principal.CredentialState.self, option: "STATE")
            try store.perform { operations, actor throws(OperationError) in try operations.setCredentialState(of: id, to: state, by: actor) }
        }
    }
}
