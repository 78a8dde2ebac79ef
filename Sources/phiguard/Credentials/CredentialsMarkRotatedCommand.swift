import AccessModel
import ArgumentParser
import Credentials
import Operations
import Store

struct CredentialsMarkRotatedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-rotated", abstract: "Record that a credential was rotated (clears compromise and lockout).")

    @Argument(help: "Credential id.") var id: String
    @Option(help: "When it was rotated (RFC 3339, a date, or now).") var at = "now"
    @Option(help: "Its new hard expiry, if any (a certificate's notAfter).") var expires: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let time = try Timestamp.argument(at, option: "--at")
            let expiry = try expires.map { (text: String) throws(CLIError) in try Timestamp.argument(text, option: "--expires") }
            do {
                let changed = try store.operations().markRotated(id, expiresAt: expiry, at: time, by: store.operator_)
                let (record, change) = (changed.record, changed.principalChange)
                print("credential \(record.id): rotated at \(time)" + (change.map { "; \($0.target) credential state is ok again" } ?? ""))
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
