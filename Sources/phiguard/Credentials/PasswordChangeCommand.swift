import AccessModel
import ArgumentParser
import CredentialServices
import Credentials
import Foundation
import Store

/// `phiguard password change --user U`: checks the new password read from standard input (with
/// history and minimum age) and, when accepted, records its Argon2id hash in the user's history.
struct PasswordChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Check a user's new password (first line of standard input) and record it in the history.",
        discussion: "Exit 0 accepted and recorded, 1 refused (nothing recorded), 2 could not check.")

    @Option(help: "Profile name (default nist-800-63b-4).") var profile: String?
    @Option(help: "The user whose password changes.") var user: String
    @Option(name: .customLong("context-word"), help: "A context-specific word to refuse (repeatable).") var contextWords: [String] = []
    @Flag(help: "The password is only used with a second factor.") var mfa = false
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            var lines = BoundedLines(limit: PasswordChecker.maximumInputBytes)
            guard case .text(let password)? = lines.next() else {
                throw CLIError(code: "invalid_input", message: "expected the new password as one line of UTF-8 on standard input", exitCode: 2)
            }
            let factory = try credentials.passwordFactory(policies: store.policies)
            let verdict: PasswordVerdict
            do {
                let service = try PasswordService(
                    factory: factory, inventory: try store.openStore(), pepperFile: CredentialOptions.pepperFile(keys: store.keys))
                verdict = try service.change(
                    password, profile: profile, context: PasswordContext(userName: user, contextWords: contextWords, usesMFA: mfa),
                    actor: store.actor, at: .now)
            } catch {
                var failure = CLIError(domainError: error)
                failure.exitCode = 2
                throw failure
            }
            print(output.format == .json ? verdict.jsonLine : verdict.textLine)
            if !verdict.accepted { throw ExitCode(1) }
        }
    }
}
