import AccessModel
import ArgumentParser
import Credentials
import DatabaseScan
import Foundation
import Store

/// `phiguard db scan URL…`: read-only posture scans, compared with an approved baseline.
struct DBScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan databases read-only: PHI in identifiers, PHI columns, TLS, pg_hba/accounts, passwords, privileges, audit logging.",
        discussion: """
            URLs: postgresql://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=FILE, and the same shape with mysql:// or \
            mariadb://. The password comes from $PHIGUARD_DB_PASSWORD or --password-file (one password, or pgpass lines \
            host:port:database:user:password), never from the URL. TLS is verified by PHIGuard's own verifier before the \
            password is sent, and again by the driver. The scan writes nothing to the database. Rules: docs/db-scan.md. \
            Exit codes: 0 nothing new; 1 new findings (not in the baseline); 2 a target could not be reached or verified, \
            or a rule could not be assessed (disable it in --rules to accept that); 64 usage error.
            """)

    @Argument(help: "Database URLs.") var urls: [String] = []
    @Option(help: "Rule settings (YAML): disabled, severity, max_password_age_days, max_password_lifetime_days.") var rules: String?
    @Option(help: "Approved rows (JSON, from --write-baseline): only new findings are reported.") var baseline: String?
    @Option(help: "Write every finding of this scan as approved to FILE (merged into --baseline's entries), then exit 0.")
    var writeBaseline: String?
    @Option(help: "Owner recorded with --write-baseline entries.") var owner: String?
    @Option(help: "Why the rows are acceptable, recorded with --write-baseline.") var justification: String?
    @Option(help: "Last day (YYYY-MM-DD) --write-baseline approvals hold; at most 366 days ahead.") var expires: String?
    @Option(help: "Output format: text, json, junit or sarif.") var format: String = "text"
    @Option(help: "A file with the password, or pgpass lines (host:port:database:user:password).") var passwordFile: String?
    @Flag(help: "Add the logins found to the credential inventory (--database), with the server's password-changed time where it has one.")
    var record = false
    @Option(help: "Seconds to wait for each connection.") var timeout: Int = 10
    @Option(
        help:
            "Also read the first N rows (1-1000) of each table in memory and add columns whose values look like SSNs, e-mail addresses or phone numbers to the PHI column inventory; values are never kept or printed."
    )
    var sample: Int?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let code: Int32
        do {
            code = try await scan()
        } catch {
            throw error.report()
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// Scans and prints; returns the exit code.
    private func scan() async throws(CLIError) -> Int32 {
        guard let output = ScanFormat(rawValue: format) else {
            throw CLIError(code: "invalid_format", message: "--format must be text, json, junit or sarif", exitCode: 2)
        }
        guard !urls.isEmpty else { throw CLIError(code: "no_endpoints", message: "give one or more database URLs", exitCode: 2) }
        guard (1...300).contains(timeout) else { throw CLIError(code: "invalid_option", message: "--timeout must be 1 to 300 seconds", exitCode: 2) }
        if let sample, !(1...1000).contains(sample) {
            throw CLIError(code: "invalid_option", message: "--sample must be 1 to 1000 rows", exitCode: 2)
        }
        let approval = try approvalFields()
        let passwords = PasswordSource(
            environmentPassword: environmentVariable("PHIGUARD_DB_PASSWORD"),
            fileText: try passwordFile.map { path throws(CLIError) in try readInput(path, what: "password") })
        var targets: [ScanTarget] = []
        for url in urls {
            do {
                var target = try ScanTarget(url: url)
                target.password = passwords.password(for: target)
                targets.append(target)
            } catch {
                throw CLIError(code: error.code.rawValue, message: error.message, exitCode: 2)
            }
        }
        var options = ScanOptions(now: Int64(Date().timeIntervalSince1970))
        options.timeoutSeconds = timeout
        options.sampleRows = sample ?? 0
        let rulesText = try rules.map { path throws(CLIError) in (path, try readInput(path, what: "scan rules")) }
        let baselineText = try baseline.map { path throws(CLIError) in (path, try readInput(path, what: "baseline")) }
        do {
            if let (path, text) = rulesText { options.settings = try ScanSettings(yaml: text, source: path) }
            if let (path, text) = baselineText { options.baseline = try Baseline(data: Data(text.utf8), source: path) }
        } catch {
            throw CLIError(code: error.code.rawValue, message: error.message, exitCode: 2)
        }
        let inventory = try openInventory()
        if let inventory { options.ledgers = try ledgers(for: targets, inventory: inventory) }

        let reports = await DatabaseScanner.scan(targets, options: options)
        print(output.render(reports), terminator: "")
        if record, let inventory { try recordLogins(reports, targets: targets, inventory: inventory) }
        if let writeBaseline, let approval {
            var updated = options.baseline ?? Baseline()
            updated.approve(reports, owner: approval.owner, justification: approval.justification, expires: approval.expires)
            guard FileManager.default.createFile(atPath: writeBaseline, contents: updated.encoded()) else {
                throw CLIError(code: "file_unwritable", message: "cannot write the baseline `\(writeBaseline)`", exitCode: 2)
            }
            FileHandle.standardError.write(Data("baseline written to \(writeBaseline)\n".utf8))
            return reports.contains(where: { $0.status == .unreachable }) ? 2 : 0
        }
        return ScanFormat.exitCode(reports)
    }

    private func approvalFields() throws(CLIError) -> (owner: String, justification: String, expires: String)? {
        guard writeBaseline != nil else {
            if owner != nil || justification != nil || expires != nil {
                throw CLIError(code: "invalid_option", message: "--owner, --justification and --expires go with --write-baseline", exitCode: 2)
            }
            return nil
        }
        guard let owner, !owner.isEmpty, let justification, !justification.isEmpty, let expires else {
            throw CLIError(code: "invalid_option", message: "--write-baseline needs --owner, --justification and --expires YYYY-MM-DD", exitCode: 2)
        }
        let now = Date().timeIntervalSince1970
        guard let end = Baseline.endOfDay(expires), end > Int64(now), end <= Int64(now) + 367 * 86_400 else {
            throw CLIError(code: "invalid_option", message: "--expires must be a day (YYYY-MM-DD) from today to a year ahead", exitCode: 2)
        }
        return (owner, justification, expires)
    }

    private func readInput(_ path: String, what: String) throws(CLIError) -> String {
        do {
            return try readTextFile(path, what: what)
        } catch {
            var error = error
            error.exitCode = 2
            throw error
        }
    }

    /// The store, when there is one to join with: the rotation proof needs it; a scan without it
    /// still runs and reports the proof as not assessable.
    private func openInventory() throws(CLIError) -> (any PHIGuardStore)? {
        guard FileManager.default.fileExists(atPath: store.database) else {
            if record { throw CLIError(code: "file_not_readable", message: "--record needs the store `\(store.database)`", exitCode: 2) }
            return nil
        }
        do {
            return try store.openStore()
        } catch {
            var error = error
            error.exitCode = 2
            throw error
        }
    }

    /// Each target's database logins in the inventory, with their class's maximum age.
    private func ledgers(for targets: [ScanTarget], inventory: any PHIGuardStore) throws(CLIError) -> [String: RotationLedger] {
        let rotationRules = try? CredentialOptions().rotationRules(policies: store.policies)
        var logins: [CredentialRecord] = []
        do {
            var after: String?
            while true {
                let page = try inventory.credentials(kind: .databaseLogin, owner: nil, state: nil, after: after, limit: 1000)
                logins += page
                guard page.count == 1000, let last = page.last?.id else { break }
                after = last
            }
        } catch {
            var failure = CLIError(domainError: error)
            failure.exitCode = 2
            throw failure
        }
        var ledgers: [String: RotationLedger] = [:]
        for target in targets {
            var ledger = RotationLedger(available: true)
            for login in logins where LoginTarget.matches(login.target, target) {
                guard let user = login.username, login.state != .retired else { continue }
                let maximumAge = rotationRules?.classes[login.rotationClass]?.maximumAge.map { Int($0.seconds / 86_400) }
                ledger.entries[user] = RotationLedger.Entry(
                    credentialID: login.id, lastRotated: login.lastRotatedAt.map { $0.milliseconds / 1000 }, maximumAgeDays: maximumAge)
            }
            ledgers[target.key] = ledger
        }
        return ledgers
    }

    private func recordLogins(_ reports: [TargetReport], targets: [ScanTarget], inventory: any PHIGuardStore) throws(CLIError) {
        var records: [CredentialRecord] = []
        var skipped = 0
        for (report, target) in zip(reports, targets) {
            for login in report.logins {
                guard let record = LoginTarget.record(login, target: target, owner: owner ?? "dba", at: .now) else {
                    skipped += 1
                    continue
                }
                records.append(record)
            }
        }
        do {
            let added = try inventory.recordDatabaseLogins(records, actor: store.actor, at: .now)
            var line = "recorded \(records.count) database logins (\(added) new or changed) in \(store.database)"
            if skipped > 0 { line += "; \(skipped) not recorded: their names look like PHI" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } catch {
            var failure = CLIError(domainError: error)
            failure.exitCode = 2
            throw failure
        }
    }
}
