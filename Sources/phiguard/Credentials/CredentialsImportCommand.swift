import ArgumentParser
import Credentials
import Foundation
import Store

/// `phiguard credentials import --format csv|jsonl FILE`: all rows or none.
struct CredentialsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import credentials from CSV (with a header row) or JSON lines; a bad row imports nothing.",
        discussion: "Fields: \(CredentialImport.fields.joined(separator: ", ")); id, kind, owner and class are required.")

    @Option(help: "csv or jsonl.") var format: String
    @Argument(help: "The file to import.") var file: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let parsedFormat = try parseCode(format, CredentialImport.Format.self, option: "--format")
            let rules = try credentials.rotationRules(policies: store.policies)
            let text = try readTextFile(file, what: "credential")
            do {
                let records = try CredentialImport.parse(text, format: parsedFormat, rules: rules, now: .now)
                let audit = try store.openStore().importCredentials(records, actor: store.actor, at: .now)
                print("imported \(records.count) credential(s) (audit record \(audit.seq))")
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
