import Foundation

/// Reads access records from JSON lines without building a JSON tree: a monitor run reads tens of
/// millions of them, and a general decoder spends most of its time allocating nodes for fields it
/// then throws away. Unknown fields are skipped (a source may carry more than the monitor reads);
/// a field the monitor reads with the wrong type is an error naming the field, never its value.
public enum AccessRecordParser {
    /// The deepest nesting skipped inside an unknown field.
    static let maximumDepth = 64

    /// Parses one line (without its newline). `source` and `line` only place the error.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int) throws(MonitoringError) -> AccessRecord {
        try parse(bytes, source: source, line: line, lists: nil)
    }

    /// With `lists`, repeated lists (`["registered nurse"]`) are shared instead of rebuilt per line.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int, lists: ListCache?) throws(MonitoringError) -> AccessRecord {
        var cursor = Cursor(bytes: bytes, lists: lists)
        do {
            return try cursor.record()
        } catch let failure {
            throw MonitoringError(.invalidAccessRecord, "\(source):\(line): \(failure.message)")
        }
    }

    public static func parse(_ text: String, source: String = "input", line: Int = 1) throws(MonitoringError) -> AccessRecord {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(MonitoringError) in try parse(bytes, source: source, line: line) } }
        return try result.get()
    }
}

/// Why a line was refused, without the line's content.
struct RecordFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let comma = UInt8(ascii: ",")
private let colon = UInt8(ascii: ":")
private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")

private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let lists: ListCache?
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, lists: ListCache? = nil) {
        self.bytes = bytes
        self.lists = lists
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8 { bytes[index] }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(RecordFailure) {
        skipWhitespace()
        guard !atEnd, current == byte else { throw RecordFailure("expected \(what)") }
        index += 1
    }

    mutating func record() throws(RecordFailure) -> AccessRecord {
        var time: Int64?
        var actor: String?
        var patient: String?
        var permitted: Bool?
        var record = AccessRecord(time: 0, actor: "", patient: "", permitted: false)
        try expect(openBrace, "a JSON object")
        skipWhitespace()
        if !atEnd, current == closeBrace {
            index += 1
        } else {
            while true {
                skipWhitespace()
                let field = try fieldName()
                try expect(colon, "`:` after a field name")
                skipWhitespace()
                if !atEnd, current == UInt8(ascii: "n"), isLiteral("null") {
                    index += 4
                } else {
                    switch field {
                    case .time: time = try timeValue()
                    case .actor: actor = try string(field: "`actor`")
                    case .actorRoles: record.actorRoles = try strings(field: "actor_roles")
                    case .actorDepartments: record.actorDepartments = try strings(field: "actor_departments")
                    case .patient: patient = try string(field: "`patient`")
                    case .patientDepartments: record.patientDepartments = try strings(field: "patient_departments")
                    case .labels: record.labels = try strings(field: "record_labels")
                    case .categories: record.categories = try strings(field: "record_categories")
                    case .purpose: record.purpose = try string(field: "`purpose`")
                    case .decision: permitted = try decision(field: "decision")
                    case .grantID: record.grantID = try string(field: "`grant_id`")
                    case .grantKind:
                        let name = try string(field: "`grant_kind`")
                        guard let kind = GrantKind(rawValue: name) else {
                            throw RecordFailure("`grant_kind` is not relationship, broad, btg, admin or self_service")
                        }
                        record.grantKind = kind
                    case .breakGlass: record.breakGlass = try bool(field: "break_glass")
                    case .recordID: record.recordID = try scalarText(field: "id")
                    case nil: try skipValue(depth: 0)
                    }
                }
                skipWhitespace()
                guard !atEnd else { throw RecordFailure("the object is not closed") }
                if current == comma {
                    index += 1
                    continue
                }
                guard current == closeBrace else { throw RecordFailure("expected `,` or `}` after a field") }
                index += 1
                break
            }
        }
        skipWhitespace()
        guard atEnd else { throw RecordFailure("text follows the record's object") }
        guard let time else { throw RecordFailure("`time` is missing") }
        guard let actor, !actor.isEmpty else { throw RecordFailure("`actor` is missing or empty") }
        guard let patient, !patient.isEmpty else { throw RecordFailure("`patient` is missing or empty") }
        guard let permitted else { throw RecordFailure("`decision` is missing") }
        record.time = time
        record.actor = actor
        record.patient = patient
        record.permitted = permitted
        if record.purpose == "BTG" { record.breakGlass = true }
        if record.breakGlass, record.grantKind == nil { record.grantKind = .btg }
        return record
    }

    /// The fields the monitor reads, with the spellings it accepts.
    enum Field {
        case time, actor, actorRoles, actorDepartments, patient, patientDepartments, labels, categories, purpose, decision, grantID, grantKind
        case breakGlass, recordID

        static let spellings: [(StaticString, Field)] = [
            ("time", .time), ("timestamp", .time), ("actor", .actor), ("user", .actor), ("actor_roles", .actorRoles), ("roles", .actorRoles),
            ("actor_departments", .actorDepartments), ("departments", .actorDepartments), ("patient", .patient), ("patient_id", .patient),
            ("patient_departments", .patientDepartments), ("record_labels", .labels), ("labels", .labels),
            ("record_categories", .categories), ("categories", .categories), ("purpose", .purpose), ("purpose_of_use", .purpose),
            ("decision", .decision), ("outcome", .decision), ("grant_id", .grantID), ("grant", .grantID), ("grant_kind", .grantKind),
            ("break_glass", .breakGlass), ("btg", .breakGlass), ("id", .recordID), ("record_id", .recordID), ("seq", .recordID),
        ]

        /// The spellings as byte arrays, bucketed by length.
        static let byLength: [[([UInt8], Field)]] = {
            var table = Array(repeating: [([UInt8], Field)](), count: 32)
            for (spelling, field) in spellings {
                let bytes = Array(UnsafeBufferPointer(start: spelling.utf8Start, count: spelling.utf8CodeUnitCount))
                table[bytes.count].append((bytes, field))
            }
            return table
        }()

        /// Matches raw key bytes without building a string (the common case: no escapes).
        static func match(_ raw: UnsafeBufferPointer<UInt8>) -> Field? {
            guard raw.count < 32 else { return nil }
            for (bytes, field) in byLength[raw.count] where bytes[0] == raw[0] {
                let equal = bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }
                if equal { return field }
            }
            return nil
        }
    }

    /// A field name: matched on its bytes, or decoded first when it holds escapes.
    mutating func fieldName() throws(RecordFailure) -> Field? {
        skipWhitespace()
        guard !atEnd, current == quote else { throw RecordFailure("a field name must be a string") }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != quote, bytes[end] != backslash { end += 1 }
        if end < bytes.count, bytes[end] == quote {
            index = end + 1
            return Field.match(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
        let name = try string(field: "a field name")
        var copy = name
        return copy.withUTF8 { Field.match($0) }
    }

    func isLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        return true
    }

    mutating func string(field: @autoclosure () -> String) throws(RecordFailure) -> String {
        skipWhitespace()
        guard !atEnd, current == quote else { throw RecordFailure("\(field()) must be a string") }
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote { break }
            if byte == backslash {
                escaped = true
                index += 2
                continue
            }
            if byte < 0x20 { throw RecordFailure("\(field()) holds a control character") }
            index += 1
        }
        guard index < bytes.count else { throw RecordFailure("\(field()) is not a closed string") }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        guard escaped else { return try makeString(raw, field: field) }
        return try unescape(raw, field: field)
    }

    /// ASCII (nearly every identifier) takes the fast path; anything else is validated as UTF-8.
    func makeString(_ raw: UnsafeBufferPointer<UInt8>, field: () -> String) throws(RecordFailure) -> String {
        var ascii = true
        for byte in raw where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let text = String(validating: raw, as: UTF8.self) else { throw RecordFailure("\(field()) is not valid UTF-8") }
        return text
    }

    func unescape(_ raw: UnsafeBufferPointer<UInt8>, field: () -> String) throws(RecordFailure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = 0
        func hex(_ at: Int) throws(RecordFailure) -> UInt32 {
            guard at + 4 <= raw.count else { throw RecordFailure("\(field()) has a short \\u escape") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = raw[at + offset]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw RecordFailure("\(field()) has a bad \\u escape")
                }
                value = value << 4 | digit
            }
            return value
        }
        while position < raw.count {
            let byte = raw[position]
            guard byte == backslash else {
                out.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else { throw RecordFailure("\(field()) ends in a lone backslash") }
            let escape = raw[position + 1]
            position += 2
            switch escape {
            case quote, backslash, UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex(position)
                position += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 6 <= raw.count, raw[position] == backslash, raw[position + 1] == UInt8(ascii: "u") else {
                        throw RecordFailure("\(field()) has an unpaired surrogate")
                    }
                    let low = try hex(position + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw RecordFailure("\(field()) has an unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw RecordFailure("\(field()) has an unpaired surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw RecordFailure("\(field()) has a bad \\u escape") }
                out.append(contentsOf: String(Character(unicode)).utf8)
            default: throw RecordFailure("\(field()) has an unknown escape")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw RecordFailure("\(field()) is not valid UTF-8") }
        return text
    }

    mutating func strings(field: String) throws(RecordFailure) -> [String] {
        skipWhitespace()
        guard !atEnd else { throw RecordFailure("`\(field)` must be a list of strings") }
        if current == quote { return [try string(field: "`\(field)`")] }
        guard current == openBracket else { throw RecordFailure("`\(field)` must be a list of strings") }
        let start = index
        if let lists, let end = listEnd(), let cached = lists.lookup(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
            index = end
            return cached
        }
        let values = try parseList(field: field)
        lists?.insert(UnsafeBufferPointer(rebasing: bytes[start..<index]), values)
        return values
    }

    /// Where the list starting at `index` ends (just past its `]`), skipping quoted text; nil when unclosed.
    func listEnd() -> Int? {
        var position = index + 1
        var quoted = false
        while position < bytes.count {
            let byte = bytes[position]
            if quoted {
                if byte == backslash {
                    position += 1
                } else if byte == quote {
                    quoted = false
                }
            } else if byte == quote {
                quoted = true
            } else if byte == closeBracket {
                return position + 1
            }
            position += 1
        }
        return nil
    }

    mutating func parseList(field: String) throws(RecordFailure) -> [String] {
        index += 1
        var values: [String] = []
        skipWhitespace()
        if !atEnd, current == closeBracket {
            index += 1
            return values
        }
        while true {
            values.append(try string(field: "every item of `\(field)`"))
            skipWhitespace()
            guard !atEnd else { throw RecordFailure("`\(field)` is not a closed list") }
            if current == comma {
                index += 1
                continue
            }
            guard current == closeBracket else { throw RecordFailure("`\(field)` must be a list of strings") }
            index += 1
            return values
        }
    }

    mutating func bool(field: String) throws(RecordFailure) -> Bool {
        skipWhitespace()
        if isLiteral("true") {
            index += 4
            return true
        }
        if isLiteral("false") {
            index += 5
            return false
        }
        throw RecordFailure("`\(field)` must be true or false")
    }

    mutating func decision(field: String) throws(RecordFailure) -> Bool {
        skipWhitespace()
        guard !atEnd else { throw RecordFailure("`\(field)` is missing its value") }
        if current != quote { return try bool(field: field) }
        // The usual spellings without building a string.
        if isLiteral("\"permit\"") || isLiteral("\"allow\"") {
            index += isLiteral("\"permit\"") ? 8 : 7
            return true
        }
        if isLiteral("\"deny\"") {
            index += 6
            return false
        }
        switch try string(field: "`\(field)`").lowercased() {
        case "permit", "allow", "allowed", "granted", "success": return true
        case "deny", "denied", "refused", "failure": return false
        default: throw RecordFailure("`\(field)` must be permit or deny")
        }
    }

    /// A string or a number, as text (record ids are either).
    mutating func scalarText(field: String) throws(RecordFailure) -> String {
        skipWhitespace()
        guard !atEnd else { throw RecordFailure("`\(field)` is missing its value") }
        if current == quote { return try string(field: "`\(field)`") }
        let start = index
        try skipNumber(field: field)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    mutating func skipNumber(field: String) throws(RecordFailure) {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"),
                UInt8(ascii: "E"):
                index += 1
            default:
                guard index > start else { throw RecordFailure("`\(field)` has a value that is not JSON") }
                return
            }
        }
        guard index > start else { throw RecordFailure("`\(field)` has a value that is not JSON") }
    }

    /// RFC 3339 text, or seconds (or milliseconds) since 1970 as a number.
    mutating func timeValue() throws(RecordFailure) -> Int64 {
        skipWhitespace()
        guard !atEnd else { throw RecordFailure("`time` is missing its value") }
        if current == quote {
            let text = try string(field: "`time`")
            guard let seconds = RFC3339.seconds(text) else { throw RecordFailure("`time` is not an RFC 3339 time") }
            return seconds
        }
        let text = try scalarText(field: "time")
        guard let number = Double(text), number.isFinite, number >= 0, number < 1e14 else {
            throw RecordFailure("`time` is not an RFC 3339 time or seconds since 1970")
        }
        return number >= 1e11 ? Int64(number / 1000) : Int64(number)
    }

    mutating func skipValue(depth: Int) throws(RecordFailure) {
        guard depth < AccessRecordParser.maximumDepth else { throw RecordFailure("an unknown field nests too deep") }
        skipWhitespace()
        guard !atEnd else { throw RecordFailure("a field is missing its value") }
        switch current {
        case quote: _ = try string(field: "a string")
        case openBrace, openBracket:
            let close = current == openBrace ? closeBrace : closeBracket
            let isObject = current == openBrace
            index += 1
            skipWhitespace()
            if !atEnd, current == close {
                index += 1
                return
            }
            while true {
                if isObject {
                    _ = try string(field: "a field name")
                    try expect(colon, "`:` after a field name")
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard !atEnd else { throw RecordFailure("a nested value is not closed") }
                if current == comma {
                    index += 1
                    continue
                }
                guard current == close else { throw RecordFailure("a nested value is not closed") }
                index += 1
                return
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool(field: "a field")
        case UInt8(ascii: "n"):
            guard isLiteral("null") else { throw RecordFailure("a field has a value that is not JSON") }
            index += 4
        default: try skipNumber(field: "a field")
        }
    }
}

/// RFC 3339 times (`2026-03-02T14:05:11Z`, fractions and offsets allowed, a space for `T`) to
/// seconds since 1970, without Foundation's date formatters.
public enum RFC3339 {
    public static func seconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { seconds(bytes: $0) }
    }

    static func seconds(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
                index += 1
            }
            return value
        }
        func take(_ allowed: UInt8...) -> Bool {
            guard index < bytes.count, allowed.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), take(UInt8(ascii: "-")), let month = digits(2), take(UInt8(ascii: "-")), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        guard index < bytes.count else { return seconds }  // A date alone is its midnight (UTC).
        guard take(UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")), let hour = digits(2), take(UInt8(ascii: ":")),
            let minute = digits(2), take(UInt8(ascii: ":")), let second = digits(2), hour < 24, minute < 60, second <= 60
        else { return nil }
        seconds += hour * 3600 + minute * 60 + second
        if take(UInt8(ascii: ".")) {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > start else { return nil }
        }
        if take(UInt8(ascii: "Z"), UInt8(ascii: "z")) {
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            index += 1
            guard let offsetHours = digits(2), take(UInt8(ascii: ":")), let offsetMinutes = digits(2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            seconds -= sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        return index == bytes.count ? seconds : nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `2026-03-02T14:05:11Z`.
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var yearText = String(year)
        while yearText.count < 4 { yearText = "0" + yearText }
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}

/// Lists already parsed, keyed by their exact bytes: an access log repeats a few role, department,
/// category and label lists millions of times, and sharing them saves an allocation per list per
/// line. Bounded; one per reading thread.
final class ListCache {
    static let capacity = 65_536
    private var entries: [UInt64: [([UInt8], [String])]] = [:]
    private var count = 0

    private static func hash(_ raw: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in raw {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    func lookup(_ raw: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard let candidates = entries[Self.hash(raw)] else { return nil }
        for (bytes, values) in candidates where bytes.count == raw.count {
            let equal = bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }
            if equal { return values }
        }
        return nil
    }

    func insert(_ raw: UnsafeBufferPointer<UInt8>, _ values: [String]) {
        guard count < Self.capacity, raw.count <= 256 else { return }
        entries[Self.hash(raw), default: []].append((Array(raw), values))
        count += 1
    }
}
