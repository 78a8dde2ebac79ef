import AccessModel
import ArgumentParser
import Cedar
import Credentials
import Foundation
import Server
import Store

/// Where PHIGuard's state lives. Defaults suit `make run`: `./var/phiguard.sqlite`, keys in
/// `./var/keys`, policies in `./Policies`. Environment variables override the defaults.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (env PHIGUARD_DATABASE).")
    var database: String = ProcessInfo.processInfo.environment["PHIGUARD_DATABASE"] ?? "var/phiguard.sqlite"

    @Option(name: .long, help: "Folder of the audit keys, kept outside the database (env PHIGUARD_KEYS).")
    var keys: String = ProcessInfo.processInfo.environment["PHIGUARD_KEYS"] ?? "var/keys"

    @Option(name: .long, help: "Policy folder (env PHIGUARD_POLICIES).")
    var policies: String = ProcessInfo.processInfo.environment["PHIGUARD_POLICIES"] ?? "Policies"

    @Option(name: .long, help: "Who makes the change, for the audit log (env PHIGUARD_ACTOR, else $USER).")
    var actor: String = ProcessInfo.processInfo.environment["PHIGUARD_ACTOR"] ?? ProcessInfo.processInfo.environment["USER"] ?? "cli"

    func openStore() throws(CLIError) -> SQLiteStore {
        do {
            return try SQLiteStore(path: database, keysFolder: URL(fileURLWithPath: keys))
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

    /// Applies one audited change and prints what happened.
    func apply(_ change: DirectoryChange) throws(CLIError) {
        let store = try openStore()
        do {
            let record = try store.apply(change, actor: actor, at: .now)
            print("\(change.action) \(change.target): done (audit record \(record.seq))")
        } catch {
            throw CLIError(domainError: error)
        }
    }
}

extension CLIError {
    init(credentials error: CredentialsError, exitCode: Int32 = 1) {
        self.init(code: error.code.rawValue, message: error.message, exitCode: exitCode)
    }

    /// Maps the modules' errors to a CLI error with their stable code.
    init(domainError error: any Error) {
        switch error {
        case let error as CLIError: self = error
        case let error as AccessModelError: self.init(code: error.code.rawValue, message: error.message)
        case let error as StoreError: self.init(code: error.code.rawValue, message: error.message)
        case let error as CredentialsError: self.init(credentials: error)
        case let error as PolicyBundle.Problems: self.init(code: "invalid_policies", message: error.messages.joined(separator: "\n"))
        case let error as ServerConfiguration.Problem: self.init(code: "invalid_configuration", message: error.message)
        default: self.init(code: "error", message: "\(error)")
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
