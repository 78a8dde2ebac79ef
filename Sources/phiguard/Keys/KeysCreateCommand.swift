import ArgumentParser
import Cedar
import Operations
import Store

struct KeysCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API key and print its secret once (only its hash is stored).")

    @Option(help: "What the key is for, e.g. ehr-gateway.") var name: String
    @Option(name: .customLong("scope"), help: "decide, admin or audit (repeatable).") var scopes: [String]
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let parsed = try scopes.map { (text: String) throws(CLIError) in try parseCode(text, APIKey.Scope.self, option: "--scope") }
            let created: CreatedAPIKey
            do { created = try store.operations().createKey(name: name, scopes: parsed, by: store.operator_) } catch {
                throw CLIError(domainError: error)
            }
            switch output.format {
            case .json:
                print(
                    JSON.object(
                        JSONObject([
                            ("id", .string(created.key.id)), ("name", .string(created.key.name)),
                            ("scopes", .array(created.key.scopes.map { .string($0.rawValue) })), ("token", .string(created.token)),
                        ])
                    ).serialized)
            case .text:
                print("key \(created.key.id) (\(created.key.scopes.map(\.rawValue).joined(separator: ","))); shown once:")
                print(created.token)
            }
        }
    }
}
