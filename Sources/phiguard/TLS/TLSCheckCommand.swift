import AccessModel
import ArgumentParser
import CredentialServices
import DatabaseTLS
import Foundation
import Store

struct TLSCheckCommand: ParsableCommand {
    /// `_superCommandName` only matters when this command is parsed on its own (`PHIGuardMain`'s
    /// fast path for deployment gates): ArgumentParser then skips its check for a completion-script
    /// request, which reflects on two more commands (3 ms of every run); such a request fails that
    /// parse and takes the root path, where the root's configuration rules help and completion.
    static let configuration = CommandConfiguration(
        commandName: "check",
        _superCommandName: "phiguard tls",
        abstract: "Handshake with database endpoints and check their certificates (chain, host, dates, key, signature, protocols).",
        discussion: """
            URLs: postgres://host:port (add ?sslnegotiation=direct for PostgreSQL 17 direct TLS), mysql:// or mariadb://, \
            sqlserver://host:port (add ?encrypt=strict for TDS 8), mongodb://, rediss://, tls://host:port. \
            Exit codes: 0 every check passed; 1 a check failed; 2 an endpoint could not be checked \
            (unreachable, protocol error, timeout) or an input was invalid.
            """)

    @Argument(help: "Endpoint URLs.")
    var urls: [String] = []

    @Option(name: .long, help: "A file of endpoint URLs, one per line (# comments).")
    var inventory: String?

    @Option(name: .long, help: "CA certificates to chain to: a PEM file or a folder of them.")
    var ca: String = Defaults.ca

    @Flag(name: .long, help: "Also trust the system's CA store.")
    var systemTrust = false

    @Option(name: .long, help: "The name to send as SNI and match in the certificate, instead of the URL's host.")
    var servername: String?

    @Option(name: .long, help: "Fail when a certificate has fewer days left (overrides the policy's min_days).")
    var minDays: Int?

    @Option(name: .long, help: "Accepted SPKI pin, sha256/BASE64 (repeatable).")
    var pin: [String] = []

    @Option(name: .long, help: "Seconds allowed per connection, connect to handshake.")
    var timeout: Double = Defaults.timeout

    @Option(name: .long, help: "Check settings (YAML); Policies/tls.yaml when present.")
    var policy: String?

    @Option(name: .long, help: "Endpoints checked at the same time.")
    var concurrency: Int = Defaults.concurrency

    @Option(name: .long, help: "Output format: text, json or junit.")
    var format: String = Defaults.format

    @Flag(name: .long, help: "In text output, list passed and skipped checks too.")
    var verbose = false

    @Flag(name: .long, help: "Record each endpoint's certificate expiry in the credential inventory (--database), so rotation reminders cover it.")
    var record = false

    @Option(name: .long, help: "SQLite database for --record (env PHIGUARD_DATABASE).")
    var database: String = Defaults.database

    @Option(name: .long, help: "Audit key folder for --record (env PHIGUARD_KEYS).")
    var keys: String = Defaults.keys

    @Option(name: .long, help: "Owner of recorded certificates.")
    var owner = Defaults.owner

    func run() throws {
        do {
            let (endpoints, invalid) = try endpointsToCheck()
            let options = try checkOptions()
            let progress = progressPrinter(total: endpoints.count)
            var reports = TLSChecker.checkAll(endpoints, options: options, concurrency: concurrency, progress: progress)
            if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            reports += invalid
            let output = try reportFormat().render(reports, policy: options.policy, verbose: verbose)
            FileHandle.standardOutput.write(Data(output.utf8))
            if record { try recordExpiries(reports) }
            let code = ReportFormat.exitCode(reports)
            if code != 0 { throw ExitCode(code) }
        } catch let error as TLSCheckError {
            throw CLIError(code: error.code.rawValue, message: error.message, exitCode: 2).report()
        } catch let error as CLIError {
            throw error.report()
        }
    }

    /// Each presented leaf as a `tls-certificate` credential (a new notAfter counts as a rotation).
    private func recordExpiries(_ reports: [EndpointReport]) throws(CLIError) {
        let records = CertificateInventory.records(from: reports, owner: owner, rotationClass: "tls-certificate", at: .now)
        do {
            let store = try openStore(path: database, keysFolder: URL(fileURLWithPath: keys))
            let changed = try store.recordCertificates(records, actor: environmentVariable("USER") ?? "cli", at: .now)
            FileHandle.standardError.write(Data("recorded \(records.count) certificate expiries (\(changed) new or changed) in \(database)\n".utf8))
        } catch {
            var failure = CLIError(domainError: error)
            failure.exitCode = 2
            throw failure
        }
    }

    private func reportFormat() throws(CLIError) -> ReportFormat {
        guard let format = ReportFormat(rawValue: format) else {
            throw CLIError(code: "invalid_format", message: "--format must be text, json or junit", exitCode: 2)
        }
        return format
    }

    /// Parsed endpoints, plus error reports for URLs that do not parse (they still count towards exit 2).
    private func endpointsToCheck() throws -> ([Endpoint], [EndpointReport]) {
        var texts = urls
        if let inventory {
            let text = try readTextFile(inventory, what: "inventory")
            texts += text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        guard !texts.isEmpty else {
            throw CLIError(code: "no_endpoints", message: "give endpoint URLs or --inventory FILE", exitCode: 2)
        }
        guard (1...256).contains(concurrency), timeout > 0, timeout <= 300 else {
            throw CLIError(
                code: "invalid_option", message: "--concurrency must be 1 to 256 and --timeout more than 0 and at most 300 seconds", exitCode: 2)
        }
        var endpoints: [Endpoint] = []
        var invalid: [EndpointReport] = []
        for text in texts {
            do {
                endpoints.append(try Endpoint(parsing: text))
            } catch {
                invalid.append(EndpointReport.unparsable(text, error: error))
            }
        }
        return (endpoints, invalid)
    }

    private func checkOptions() throws -> CheckOptions {
        var tlsPolicy = TLSPolicy()
        let policyPath = policy ?? (FileManager.default.fileExists(atPath: "Policies/tls.yaml") ? "Policies/tls.yaml" : nil)
        if let policyPath {
            tlsPolicy = try TLSPolicy(yaml: try readTextFile(policyPath, what: "TLS policy"), file: policyPath)
        }
        if let minDays {
            guard (0...3650).contains(minDays) else { throw CLIError(code: "invalid_option", message: "--min-days must be 0 to 3650", exitCode: 2) }
            tlsPolicy.minimumDays = minDays
        }
        let anchorFiles = try TrustAnchors.files(at: ca)
        let anchors = try TrustAnchors(files: anchorFiles, systemTrust: systemTrust)
        var options = CheckOptions(anchors: anchors, policy: tlsPolicy)
        options.serverName = servername
        options.pins = try pin.map { (value: String) throws(TLSCheckError) -> String in try CheckOptions.validatePin(value) }
        options.timeoutSeconds = timeout
        return options
    }

    /// "checked 3/100" on a terminal's standard error; nothing when redirected or for one endpoint.
    private func progressPrinter(total: Int) -> (@Sendable (Int) -> Void)? {
        guard total > 1, isatty(STDERR_FILENO) == 1 else { return nil }
        return { done in FileHandle.standardError.write(Data("\rchecked \(done)/\(total)".utf8)) }
    }
}
