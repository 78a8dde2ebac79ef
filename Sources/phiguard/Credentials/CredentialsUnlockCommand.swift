import AccessModel
import ArgumentParser
import Credentials
import Operations
import Store

struct CredentialsUnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Lift a lockout once the user's identity is confirmed.")

    @Argument(help: "Credential id.") var id: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            do {
                let record = try store.operations().unlock(id, by: store.operator_).record
                print("credential \(record.id): unlocked")
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
