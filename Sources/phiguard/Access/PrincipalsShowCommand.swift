import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct PrincipalsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one principal, its roles and grants.")

    @Argument var id: String
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let directory = try store.loadDirectoryWithActivity()
            let principal: Principal
            do { principal = try directory.principal(id) } catch { throw CLIError(domainError: error) }
            switch output.format {
            case .json: print(principal.json(roles: directory.activeRoles(of: principal.id, at: .now)).serialized)
            case .text:
                print("id: \(principal.id)\nkind: \(principal.kind.rawValue)\nname: \(principal.displayName)")
                print("departments: \(principal.departments.joined(separator: ", "))\nstatus: \(principal.status.rawValue)")
                print(
                    "credential: \(principal.credentialState.rawValue)\nmfa enrolled: \(principal.mfaEnrolled)\nbreak-glass eligible: \(principal.breakGlassEligible)"
                )
                print("roles: \(directory.activeRoles(of: principal.id, at: .now).joined(separator: ", "))")
                print("last active: \(principal.lastActiveAt?.description ?? "never")")
            }
        }
    }
}
