public import DatabaseTLS

/// One posture rule in the model of Microsoft's SQL Vulnerability Assessment: a read-only query
/// whose result rows are the findings (an empty result passes), compared with an approved baseline
/// row by row. Settings are written the same way (`… WHERE setting <> 'on'` returns a row only when
/// wrong), so a baseline can approve a deliberate deviation exactly like a superuser it knows.
public struct ScanRule: Sendable {
    /// What the scanner does with a rule's rows besides judging them.
    public enum Role: Sendable {
        case posture
        /// Its rows are every identifier (kind, name, where): they also feed the PHI column inventory.
        case identifiers
        /// Its rows are logins (login, changed-at): `--record` takes them, and a finding is the same
        /// finding for baselines whatever its message says today (the login alone is fingerprinted).
        case rotationProof
    }

    public let id: String
    public let role: Role
    public let engine: ScanTarget.Engine
    public let title: String
    public let severity: Severity
    /// The HIPAA Security Rule sections the rule serves, such as `164.312(e)(1)`.
    public let hipaa: [String]
    /// Equivalent items elsewhere: CIS, Microsoft VA, pgdsat, dev-sec.
    public let anchors: [String]
    /// Names of the finding row's cells.
    public let columns: [String]
    public let sql: String
    /// What to change so the rule passes.
    public let fix: String
    /// The privilege the query needs; a permission error makes the rule "not assessable", never a pass.
    public let needs: String
    /// What PHIGuard decides from the rows, for rules whose rows are not findings as they stand.
    public let judged: String
    /// Turns raw result rows into finding rows; nil: every row is a finding as it stands.
    let judge: (@Sendable ([[String?]], ScanContext) throws(RuleNotAssessable) -> [[String]])?
    /// A reason the rule does not apply to this server (given the results of rules before it), or nil.
    let notApplicable: (@Sendable (ScanContext) -> String?)?

    init(
        _ id: String, _ engine: ScanTarget.Engine, _ title: String, role: Role = .posture, severity: Severity, hipaa: [String], anchors: [String],
        columns: [String], sql: String, fix: String, needs: String = "", judged: String = "",
        judge: (@Sendable ([[String?]], ScanContext) throws(RuleNotAssessable) -> [[String]])? = nil,
        notApplicable: (@Sendable (ScanContext) -> String?)? = nil
    ) {
        self.id = id
        self.role = role
        self.engine = engine
        self.title = title
        self.severity = severity
        self.hipaa = hipaa
        self.anchors = anchors
        self.columns = columns
        self.sql = sql
        self.fix = fix
        self.needs = needs
        self.judged = judged
        precondition((judge == nil) == judged.isEmpty, "\(id): a rule with a judge says what it judges")
        self.judge = judge
        self.notApplicable = notApplicable
    }

    /// Every rule, PostgreSQL's first.
    public static var all: [ScanRule] { PostgresRules.all + MariaDBRules.all }

    public static func rules(for engine: ScanTarget.Engine) -> [ScanRule] {
        engine == .postgres ? PostgresRules.all : MariaDBRules.all
    }
}

/// What a rule can see besides its own rows: the scan settings, the results of the rules that ran
/// before it, and PHIGuard's own rotation ledger for this server.
public struct ScanContext: Sendable {
    public var settings: ScanSettings
    public var ledger: RotationLedger
    /// Finding rows of the rules evaluated so far, by rule id (nil: not assessed).
    public var earlier: [String: [[String]]] = [:]
    /// Now, in seconds since 1970 (tests fix it).
    public var now: Int64

    public init(settings: ScanSettings, ledger: RotationLedger, now: Int64) {
        self.settings = settings
        self.ledger = ledger
        self.now = now
    }
}

/// The outcome of one rule on one target.
public struct RuleResult: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// The query ran and returned no finding.
        case passed
        /// New findings: rows the baseline does not approve.
        case failed
        /// Rows returned, every one approved by an unexpired baseline entry.
        case approved
        /// The scan lacks a privilege or the server lacks the catalog: neither a pass nor a fail.
        case notAssessable = "not_assessable"
        /// The rule does not apply here (for example per-account TLS when the server requires TLS for all).
        case notApplicable = "not_applicable"
        /// Turned off in the rules file.
        case disabled
    }

    public var rule: String
    public var title: String
    public var severity: Severity
    public var status: Status
    public var hipaa: [String]
    public var anchors: [String]
    public var columns: [String]
    /// Rows the baseline does not approve (or approves only with an expired entry).
    public var findings: [FindingRow]
    public var approved: [FindingRow]
    public var note: String?
    public var fix: String

    enum CodingKeys: String, CodingKey {
        case rule, title, severity, status, hipaa, anchors, columns, findings, approved, note, fix
    }
}

/// One finding row: the cells as reported (identifiers that look like PHI already redacted) and a
/// fingerprint that baselines match on.
public struct FindingRow: Sendable, Codable, Hashable {
    public var cells: [String]
    public var fingerprint: String
    /// Set when a baseline entry matched but has expired.
    public var expiredApproval: String?

    enum CodingKeys: String, CodingKey {
        case cells, fingerprint
        case expiredApproval = "expired_approval"
    }
}
