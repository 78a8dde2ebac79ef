import ArgumentParser
import Credentials
import Store

struct CredentialsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List credentials, by id.")

    @Option(help: "Only this kind.") var kind: String?
    @Option(help: "Only this owner.") var owner: String?
    @Option(help: "Only this state: active, compromised, locked, retired.") var state: String?
    @Option(help: "At most this many.") var limit = 1000
    @Option(help: "Start after this id (paging).") var after: String?
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let kind = try kind.map { (text: String) throws(CLIError) in try parseCode(text, CredentialRecord.Kind.self, option: "--kind") }
            let state = try state.map { (text: String) throws(CLIError) in try parseCode(text, CredentialRecord.State.self, option: "--state") }
            let rules = try credentials.rotationRules(policies: store.policies)
            do {
                for record in try store.openStore().credentials(kind: kind, owner: owner, state: state, after: after, limit: limit) {
                    store.show(CredentialRecordView(record, rules: rules), format: output.format)
                }
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
