import AccessModel
import ArgumentParser
import CredentialServices
import Credentials
import Foundation
import Operations
import Store

/// `phiguard password check`: one password per line on standard input, one result per line.
/// Exit 0 when every password is accepted, 1 otherwise, 2 when passwords could not be checked.
struct PasswordCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check passwords read from standard input, one per line.",
        discussion: """
            Prints one result per line; with --format json: {"accepted","score","guesses_log10","failures":[{"code","message"}],"feedback"}.
            With --user and a profile that keeps history or a minimum age, the store's password history is consulted.
            Exit 0 every password accepted, 1 some refused, 2 could not check (unknown profile, missing word lists).
            """)

    @Option(help: "Profile name (default nist-800-63b-4).") var profile: String?
    @Option(help: "The user the password is for (refused in the password; enables history checks).") var user: String?
    @Option(name: .customLong("context-word"), help: "A context-specific word to refuse (repeatable).") var contextWords: [String] = []
    @Flag(help: "The password is only used with a second factor (the shorter NIST minimum applies).") var mfa = false
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let factory = try credentials.passwordFactory(policies: store.policies)
            let checker: PasswordChecker
            do { checker = try factory.checker(profile: profile) } catch let error as CredentialsError {
                throw CLIError(credentials: error, exitCode: 2)
            }
            let needsStore = user != nil && (checker.profile.history > 0 || checker.profile.minimumAgeDays > 0)
            let service: PasswordService
            do {
                service = try PasswordService(
                    factory: factory, inventory: needsStore ? try store.openStore() : nil,
                    pepperFile: needsStore ? CredentialOptions.pepperFile(keys: store.keys) : nil)
            } catch {
                throw CLIError(code: OperationError(error).code, message: OperationError(error).message, exitCode: 2)
            }
            let prepared = checker.prepare(PasswordContext(userName: user, contextWords: contextWords, usesMFA: mfa))
            var allAccepted = true
            for line in BoundedLines(limit: PasswordChecker.maximumInputBytes) {
                var verdict: PasswordVerdict
                switch line {
                case .text(let password):
                    do { verdict = try service.check(password, checker: checker, prepared: prepared, at: .now) } catch {
                        throw CLIError(domainError: error)
                    }
                case .invalidUTF8:
                    verdict = .refused(PasswordFailure("invalid_utf8", "the password is not valid UTF-8 text"))
                case .tooLong:
                    verdict = .refused(PasswordFailure("too_long", "use at most \(checker.profile.maximumLength) characters"))
                }
                allAccepted = allAccepted && verdict.accepted
                print(output.format == .json ? verdict.jsonLine : verdict.textLine)
            }
            if !allAccepted { throw ExitCode(1) }
        }
    }
}
