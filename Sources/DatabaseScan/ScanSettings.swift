public import DatabaseTLS
import Foundation
import Yams

/// The `--rules FILE` settings: rules turned off, severities changed, thresholds. Unknown keys and
/// unknown rule ids are errors, so a typo never silently turns a rule off.
///
///     disabled: [PG-LOG-02]          # with a reason in the file's comments
///     severity: {PG-PWD-04: medium}
///     max_password_age_days: 365     # MY-PWD-02 and the rotation proof
///     max_password_lifetime_days: 365  # MY-PWD-01: the server's default_password_lifetime
public struct ScanSettings: Sendable, Hashable {
    public var disabled: Set<String> = []
    public var severities: [String: Severity] = [:]
    public var maximumPasswordAgeDays = 365
    public var maximumPasswordLifetimeDays = 365

    public init() {}

    /// Reads the YAML through Yams' node composer, never its type constructor (which traps on some
    /// malformed mappings: a fuzz finding, Tests/Fuzz/regressions/db-scan-inputs).
    public init(yaml text: String, source: String) throws(ScanError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ScanError(.invalidScanRules, "\(source) is not valid YAML")
        }
        guard let root else { return }
        guard let map = root.mapping else { throw ScanError(.invalidScanRules, "\(source) must be a mapping of settings") }
        let known = Set(ScanRule.all.map(\.id))
        func ruleID(_ node: Node) throws(ScanError) -> String {
            guard let id = node.scalar?.string, known.contains(id) else {
                throw ScanError(.invalidScanRules, "\(source): unknown rule `\(node.scalar?.string ?? "?")`")
            }
            return id
        }
        for (keyNode, value) in map {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "disabled":
                guard let ids = value.sequence else { throw ScanError(.invalidScanRules, "\(source): disabled must be a list of rule ids") }
                for node in ids { disabled.insert(try ruleID(node)) }
            case "severity":
                guard let pairs = value.mapping else {
                    throw ScanError(.invalidScanRules, "\(source): severity must map rule ids to info, low, medium, high or critical")
                }
                for (idNode, nameNode) in pairs {
                    let id = try ruleID(idNode)
                    guard let name = nameNode.scalar?.string, let severity = Severity(rawValue: name) else {
                        throw ScanError(.invalidScanRules, "\(source): the severity of \(id) is not info, low, medium, high or critical")
                    }
                    severities[id] = severity
                }
            case "max_password_age_days", "max_password_lifetime_days":
                guard let days = value.scalar.flatMap({ Int($0.string) }), (1...3650).contains(days) else {
                    throw ScanError(.invalidScanRules, "\(source): \(key) must be a number of days from 1 to 3650")
                }
                if key == "max_password_age_days" { maximumPasswordAgeDays = days } else { maximumPasswordLifetimeDays = days }
            default:
                throw ScanError(
                    .invalidScanRules,
                    "\(source): unknown setting `\(key)` (disabled, severity, max_password_age_days, max_password_lifetime_days)")
            }
        }
    }
}

/// PHIGuard's own record of when each login of one server was last rotated: PostgreSQL keeps no
/// password-changed time, so this is the only proof of rotation there is.
public struct RotationLedger: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var credentialID: String
        /// Seconds since 1970; nil when the inventory knows the login but not a rotation.
        public var lastRotated: Int64?
        /// The rotation class's maximum age; nil when the class sets none.
        public var maximumAgeDays: Int?

        public init(credentialID: String, lastRotated: Int64?, maximumAgeDays: Int?) {
            self.credentialID = credentialID
            self.lastRotated = lastRotated
            self.maximumAgeDays = maximumAgeDays
        }
    }

    /// By login name. `available` is false when no inventory was given: the rotation proof is then
    /// not assessable rather than failing every login.
    public var entries: [String: Entry]
    public var available: Bool

    public init(entries: [String: Entry] = [:], available: Bool = false) {
        self.entries = entries
        self.available = available
    }
}
