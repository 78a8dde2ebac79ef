/// Identifier rules from the HIPAA guidance: PHI must not live in login names, user names, role
/// names or schema names. Ids are also restricted to a safe alphabet so they can be used verbatim
/// as Cedar entity ids, file names and log fields.
public enum IdentifierHygiene {
    public static let maximumLength = 128

    /// Checks an identifier (`what` names it in the error, for example "principal id").
    public static func check(_ id: String, what: String) throws(AccessModelError) {
        guard !id.isEmpty, id.utf8.count <= maximumLength else {
            throw AccessModelError(.invalidIdentifier, "\(what) must be 1 to \(maximumLength) characters")
        }
        guard id.utf8.allSatisfy({ isAllowed($0) }), let first = id.utf8.first, isAlphanumeric(first) else {
            throw AccessModelError(
                .invalidIdentifier, "\(what) may contain only letters, digits, `.`, `_`, `-` and `@`, and must start with a letter or digit")
        }
        if let pattern = phiPattern(in: id) {
            throw AccessModelError(
                .identifierLooksLikePHI,
                "\(what) looks like it contains \(pattern); PHI must not appear in identifiers (use an opaque id instead)")
        }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
    }

    /// A description of the PHI-like pattern found in `id`, or nil.
    public static func phiPattern(in id: String) -> String? {
        let bytes = Array(id.utf8)
        // Runs of digits, keeping separators `-`, `.` and `/` between them.
        var runs: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte >= 48 && byte <= 57 || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")) && !current.isEmpty)
            {
                current.append(byte)
            } else {
                if !current.isEmpty { runs.append(current) }
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        for run in runs {
            let text = String(decoding: run, as: UTF8.self)
            let digits = run.filter { $0 >= 48 && $0 <= 57 }
            let groups = text.split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "/" }).map(\.count)
            if groups == [3, 2, 4] || (digits.count == 9 && groups == [9]) { return "a social security number" }
            if groups == [4, 2, 2] || groups == [2, 2, 4] || (digits.count == 8 && groups == [8] && looksLikeDate(digits)) {
                return "a date (such as a date of birth)"
            }
            if groups == [3, 3, 4] || (digits.count == 10 && groups == [10]) { return "a telephone number" }
            if digits.count >= 8 && groups.count == 1 { return "a medical record or account number" }
        }
        let lower = id.lowercased()
        for marker in ["mrn", "ssn", "dob"] where lower.contains(marker) && bytes.contains(where: { $0 >= 48 && $0 <= 57 }) {
            return "a \(marker.uppercased())-labelled number"
        }
        return nil
    }

    /// YYYYMMDD or MMDDYYYY with a plausible month and day.
    static func looksLikeDate(_ digits: [UInt8]) -> Bool {
        let n = digits.map { Int($0) - 48 }
        func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + n[$1] } }
        let yearFirst = (1900...2100).contains(value(0..<4)) && (1...12).contains(value(4..<6)) && (1...31).contains(value(6..<8))
        let yearLast = (1...12).contains(value(0..<2)) && (1...31).contains(value(2..<4)) && (1900...2100).contains(value(4..<8))
        return yearFirst || yearLast
    }
}
