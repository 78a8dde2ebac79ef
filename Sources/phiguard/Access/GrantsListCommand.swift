import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct GrantsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List grants, optionally filtered.")

    @Option(help: "Only grants for this grantee (principal:ID or role:ID).") var grantee: String?
    @Flag(help: "Only grants in force now.") var active = false
    @Flag(help: "Include revoked grants.") var revoked = false
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let directory = try store.openStore().loadDirectory()
            let now = Timestamp.now
            let grants = directory.grants.values.filter { grant in
                (grantee == nil || grant.grantee.description == grantee) && (!active || grant.isActive(at: now)) && (revoked || !grant.isRevoked)
            }.sorted { $0.id < $1.id }
            for grant in grants {
                switch output.format {
                case .json: print(grant.json.serialized)
                case .text:
                    let state = grant.isRevoked ? "revoked" : grant.isActive(at: now) ? "active" : "inactive"
                    print(
                        "\(grant.id)\t\(grant.grantee)\t\(state)\tactions=\(grant.actions.map(\.rawValue).joined(separator: ","))\tpurposes=\(grant.purposes.map(\.rawValue).joined(separator: ","))\tuntil=\(grant.validUntil?.description ?? "-")"
                    )
                }
            }
        }
    }
}
