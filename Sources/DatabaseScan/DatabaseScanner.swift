import DatabaseTLS
import Foundation

/// What the scan of one target found.
public struct TargetReport: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// Connected and every enabled rule ran (some may be not assessable).
        case scanned
        /// Could not verify TLS, connect or log in: nothing was assessed.
        case unreachable
    }

    public var target: String
    /// The baseline key (`postgres://host:port/db`).
    public var key: String
    public var engine: ScanTarget.Engine
    public var status: Status
    public var error: ScanError?
    public var serverVersion: String?
    /// What PHIGuard's own TLS verifier saw before the driver connected.
    public var tls: TLSSummary?
    public var rules: [RuleResult]
    /// Columns that hold PHI by their names: an inventory, not findings.
    public var phiColumns: [PHIColumn]
    public var identifiersScanned: Int
    /// What `--sample` left out, if anything.
    public var samplingNote: String?
    /// The logins the rotation proof looked at, for `--record`; never in an output (a name may look like PHI).
    public var logins: [DiscoveredLogin] = []
    public var milliseconds: Double

    enum CodingKeys: String, CodingKey {
        case target, key, engine, status, error, tls, rules, milliseconds
        case serverVersion = "server_version"
        case phiColumns = "phi_columns"
        case identifiersScanned = "identifiers_scanned"
        case samplingNote = "sampling_note"
    }

    /// A target that was not scanned: no rule ran.
    public static func notScanned(_ target: ScanTarget, error: ScanError?) -> TargetReport {
        TargetReport(
            target: target.displayURL, key: target.key, engine: target.engine, status: .unreachable, error: error, serverVersion: nil, tls: nil,
            rules: [], phiColumns: [], identifiersScanned: 0, samplingNote: nil, milliseconds: 0)
    }

    /// Rules with new findings.
    public var failedRules: [RuleResult] { rules.filter { $0.status == .failed } }
    public var notAssessable: [RuleResult] { rules.filter { $0.status == .notAssessable } }
}

extension ScanError: Codable {
    enum CodingKeys: String, CodingKey { case code, message }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode(Code.self, forKey: .code), try container.decode(String.self, forKey: .message))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}

/// The client side of the TLS cross-check: the certificate PHIGuard verified.
public struct TLSSummary: Sendable, Codable, Hashable {
    public var protocolVersion: String?
    public var cipher: String?
    public var leafSubject: String?
    public var leafSHA256: String?
    public var daysLeft: Int?

    enum CodingKeys: String, CodingKey {
        case cipher
        case protocolVersion = "protocol"
        case leafSubject = "leaf_subject"
        case leafSHA256 = "leaf_sha256"
        case daysLeft = "days_left"
    }
}

public struct ScanOptions: Sendable {
    public var settings: ScanSettings
    public var baseline: Baseline?
    /// The rotation ledger of each target, by target key.
    public var ledgers: [String: RotationLedger]
    public var timeoutSeconds = 10
    /// Rows per table to sample for the PHI column inventory (0: names only, the default).
    public var sampleRows = 0
    /// Seconds since 1970; tests fix it.
    public var now: Int64

    public init(settings: ScanSettings = ScanSettings(), baseline: Baseline? = nil, ledgers: [String: RotationLedger] = [:], now: Int64) {
        self.settings = settings
        self.baseline = baseline
        self.ledgers = ledgers
        self.now = now
    }
}

/// Runs the posture rules against live databases, read-only: verify TLS with PHIGuard's own
/// verifier, log in with the driver (which verifies again with the same roots), run every rule's
/// query, judge the rows, subtract the baseline.
public enum DatabaseScanner {
    /// At most this many targets are scanned at once.
    static let concurrentTargets = 8

    /// Scans every target, a few at a time; reports come back in the order of `targets`.
    public static func scan(_ targets: [ScanTarget], options: ScanOptions) async -> [TargetReport] {
        await withTaskGroup(of: (Int, TargetReport).self) { group in
            var next = 0
            func start() {
                guard next < targets.count else { return }
                let (index, target) = (next, targets[next])
                group.addTask { (index, await scan(target, options: options)) }
                next += 1
            }
            for _ in 0..<concurrentTargets { start() }
            var reports = [TargetReport?](repeating: nil, count: targets.count)
            for await (index, report) in group {
                reports[index] = report
                start()
            }
            return reports.compactMap { $0 }
        }
    }

    public static func scan(_ target: ScanTarget, options: ScanOptions) async -> TargetReport {
        let started = DispatchTime.now().uptimeNanoseconds
        var report = TargetReport.notScanned(target, error: nil)
        let session: any CatalogSession
        do {
            if target.tlsMode == .verifyFull { report.tls = try await verifyTLS(target, timeoutSeconds: options.timeoutSeconds) }
            switch target.engine {
            case .postgres: session = try await PostgresSession.open(target, timeoutSeconds: options.timeoutSeconds)
            case .mariadb: session = try await MariaDBSession.open(target, timeoutSeconds: options.timeoutSeconds)
            }
        } catch {
            report.error = error
            report.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            return report
        }
        report.status = .scanned
        report.serverVersion = await session.serverVersion
        var context = ScanContext(settings: options.settings, ledger: options.ledgers[target.key] ?? RotationLedger(), now: options.now)
        for rule in ScanRule.rules(for: target.engine) {
            let result = await evaluate(
                rule, session: session, context: &context, report: &report, baseline: options.baseline, key: target.key,
                sampleRows: options.sampleRows)
            report.rules.append(result)
        }
        await session.close()
        report.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return report
    }

    static func evaluate(
        _ rule: ScanRule, session: any CatalogSession, context: inout ScanContext, report: inout TargetReport, baseline: Baseline?, key: String,
        sampleRows: Int = 0
    ) async -> RuleResult {
        var result = RuleResult(
            rule: rule.id, title: rule.title, severity: context.settings.severities[rule.id] ?? rule.severity, status: .passed, hipaa: rule.hipaa,
            anchors: rule.anchors, columns: rule.columns, findings: [], approved: [], note: nil, fix: rule.fix)
        if context.settings.disabled.contains(rule.id) {
            result.status = .disabled
            return result
        }
        if let reason = rule.notApplicable?(context) {
            result.status = .notApplicable
            result.note = reason
            return result
        }
        let rows: [[String?]]
        do {
            rows = try await session.rows(rule.sql)
        } catch {
            result.status = .notAssessable
            result.note =
                switch error.kind {
                case .notPermitted: "needs \(rule.needs.isEmpty ? "more privilege" : rule.needs): \(error.message)"
                case .missing: "the server lacks what this rule reads (\(error.message))"
                case .failed: "the query failed: \(error.message)"
                }
            return result
        }
        if rule.role == .rotationProof {
            report.logins = rows.compactMap { row in
                row.first.flatMap { $0 }.map { DiscoveredLogin(name: $0, passwordChanged: row.count > 1 ? row[1].flatMap { Int64($0) } : nil) }
            }
        }
        if rule.role == .identifiers {
            report.identifiersScanned = rows.count
            report.phiColumns = IdentifierFindings.inventory(rows)
            if sampleRows > 0 {
                let sampled = await ValueSampling.sample(rows, known: report.phiColumns, rows: sampleRows, engine: rule.engine, session: session)
                report.phiColumns += sampled.columns
                report.samplingNote = sampled.note
            }
        }
        let findings: [[String]]
        do {
            findings = try rule.judge?(rows, context) ?? rows.map { $0.map { $0 ?? "NULL" } }
        } catch {
            result.status = .notAssessable
            result.note = error.reason
            return result
        }
        context.earlier[rule.id] = findings
        for cells in findings.map({ Redaction.redactIdentifiers($0, columns: rule.columns) }) {
            let identity = rule.role == .rotationProof ? Array(cells.prefix(1)) : cells
            var row = FindingRow(cells: cells, fingerprint: Baseline.fingerprint(rule: rule.id, cells: identity), expiredApproval: nil)
            if let entry = baseline?.entry(target: key, rule: rule.id, fingerprint: row.fingerprint) {
                if let end = Baseline.day(entry.expires), end > context.now {
                    result.approved.append(row)
                    continue
                }
                row.expiredApproval = "approved by \(entry.owner) until \(entry.expires)"
            }
            result.findings.append(row)
        }
        result.status = !result.findings.isEmpty ? .failed : (result.approved.isEmpty ? .passed : .approved)
        return result
    }

    /// PHIGuard's own verifier: chain to the given roots, host name, dates, protocol. The driver's
    /// own verification follows with the same roots; both must pass.
    static func verifyTLS(_ target: ScanTarget, timeoutSeconds: Int) async throws(ScanError) -> TLSSummary {
        let endpoint = try target.tlsEndpoint()
        let anchors: TrustAnchors
        do {
            anchors = try TrustAnchors(files: target.rootCertificate.map { [$0] } ?? [], systemTrust: target.rootCertificate == nil)
        } catch {
            throw ScanError(.fileUnreadable, "cannot load the TLS roots: \(error.message)")
        }
        var policy = TLSPolicy()
        // The deep probes belong to `phiguard tls check`; the scan needs a verified channel.
        policy.probeCipherSuites = false
        policy.probeLegacyProtocols = false
        var checkOptions = CheckOptions(anchors: anchors, policy: policy)
        checkOptions.timeoutSeconds = Double(timeoutSeconds)
        let options = checkOptions
        let report: EndpointReport = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: TLSChecker.check(endpoint, options: options)) }
        }
        if let error = report.error {
            throw ScanError(.connectFailed, "\(target.host):\(target.port): \(error.message)")
        }
        let blocking = report.checks.filter { $0.outcome == .fail && $0.severity >= .high }
        guard blocking.isEmpty else {
            throw ScanError(
                .tlsVerificationFailed,
                "\(target.host):\(target.port) failed PHIGuard's TLS verification, so no password was sent: "
                    + blocking.map { "\($0.check.rawValue): \($0.message)" }.joined(separator: "; "))
        }
        let leaf = report.certificates.first
        return TLSSummary(
            protocolVersion: report.session?.protocolVersion, cipher: report.session?.cipher, leafSubject: leaf?.subject,
            leafSHA256: leaf?.sha256Fingerprint, daysLeft: leaf.map { Int(($0.notAfter - Int64(Date().timeIntervalSince1970)) / 86_400) })
    }
}
