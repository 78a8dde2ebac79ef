public import AccessModel
import Crypto
import DatabaseTLS
import Foundation

/// PHI in identifiers, and the PHI column inventory, from the identifier rows of PG-ID-01 and
/// MY-ID-01: (kind, name, where).
enum IdentifierFindings {
    /// Finding rows: (kind, redacted name, what it looks like, where, with PHI-like parts redacted).
    static func findings(_ rows: [[String?]]) -> [[String]] {
        var findings: [[String]] = []
        var seen = Set<[String]>()
        for row in rows {
            guard row.count >= 3, let kind = row[0], let name = row[1], !name.isEmpty else { continue }
            let identifierClass: PHIClassifier.IdentifierClass =
                switch kind {
                case "login", "user", "role", "database": .account
                case "comment": .comment
                default: .object
                }
            guard let hit = PHIClassifier.phiIn(name, as: identifierClass) else { continue }
            let finding = [kind, Redaction.redact(name), hit.description, Redaction.redactParts(row[2] ?? "")]
            if seen.insert(finding).inserted { findings.append(finding) }
        }
        return findings
    }

    /// Columns whose names say they hold PHI: an inventory, not a finding.
    static func inventory(_ rows: [[String?]]) -> [PHIColumn] {
        var columns: [PHIColumn] = []
        // Relations repeat once per column: redact each once.
        var relations: [String: String] = [:]
        for row in rows where row.count >= 3 && row[0] == "column" {
            guard let name = row[1], let category = PHIClassifier.columnCategory(name) else { continue }
            let location = row[2] ?? ""
            let relation = relations[location] ?? Redaction.redactParts(location)
            relations[location] = relation
            columns.append(PHIColumn(relation: relation, column: Redaction.redactIfPHI(name), category: category))
        }
        return columns.sorted { ($0.relation, $0.column) < ($1.relation, $1.column) }
    }
}

/// A column that holds PHI, by its name or (with `--sample`) by the shape of its values.
public struct PHIColumn: Sendable, Codable, Hashable {
    public enum Basis: String, Sendable, Codable { case name, values }
    /// `schema.table` (PostgreSQL) or `database.table` (MariaDB).
    public var relation: String
    public var column: String
    public var category: PHIClassifier.ColumnCategory
    public var basis: Basis = .name
}

/// Identifiers that themselves look like PHI never reach an output: a two-character prefix and the
/// first 8 bytes of their SHA-256, enough to find the object again and to match a baseline.
public enum Redaction {
    public static func redact(_ name: String) -> String {
        let digest = SHA256.hash(data: Data(name.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return "\(name.prefix(2))…#\(digest)"
    }

    /// `name` redacted when it looks like PHI in any identifier class.
    public static func redactIfPHI(_ name: String) -> String {
        PHIClassifier.phiIn(name, as: .object) != nil || PHIClassifier.phiIn(name, as: .account) != nil ? redact(name) : name
    }

    /// Cells that hold names of database objects or accounts, by their column's name.
    static let identifierColumns: Set<String> = [
        "role", "user", "schema", "relation", "function", "owner", "account", "database", "identifier", "in",
    ]

    /// A finding row with every identifier cell that looks like PHI redacted (cells redacted
    /// already, such as PG-ID-01's, are left as they are).
    static func redactIdentifiers(_ cells: [String], columns: [String]) -> [String] {
        zip(cells, columns + Array(repeating: "", count: max(0, cells.count - columns.count))).map { cell, column in
            guard identifierColumns.contains(column), !cell.contains("…#") else { return cell }
            return column == "relation" || column == "in" ? redactParts(cell) : redactIfPHI(cell)
        }
    }

    /// `schema.table`, each part redacted on its own when it looks like PHI.
    static func redactParts(_ location: String) -> String {
        guard !location.isEmpty else { return location }
        return location.split(separator: ".", omittingEmptySubsequences: false).map { redactIfPHI(String($0)) }.joined(separator: ".")
    }
}

/// Rotation proof: each login's password age from the server (MariaDB's `password_last_changed`)
/// or PHIGuard's rotation ledger, whichever is newer, against its class's maximum age.
enum RotationProof {
    /// `rows`: (login, password_last_changed as seconds since 1970 or NULL).
    static func findings(_ rows: [[String?]], _ context: ScanContext) throws(RuleNotAssessable) -> [[String]] {
        var findings: [[String]] = []
        var serverKnowsAge = false
        for row in rows {
            guard let login = row.first ?? nil else { continue }
            let serverChanged = row.count > 1 ? row[1].flatMap { Int64($0) } : nil
            serverKnowsAge = serverKnowsAge || serverChanged != nil
            let entry = context.ledger.entries[login]
            let limit = entry?.maximumAgeDays ?? context.settings.maximumPasswordAgeDays
            let changed = [serverChanged, entry?.lastRotated].compactMap { $0 }.max()
            guard let changed else {
                if context.ledger.available {
                    findings.append([
                        Redaction.redactIfPHI(login), "no rotation on record: the server keeps no change time and PHIGuard's inventory has none",
                    ])
                }
                continue
            }
            let days = (context.now - changed) / 86_400
            if days > Int64(limit) {
                let source = entry?.lastRotated == changed ? "rotated by PHIGuard" : "changed on the server"
                findings.append([Redaction.redactIfPHI(login), "password \(source) \(days) days ago; the limit is \(limit) days"])
            }
        }
        if !context.ledger.available && !serverKnowsAge && !rows.isEmpty {
            throw RuleNotAssessable("no credential inventory was given (--database), and the server keeps no password-changed time")
        }
        return findings
    }
}
