import AccessModel
import ArgumentParser
import Credentials
import Operations
import Store

struct CredentialsRecordFailureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-failure",
        abstract: "Record a failed authentication attempt; at the class's threshold the credential is locked for the class's minutes.")

    @Argument(help: "Credential id.") var id: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let rules = try credentials.rotationRules(policies: store.policies)
            do {
                let record = try store.operations().recordFailedAttempt(id, rules: rules, by: store.operator_).record
                if record.state == .locked, let until = record.lockedUntil {
                    print("credential \(record.id): locked until \(until) after \(record.failedAttempts) failed attempts")
                } else {
                    print("credential \(record.id): \(record.failedAttempts) failed attempt(s)")
                }
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
