import AccessModel
import ArgumentParser
import Credentials
import Store

struct CredentialsUnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Lift a lockout once the user's identity is confirmed.")

    @Argument(help: "Credential id.") var id: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            do {
                let (record, _) = try store.openStore().unlock(id, actor: store.actor, at: .now)
                print("credential \(record.id): unlocked")
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
