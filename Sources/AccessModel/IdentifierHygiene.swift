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

    /// A description of the PHI-like pattern found in `id`, or nil. Ids name workforce members,
    /// roles and records, so they are judged as account names (`PHIClassifier`).
    public static func phiPattern(in id: String) -> String? {
        PHIClassifier.phiIn(id, as: .account)?.description
    }
}
