import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct PrincipalsAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a principal with a unique, opaque id.")

    @Argument(help: "Unique id (no PHI: not an SSN, MRN, date of birth or phone number).") var id: String
    @Option(help: "user or service-account.") var kind: String = "user"
    @Option(help: "Display name.") var name: String
    @Option(name: .customLong("department"), help: "Department id (repeatable).") var departments: [String] = []
    @Flag(help: "The user is enrolled in multi-factor authentication.") var mfa = false
    @Flag(name: .customLong("break-glass-eligible"), help: "The user may break the glass in an emergency.") var breakGlassEligible = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let kind = try parseCode(kind, Principal.Kind.self, option: "--kind")
            if kind == .serviceAccount, breakGlassEligible {
                throw CLIError(code: "invalid_principal", message: "service accounts never break the glass")
            }
            let principal = Principal(
                id: id, kind: kind, displayName: name, departments: departments, mfaEnrolled: mfa, breakGlassEligible: breakGlassEligible,
                createdAt: .now)
            try store.perform { operations, actor throws(OperationError) in try operations.addPrincipal(principal, by: actor) }
        }
    }
}
