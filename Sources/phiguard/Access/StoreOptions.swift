import AccessModel
import ArgumentParser
import Cedar
import Credentials
import Foundation
import Operations
import Server
import Store

/// Where PHIGuard's state lives. Defaults suit `make run`: `./var/phiguard.sqlite`, keys in
/// `./var/keys`, policies in `./Policies`. Environment variables override the defaults.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (env PHIGUARD_DATABASE).")
    var database: String = environmentVariable("PHIGUARD_DATABASE") ?? "var/phiguard.sqlite"

    @Option(name: .long, help: "Folder of the audit keys, kept outside the database (env PHIGUARD_KEYS).")
    var keys: String = environmentVariable("PHIGUARD_KEYS") ?? "var/keys"

    @Option(name: .long, help: "Policy folder (env PHIGUARD_POLICIES).")
    var policies: String = environmentVariable("PHIGUARD_POLICIES") ?? "Policies"

    @Option(name: .long, help: "Who makes the change, for the audit log (env PHIGUARD_ACTOR, else $USER).")
    var actor: String = environmentVariable("PHIGUARD_ACTOR") ?? environmentVariable("USER") ?? "cli"

    func openStore() throws(CLIError) -> any PHIGuardStore {
        do {
            return try Store.openStore(path: database, keysFolder: URL(fileURLWithPath: keys))
        } catch {
            throw CLIError(domainError: error)
        }
    }

    /// The directory with each principal's last activity taken from the audit log.
    func loadDirectoryWithActivity() throws(CLIError) -> AccessDirectory {
        let opened = try openStore()
        do {
            var directory = try opened.loadDirectory()
            directory.recordActivity(try opened.lastActivity())
            return directory
        } catch {
            throw CLIError(domainError: error)
        }
    }

    func loadBundle() throws(CLIError) -> PolicyBundle {
        do {
            return try PolicyFolder.load(policies)
        } catch let problems as PolicyBundle.Problems {
            throw CLIError(code: "invalid_policies", message: "\(policies):\n" + problems.messages.map { "  \($0)" }.joined(separator: "\n"))
        } catch {
            throw CLIError(domainError: error)
        }
    }

    /// The operations layer on this database, for the local operator `actor`.
    func operations() throws(CLIError) -> Operations { Operations(store: try openStore()) }

    var operator_: Caller { .localOperator(actor) }

    /// Runs one audited directory change through the operations layer and prints what happened.
    func perform<T>(_ change: (Operations, Caller) throws(OperationError) -> Changed<T>) throws(CLIError) {
        let operations = try operations()
        do {
            let done = try change(operations, operator_)
            print("\(done.action) \(done.target): done (audit record \(done.auditRecord)\(done.revision.map { ", revision \($0)" } ?? ""))")
        } catch {
            throw CLIError(domainError: error)
        }
    }
}

extension CLIError {
    init(credentials error: CredentialsError, exitCode: Int32? = nil) {
        self.init(code: error.code.rawValue, message: error.message, exitCode: exitCode)
    }

    /// Maps the modules' errors to a CLI error with their stable code and the error table's exit code.
    init(domainError error: any Error) {
        switch error {
        case let error as CLIError: self = error
        case let error as ServerConfiguration.Problem: self.init(code: "invalid_configuration", message: error.message)
        case let error as PolicyBundle.Problems: self.init(code: "invalid_policies", message: error.messages.joined(separator: "\n"))
        default:
            let mapped = OperationError(error)
            self.init(code: mapped.code, message: mapped.message)
        }
    }
}

extension Timestamp {
    /// Parses a command-line time: RFC 3339, a date, or `now`.
    static func argument(_ text: String, option: String) throws(CLIError) -> Timestamp {
        if text == "now" { return .now }
        guard let value = Timestamp(parsing: text) else {
            throw CLIError(code: "invalid_time", message: "\(option): `\(text)` is not a time; use 2026-01-31 or 2026-01-31T08:00:00Z")
        }
        return value
    }
}

/// Parses `CODE` values of an enum for an option, naming the valid ones on error.
func parseCode<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, option: String) throws(CLIError) -> T where T.RawValue == String {
    guard let value = T(rawValue: text) else {
        throw CLIError(
            code: "unknown_code", message: "\(option): unknown value `\(text)`; use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}
