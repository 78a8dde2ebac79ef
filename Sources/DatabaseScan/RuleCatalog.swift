import DatabaseTLS
import Foundation

/// The rule catalogue as docs/db-scan.md prints it (`phiguard db rules --format markdown`); a test
/// keeps the document and the code the same.
public enum RuleCatalog {
    public static func markdown() -> String {
        var out = ""
        for engine in ScanTarget.Engine.allCases {
            out += "### \(engine == .postgres ? "PostgreSQL" : "MariaDB")\n\n"
            for rule in ScanRule.rules(for: engine) {
                out += "#### \(rule.id): \(rule.title)\n\n"
                out += "- severity: \(rule.severity.rawValue); HIPAA \(rule.hipaa.joined(separator: ", "))"
                out += rule.anchors.isEmpty ? "\n" : "; anchors: \(rule.anchors.joined(separator: ", "))\n"
                out += "- finding rows: \(rule.columns.joined(separator: ", "))\n"
                if !rule.needs.isEmpty { out += "- needs: \(rule.needs)\n" }
                if !rule.judged.isEmpty { out += "- judged in PHIGuard: \(rule.judged)\n" }
                out += "- fix: \(rule.fix)\n\n"
                out += "```sql\n\(rule.sql.trimmingCharacters(in: .whitespacesAndNewlines))\n```\n\n"
            }
        }
        return out
    }

    struct Entry: Encodable {
        let id, engine, title, severity: String
        let hipaa, anchors, columns: [String]
        let needs, judged, fix, sql: String
    }

    /// One JSON object per line: id, engine, title, severity, hipaa, anchors, columns, needs, fix, sql.
    public static func jsonLines() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ScanRule.all.map { rule in
            let entry = Entry(
                id: rule.id, engine: rule.engine.rawValue, title: rule.title, severity: rule.severity.rawValue, hipaa: rule.hipaa,
                anchors: rule.anchors, columns: rule.columns, needs: rule.needs, judged: rule.judged, fix: rule.fix, sql: rule.sql)
            return String(decoding: (try? encoder.encode(entry)) ?? Data(), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }
}
