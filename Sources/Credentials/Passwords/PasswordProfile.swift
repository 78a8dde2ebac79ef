import Yams

/// A password-complexity profile (`Policies/passwords/NAME.yaml`): the rules a new password must meet.
///
/// Lengths count Unicode code points after NFC normalization (NIST SP 800-63B-4 §3.1.1.2). Knobs
/// named as in libpwquality (`minlen`, `dcredit`, …) keep libpwquality's meaning. Every profile also
/// refuses the user name and the context words, and sets a minimum strength score.
public struct PasswordProfile: Sendable, Equatable {
    public var name: String
    public var description: String = ""

    // Length.
    public var minimumLength = 15
    /// The minimum when the password is only used with a second factor (NIST: 8); nil: same as above.
    public var minimumLengthWithMFA: Int? = nil
    public var maximumLength = 128

    // Strength and lists.
    /// Minimum zxcvbn-style score, 0–4.
    public var minimumScore = 3
    /// Word lists compared with the whole password, case-insensitively (relative paths are under the
    /// word-list folder).
    public var blocklists: [String] = []
    /// A Pwned Passwords file (sorted `SHA1:COUNT` lines) searched in place.
    public var breachFile: String? = nil
    /// Ask the Pwned Passwords range API (k-anonymity: only 5 hex digits of the SHA-1 leave).
    public var breachOnline = false
    /// Organisation, service and other context-specific words (NIST: "the name of the service").
    public var contextWords: [String] = []

    // Composition, libpwquality style (0 disables).
    public var requireLetterAndDigit = false
    /// libpwquality `minlen`: length plus class credits must reach it.
    public var creditedMinimumLength = 0
    public var digitCredit = 0
    public var uppercaseCredit = 0
    public var lowercaseCredit = 0
    public var otherCredit = 0
    public var minimumClasses = 0
    public var maximumRepeat = 0
    public var maximumSequence = 0
    public var maximumClassRepeat = 0
    /// Also refuse any substring of the user name of this length or longer (libpwquality `usersubstr`).
    public var userSubstringLength = 0
    public var badWords: [String] = []
    /// Characters of the new password that must not be in the old one (libpwquality `difok`).
    public var differentCharacters = 0
    /// Refuse passwords built on a dictionary word once digits, symbols and l33t are peeled off.
    public var dictionaryCheck = false

    // History and age.
    public var history = 0
    public var minimumAgeDays = 0
    /// Periodic change (PCI 8.3.9, CIS); nil: no periodic expiry (NIST).
    public var maximumAgeDays: Int? = nil

    // Lockout after failed attempts (NIST ≤ 100; PCI ≤ 10 for ≥ 30 minutes).
    public var lockoutThreshold = 100
    public var lockoutMinutes = 30

    /// Where each rule comes from: rule key → citation.
    public var sources: [String: String] = [:]

    public init(name: String) { self.name = name }

    static let ruleKeys: Set<String> = [
        "min_length", "min_length_with_mfa", "max_length", "min_score", "blocklists", "breach_file", "breach_online", "context_words",
        "require_letter_and_digit", "minlen", "dcredit", "ucredit", "lcredit", "ocredit", "minclass", "maxrepeat", "maxsequence",
        "maxclassrepeat", "usersubstr", "badwords", "difok", "dictcheck", "history", "min_age_days", "max_age_days", "lockout_threshold",
        "lockout_minutes",
    ]
    static let topKeys: Set<String> = ["name", "description", "rules", "sources"]

    /// Parses a profile file. `file` names it in errors (`file:line:column: …`).
    public init(yaml text: String, file: String) throws(CredentialsError) {
        let reader = StrictYAML(file: file, code: .invalidProfile)
        let root = try reader.document(text)
        var name: String?
        var rules: Node? = nil
        var sourcesNode: Node? = nil
        var description = ""
        for (key, value) in try reader.mapping(root, "a password profile", allowed: Self.topKeys) {
            switch key {
            case "name": name = try reader.string(value, key)
            case "description": description = try reader.string(value, key)
            case "rules": rules = value
            default: sourcesNode = value
            }
        }
        guard let name, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw reader.error(root, "a profile needs a `name` of letters, digits, `-`, `_` or `.`")
        }
        self.init(name: name)
        self.description = description
        guard let rules else { throw reader.error(root, "a profile needs `rules`") }
        for (key, value) in try reader.mapping(rules, "`rules`", allowed: Self.ruleKeys) {
            switch key {
            case "min_length": minimumLength = try reader.integer(value, key, 1...1024)
            case "min_length_with_mfa": minimumLengthWithMFA = try reader.integer(value, key, 1...1024)
            case "max_length": maximumLength = try reader.integer(value, key, 1...1024)
            case "min_score": minimumScore = try reader.integer(value, key, 0...4)
            case "blocklists": blocklists = try reader.strings(value, key)
            case "breach_file": breachFile = try reader.string(value, key)
            case "breach_online": breachOnline = try reader.boolean(value, key)
            case "context_words": contextWords = try reader.strings(value, key)
            case "require_letter_and_digit": requireLetterAndDigit = try reader.boolean(value, key)
            case "minlen": creditedMinimumLength = try reader.integer(value, key, 0...1024)
            case "dcredit": digitCredit = try reader.integer(value, key, -64...64)
            case "ucredit": uppercaseCredit = try reader.integer(value, key, -64...64)
            case "lcredit": lowercaseCredit = try reader.integer(value, key, -64...64)
            case "ocredit": otherCredit = try reader.integer(value, key, -64...64)
            case "minclass": minimumClasses = try reader.integer(value, key, 0...4)
            case "maxrepeat": maximumRepeat = try reader.integer(value, key, 0...1024)
            case "maxsequence": maximumSequence = try reader.integer(value, key, 0...1024)
            case "maxclassrepeat": maximumClassRepeat = try reader.integer(value, key, 0...1024)
            case "usersubstr": userSubstringLength = try reader.integer(value, key, 0...1024)
            case "badwords": badWords = try reader.strings(value, key)
            case "difok": differentCharacters = try reader.integer(value, key, 0...1024)
            case "dictcheck": dictionaryCheck = try reader.boolean(value, key)
            case "history": history = try reader.integer(value, key, 0...400)
            case "min_age_days": minimumAgeDays = try reader.integer(value, key, 0...3650)
            case "max_age_days": maximumAgeDays = try reader.integer(value, key, 1...3650)
            case "lockout_threshold": lockoutThreshold = try reader.integer(value, key, 1...100)
            case "lockout_minutes": lockoutMinutes = try reader.integer(value, key, 0...10080)
            default: break
            }
        }
        if maximumLength < minimumLength {
            throw reader.error(rules, "`max_length` (\(maximumLength)) is below `min_length` (\(minimumLength))")
        }
        if let withMFA = minimumLengthWithMFA, withMFA > minimumLength {
            throw reader.error(rules, "`min_length_with_mfa` (\(withMFA)) is above `min_length` (\(minimumLength))")
        }
        if let sourcesNode {
            for (key, value) in try reader.mapping(sourcesNode, "`sources`", allowed: Self.ruleKeys) {
                sources[key] = try reader.string(value, key)
            }
        }
    }

    /// The minimum length that applies: shorter with MFA when the profile allows it.
    public func minimumLength(withMFA: Bool) -> Int { withMFA ? (minimumLengthWithMFA ?? minimumLength) : minimumLength }
}
