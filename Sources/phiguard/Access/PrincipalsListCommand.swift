import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct PrincipalsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List principals.")

    @Option(help: "Only principals with this status.") var status: String?
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let wanted = try status.map { (text: String) throws(CLIError) in try parseCode(text, Principal.Status.self, option: "--status") }
            let directory = try store.loadDirectoryWithActivity()
            let principals = directory.principals.values.filter { wanted == nil || $0.status == wanted }.sorted { $0.id < $1.id }
            for principal in principals {
                switch output.format {
                case .text:
                    print(
                        "\(principal.id)\t\(principal.kind.rawValue)\t\(principal.status.rawValue)\tcredential=\(principal.credentialState.rawValue)\troles=\(directory.activeRoles(of: principal.id, at: .now).joined(separator: ","))"
                    )
                case .json:
                    print(principal.json(roles: directory.activeRoles(of: principal.id, at: .now)).serialized)
                }
            }
        }
    }
}
