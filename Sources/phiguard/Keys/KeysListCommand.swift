import ArgumentParser
import Store

struct KeysListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List API keys (never their secrets).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let keys: [APIKey]
            do { keys = try store.openStore().apiKeys() } catch { throw CLIError(domainError: error) }
            for key in keys {
                let state = key.revokedAt.map { "revoked \($0)" } ?? "active"
                print(
                    "\(key.id)\t\(key.name)\t\(key.scopes.map(\.rawValue).joined(separator: ","))\tcreated \(key.createdAt) by \(key.createdBy)\t\(state)"
                )
            }
        }
    }
}
