import ArgumentParser
import Operations
import Store

struct KeysRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API key (a running service stops accepting it within 2 seconds).")

    @Argument(help: "The key id (the part after `phg_`).") var id: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            do { _ = try store.operations().revokeKey(id, by: store.operator_) } catch { throw CLIError(domainError: error) }
            print("key \(id): revoked")
        }
    }
}
