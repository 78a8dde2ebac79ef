import AccessModel
import Foundation

/// `db scan --sample N`: the first N rows of each table, read in memory, for columns whose names
/// say nothing; a column is in the inventory when most of its sampled values have the shape of an
/// SSN, an e-mail address or a telephone number. Values are counted and dropped, never kept or
/// printed; only the category reaches the report.
enum ValueSampling {
    /// At most this many tables are sampled in one scan (the note says when more were left out).
    static let maximumTables = 2000

    static func sample(
        _ identifierRows: [[String?]], known: [PHIColumn], rows: Int, engine: ScanTarget.Engine, session: any CatalogSession
    ) async -> (columns: [PHIColumn], note: String?) {
        var tables: [String] = []
        var seenTables = Set<String>()
        for row in identifierRows where row.count >= 3 && row[0] == "table" {
            guard let name = row[1], let container = row[2] else { continue }
            let key = container + "." + name
            if seenTables.insert(key).inserted { tables.append(key) }
        }
        var columnsByTable: [String: [String]] = [:]
        let named = Set(known.map { $0.relation + "." + $0.column })
        for row in identifierRows where row.count >= 3 && row[0] == "column" {
            guard let name = row[1], let relation = row[2], seenTables.contains(relation), !named.contains(relation + "." + name) else { continue }
            columnsByTable[relation, default: []].append(name)
        }
        var found: [PHIColumn] = []
        var skipped = 0
        for table in tables.prefix(maximumTables) {
            guard let columns = columnsByTable[table], !columns.isEmpty,
                let dot = table.firstIndex(of: ".")
            else { continue }
            let container = String(table[..<dot])
            let name = String(table[table.index(after: dot)...])
            let quote: (String) -> String =
                engine == .postgres
                ? { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                : { "`" + $0.replacingOccurrences(of: "`", with: "``") + "`" }
            let select = columns.map { engine == .postgres ? quote($0) + "::text" : quote($0) }.joined(separator: ", ")
            guard let values = try? await session.rows("SELECT \(select) FROM \(quote(container)).\(quote(name)) LIMIT \(rows)") else {
                skipped += 1
                continue
            }
            for (index, column) in columns.enumerated() {
                var counts: [PHIClassifier.ColumnCategory: Int] = [:]
                var present = 0
                for row in values where index < row.count {
                    guard let value = row[index], !value.isEmpty else { continue }
                    present += 1
                    if let category = PHIClassifier.valueCategory(value) { counts[category, default: 0] += 1 }
                }
                if let (category, count) = counts.max(by: { $0.value < $1.value }), count >= 3, count * 2 >= present {
                    found.append(
                        PHIColumn(relation: Redaction.redactParts(table), column: Redaction.redactIfPHI(column), category: category, basis: .values))
                }
            }
        }
        var notes: [String] = []
        if tables.count > maximumTables { notes.append("sampled the first \(maximumTables) of \(tables.count) tables") }
        if skipped > 0 { notes.append("\(skipped) tables could not be read for sampling") }
        return (found, notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
