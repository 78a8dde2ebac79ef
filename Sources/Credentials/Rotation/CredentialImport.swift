public import AccessModel
public import Foundation

/// Reads credential inventories from CSV or JSON lines. A file is all or nothing: the first bad row
/// is reported with its row number and no record of the file is returned.
public enum CredentialImport {
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl }

    /// Column and key names (both formats): `id`, `kind`, `owner`, `class` are required.
    public static let fields = [
        "id", "kind", "owner", "contact", "class", "principal", "last_rotated_at", "expires_at", "target", "username",
    ]

    public static func parse(_ text: String, format: Format, rules: RotationRules, now: Timestamp) throws(CredentialsError) -> [CredentialRecord] {
        let rows: [(Int, [String: String])]
        switch format {
        case .csv: rows = try csvRows(text)
        case .jsonl: rows = try jsonRows(text)
        }
        return try records(from: rows, rules: rules, now: now)
    }

    /// Checks numbered rows of field values (`unit` names them in errors: row, item) and builds the records.
    public static func records(from rows: [(Int, [String: String])], rules: RotationRules, now: Timestamp, unit: String = "row")
        throws(CredentialsError) -> [CredentialRecord]
    {
        var records: [CredentialRecord] = []
        var seen: Set<String> = []
        for (line, row) in rows {
            func fail(_ message: String) -> CredentialsError { CredentialsError(.invalidImport, "\(unit) \(line): \(message); nothing was imported") }
            for name in ["id", "kind", "owner", "class"] where (row[name] ?? "").isEmpty { throw fail("`\(name)` is required") }
            guard let kind = CredentialRecord.Kind(rawValue: row["kind"]!) else {
                throw fail(
                    "unknown kind `\(row["kind"]!)`; expected one of \(CredentialRecord.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard rules.classes[row["class"]!] != nil else {
                throw fail("unknown rotation class `\(row["class"]!)`; known: \(rules.classes.keys.sorted().joined(separator: ", "))")
            }
            func time(_ name: String) throws(CredentialsError) -> Timestamp? {
                guard let text = row[name], !text.isEmpty else { return nil }
                guard let value = Timestamp(parsing: text) else { throw fail("`\(name)` is not a date or RFC 3339 time: `\(text.prefix(40))`") }
                return value
            }
            func optional(_ name: String) -> String? { row[name].flatMap { $0.isEmpty ? nil : $0 } }
            let record = CredentialRecord(
                id: row["id"]!, kind: kind, owner: row["owner"]!, contact: optional("contact"), rotationClass: row["class"]!,
                principalID: optional("principal"), lastRotatedAt: try time("last_rotated_at"), expiresAt: try time("expires_at"),
                target: optional("target"), username: optional("username"), createdAt: now)
            do {
                try record.validate()
            } catch {
                throw fail(error.message)
            }
            guard seen.insert(record.id).inserted else { throw fail("credential `\(record.id)` appears twice in the file") }
            records.append(record)
        }
        return records
    }

    /// RFC 4180 CSV with a header row; quoted fields may hold commas, quotes (doubled) and newlines.
    static func csvRows(_ text: String) throws(CredentialsError) -> [(Int, [String: String])] {
        var records: [(Int, [String])] = []
        var field = ""
        var fields: [String] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let value = pending {
                pending = nil
                return value
            }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            afterQuote = true
                            pending = following
                        }
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                field = ""
                afterQuote = false
                line += 1
                recordLine = line
            default:
                if afterQuote {
                    throw CredentialsError(.invalidImport, "row \(recordLine): text after a closing quote; nothing was imported")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw CredentialsError(.invalidImport, "row \(recordLine): a quoted field is not closed; nothing was imported") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        guard let header = records.first else { throw CredentialsError(.invalidImport, "the file is empty; nothing was imported") }
        let names = header.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in names where !Self.fields.contains(name) {
            throw CredentialsError(.invalidImport, "row 1: unknown column `\(name)`; expected \(Self.fields.joined(separator: ", "))")
        }
        return try records.dropFirst().map { (number, values) throws(CredentialsError) in
            guard values.count == names.count else {
                throw CredentialsError(
                    .invalidImport, "row \(number): \(values.count) fields where the header has \(names.count); nothing was imported")
            }
            return (number, Dictionary(zip(names, values.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { a, _ in a }))
        }
    }

    /// One JSON object per line; values are strings (or null).
    static func jsonRows(_ text: String) throws(CredentialsError) -> [(Int, [String: String])] {
        var rows: [(Int, [String: String])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw CredentialsError(.invalidImport, "row \(index + 1): not a JSON object; nothing was imported")
            }
            var row: [String: String] = [:]
            for (key, value) in object {
                guard fields.contains(key) else {
                    throw CredentialsError(
                        .invalidImport, "row \(index + 1): unknown key `\(key)`; expected \(fields.joined(separator: ", ")); nothing was imported")
                }
                if value is NSNull { continue }
                guard let string = value as? String else {
                    throw CredentialsError(.invalidImport, "row \(index + 1): `\(key)` must be a string; nothing was imported")
                }
                row[key] = string
            }
            rows.append((index + 1, row))
        }
        return rows
    }
}
