import AccessModel
import ArgumentParser
import Credentials
import Operations
import Store

struct CredentialsMarkCompromisedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-compromised",
        abstract: "Mark a credential compromised: it is due at once, and its principal's decisions deny until it is rotated.")

    @Argument(help: "Credential id.") var id: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            do {
                let changed = try store.operations().markCompromised(id, by: store.operator_)
                let (record, change) = (changed.record, changed.principalChange)
                var message = "credential \(record.id): compromised; rotate it at once"
                if let change { message += "; principal \(change.target) now denied (credential state compromised)" }
                print(message)
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
