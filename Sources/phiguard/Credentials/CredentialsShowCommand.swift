import ArgumentParser
import Store

struct CredentialsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one credential and when it is due.")

    @Argument(help: "Credential id.") var id: String
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let rules = try credentials.rotationRules(policies: store.policies)
            do {
                store.show(CredentialRecordView(try store.openStore().credential(id), rules: rules), format: output.format)
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
