public import Foundation

/// Who is choosing the password and where: the context-specific words NIST asks verifiers to refuse.
public struct PasswordContext: Sendable, Equatable {
    public var userName: String?
    /// Extra context words (the service, the organisation, the person's name, …).
    public var contextWords: [String]
    /// The password is only used together with a second factor (the shorter NIST minimum applies).
    public var usesMFA: Bool
    /// The password being replaced, for similarity rules (`difok`, rotation, case change).
    public var oldPassword: String?

    public init(userName: String? = nil, contextWords: [String] = [], usesMFA: Bool = false, oldPassword: String? = nil) {
        self.userName = userName
        self.contextWords = contextWords
        self.usesMFA = usesMFA
        self.oldPassword = oldPassword
    }
}

/// One rule a password broke: a stable code and a message that says what to do. Never the password.
public struct PasswordFailure: Sendable, Equatable, Codable {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The outcome of checking one password against a profile.
public struct PasswordVerdict: Sendable, Equatable {
    public var accepted: Bool { failures.isEmpty }
    public var score: Int
    public var guessesLog10: Double
    public var failures: [PasswordFailure]
    public var feedback: [String]

    public init(score: Int, guessesLog10: Double, failures: [PasswordFailure], feedback: [String]) {
        self.score = score
        self.guessesLog10 = guessesLog10
        self.failures = failures
        self.feedback = feedback
    }

    /// A verdict for input that could not be checked at all (not UTF-8, too long to read).
    public static func refused(_ failure: PasswordFailure) -> PasswordVerdict {
        PasswordVerdict(score: 0, guessesLog10: 0, failures: [failure], feedback: [])
    }

    public mutating func add(_ failure: PasswordFailure) { failures.append(failure) }
}

/// Checks passwords against one profile: length after NFC, composition knobs, the user name and
/// context words, blocklists, an optional breached-password file, and a minimum strength score.
/// Synchronous and deterministic; history (Argon2id, slow) and online breach checks are run by the
/// caller and added to the verdict.
public final class PasswordChecker: Sendable {
    public let profile: PasswordProfile
    public let estimator: StrengthEstimator
    public let blocklist: Blocklist
    let breachFile: PwnedPasswordsFile?

    /// No input longer than this many UTF-8 bytes is even normalized.
    public static let maximumInputBytes = 4096

    public init(profile: PasswordProfile, estimator: StrengthEstimator, blocklist: Blocklist, breachFile: PwnedPasswordsFile? = nil) {
        self.profile = profile
        self.estimator = estimator
        self.blocklist = blocklist
        self.breachFile = breachFile
    }

    /// The context words prepared once for many checks.
    public struct PreparedContext: Sendable {
        public let context: PasswordContext
        let userInputs: Lexicon
        /// (lower-case word, is the user name or part of it)
        let words: [(word: [Unicode.Scalar], isUser: Bool)]
        let userName: [Unicode.Scalar]
    }

    public func prepare(_ context: PasswordContext) -> PreparedContext {
        var words: [(String, Bool)] = []
        if let user = context.userName?.lowercased(), !user.isEmpty {
            words.append((user, true))
            // Derivatives: the parts of `ana.lopez@hospital.org` are words of their own.
            for part in user.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where part.count >= 4 && part.count < user.count {
                words.append((String(part), true))
            }
        }
        for word in profile.contextWords + context.contextWords {
            let lower = word.lowercased()
            words.append((lower, false))
            for part in lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where part.count >= 4 && part.count < lower.count {
                words.append((String(part), false))
            }
        }
        let usable = words.filter { $0.0.unicodeScalars.count >= 3 }
        return PreparedContext(
            context: context,
            userInputs: Lexicon(lists: [Lexicon.RankedList(source: .userInputs, words: usable.map(\.0))]),
            words: usable.map { (Array($0.0.unicodeScalars), $0.1) },
            userName: Array((context.userName ?? "").lowercased().unicodeScalars))
    }

    public func check(_ password: String, context: PasswordContext = PasswordContext()) -> PasswordVerdict {
        check(password, prepared: prepare(context))
    }

    public func check(_ candidate: String, prepared: PreparedContext) -> PasswordVerdict {
        var verdict = PasswordVerdict(score: 0, guessesLog10: 0, failures: [], feedback: [])
        let maximum = profile.maximumLength
        if candidate.isEmpty {
            verdict.add(
                PasswordFailure(
                    "empty", "no password was given; choose one of at least \(profile.minimumLength(withMFA: prepared.context.usesMFA)) characters"))
            return verdict
        }
        if candidate.utf8.count > Self.maximumInputBytes {
            verdict.add(PasswordFailure("too_long", "use at most \(maximum) characters"))
            return verdict
        }
        let password = candidate.utf8.allSatisfy({ $0 < 0x80 }) ? candidate : candidate.precomposedStringWithCanonicalMapping
        let scalars = Array(password.unicodeScalars)
        if scalars.count > maximum {
            verdict.add(PasswordFailure("too_long", "use at most \(maximum) characters (this one has \(scalars.count))"))
            return verdict
        }
        let lower = scalars.map(Self.lowercase)

        checkLength(scalars, prepared.context, &verdict)
        checkComposition(scalars, &verdict)
        checkContext(lower, prepared, &verdict)
        checkLists(password, lower, &verdict)
        if let old = prepared.context.oldPassword { checkAgainstOld(password, old: old, &verdict) }

        let estimate = estimator.estimate(password, userInputs: prepared.userInputs)
        verdict.score = estimate.score
        verdict.guessesLog10 = (estimate.guessesLog10 * 1000).rounded() / 1000
        if estimate.score < profile.minimumScore {
            var message = "this password is too easy to guess (strength \(estimate.score) of 4, at least \(profile.minimumScore) needed)"
            if let warning = estimate.warning {
                message += ": " + warning.prefix(1).lowercased() + warning.dropFirst().dropLast(warning.hasSuffix(".") ? 1 : 0)
            }
            verdict.add(PasswordFailure("too_guessable", message + "; add more uncommon words"))
        }
        if !verdict.accepted || estimate.score < 3 {
            if let warning = estimate.warning { verdict.feedback.append(warning) }
            verdict.feedback += estimate.suggestions
        }
        return verdict
    }

    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(scalar.value + 32)! : scalar }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    enum CharacterClass: Int { case digit, upper, lower, other }

    static func characterClass(_ scalar: Unicode.Scalar) -> CharacterClass {
        if scalar.isASCII {
            switch scalar.value {
            case 48...57: return .digit
            case 65...90: return .upper
            case 97...122: return .lower
            default: return .other
            }
        }
        if scalar.properties.numericType == .decimal { return .digit }
        if scalar.properties.isUppercase { return .upper }
        if scalar.properties.isLowercase { return .lower }
        return .other
    }

    // MARK: Rules

    func checkLength(_ scalars: [Unicode.Scalar], _ context: PasswordContext, _ verdict: inout PasswordVerdict) {
        let minimum = profile.minimumLength(withMFA: context.usesMFA)
        if scalars.count < minimum {
            var message =
                "use at least \(minimum) characters (this one has \(scalars.count)); a few unrelated words make a long password easy to remember"
            if !context.usesMFA, let withMFA = profile.minimumLengthWithMFA, withMFA < minimum {
                message += " (\(withMFA) are enough for a password used with multi-factor authentication)"
            }
            verdict.add(PasswordFailure("too_short", message))
        }
    }

    func checkComposition(_ scalars: [Unicode.Scalar], _ verdict: inout PasswordVerdict) {
        var counts = [0, 0, 0, 0]
        for scalar in scalars { counts[Self.characterClass(scalar).rawValue] += 1 }
        // Letters without case (CJK, Arabic, …) count as letters too.
        let letters =
            counts[1] + counts[2]
            + scalars.filter { !$0.isASCII && $0.properties.isAlphabetic && !$0.properties.isUppercase && !$0.properties.isLowercase }.count
        if profile.requireLetterAndDigit && (letters == 0 || counts[0] == 0) {
            verdict.add(PasswordFailure("letters_and_digits_required", "use both letters and digits"))
        }
        let credits = [profile.digitCredit, profile.uppercaseCredit, profile.lowercaseCredit, profile.otherCredit]
        let names = ["digits", "upper-case letters", "lower-case letters", "symbols or other characters"]
        let codes = ["too_few_digits", "too_few_uppercase", "too_few_lowercase", "too_few_other"]
        var credit = 0
        for index in 0..<4 {
            if credits[index] < 0, counts[index] < -credits[index] {
                verdict.add(PasswordFailure(codes[index], "use at least \(-credits[index]) \(names[index])"))
            } else if credits[index] > 0 {
                credit += min(counts[index], credits[index])
            }
        }
        if profile.creditedMinimumLength > 0, scalars.count + credit < profile.creditedMinimumLength {
            verdict.add(
                PasswordFailure(
                    "too_short_credited",
                    "make it longer: length plus character-class credits must reach \(profile.creditedMinimumLength) (now \(scalars.count + credit))")
            )
        }
        let classes = counts.filter { $0 > 0 }.count
        if profile.minimumClasses > 0, classes < profile.minimumClasses {
            verdict.add(
                PasswordFailure(
                    "too_few_classes",
                    "use at least \(profile.minimumClasses) of the four kinds of characters: digits, upper case, lower case, symbols (now \(classes))"
                ))
        }
        if profile.maximumRepeat > 0, Self.longestRun(scalars, by: { $0 == $1 }) > profile.maximumRepeat {
            verdict.add(PasswordFailure("repeated_characters", "do not repeat a character more than \(profile.maximumRepeat) times in a row"))
        }
        if profile.maximumClassRepeat > 0,
            Self.longestRun(scalars, by: { Self.characterClass($0) == Self.characterClass($1) }) > profile.maximumClassRepeat
        {
            verdict.add(
                PasswordFailure(
                    "class_repeat", "do not use more than \(profile.maximumClassRepeat) characters of the same kind in a row"))
        }
        if profile.maximumSequence > 0, Self.longestMonotonicSequence(scalars) > profile.maximumSequence {
            verdict.add(
                PasswordFailure("monotonic_sequence", "avoid sequences such as 12345 or fedcb longer than \(profile.maximumSequence) characters"))
        }
    }

    static func longestRun(_ scalars: [Unicode.Scalar], by same: (Unicode.Scalar, Unicode.Scalar) -> Bool) -> Int {
        guard !scalars.isEmpty else { return 0 }
        var longest = 1
        var run = 1
        for index in 1..<scalars.count {
            run = same(scalars[index], scalars[index - 1]) ? run + 1 : 1
            longest = max(longest, run)
        }
        return longest
    }

    static func longestMonotonicSequence(_ scalars: [Unicode.Scalar]) -> Int {
        guard scalars.count > 1 else { return scalars.count }
        var longest = 1
        var run = 1
        var step = 0
        for index in 1..<scalars.count {
            let delta = Int(scalars[index].value) - Int(scalars[index - 1].value)
            if (delta == 1 || delta == -1) && (delta == step || run == 1) {
                run += 1
                step = delta
            } else if delta == 1 || delta == -1 {
                run = 2
                step = delta
            } else {
                run = 1
                step = 0
            }
            longest = max(longest, run)
        }
        return longest
    }

    func checkContext(_ lower: [Unicode.Scalar], _ prepared: PreparedContext, _ verdict: inout PasswordVerdict) {
        var user = false
        var context = false
        for (word, isUser) in prepared.words where isUser ? !user : !context {
            if Self.containsFuzzy(lower, word) || Self.containsFuzzy(lower, word.reversed()) {
                if isUser { user = true } else { context = true }
            }
        }
        if !user, profile.userSubstringLength > 3, prepared.userName.count >= profile.userSubstringLength {
            let name = prepared.userName
            let size = profile.userSubstringLength
            user = (0...(name.count - size)).contains { Self.containsFuzzy(lower, Array(name[$0..<($0 + size)])) }
        }
        if user { verdict.add(PasswordFailure("contains_user_name", "do not use your user name or a part of it, even reversed or with symbols")) }
        if context {
            verdict.add(PasswordFailure("contains_context_word", "do not use the name of this service, the organisation or your own name"))
        }
        let bad = profile.badWords.map { Array($0.lowercased().unicodeScalars) }.filter { !$0.isEmpty }
        if bad.contains(where: { Self.containsFuzzy(lower, $0) || Self.containsFuzzy(lower, $0.reversed()) }) {
            verdict.add(PasswordFailure("contains_bad_word", "do not use words this organisation forbids in passwords"))
        }
    }

    /// Whether `word` occurs in `password` (both lower case), letting l33t characters stand for letters.
    static func containsFuzzy(_ password: [Unicode.Scalar], _ word: [Unicode.Scalar]) -> Bool {
        guard !word.isEmpty, word.count <= password.count else { return false }
        for start in 0...(password.count - word.count) {
            var matched = true
            for (offset, expected) in word.enumerated() {
                let actual = password[start + offset]
                if actual == expected { continue }
                if expected.isASCII, actual.isASCII {
                    // The packed l33t table: up to two letters a character may stand for.
                    let packed = PatternMatcher.l33tTable[Int(actual.value)]
                    let letter = UInt16(expected.value)
                    if packed != 0 && (packed & 0xFF == letter || packed >> 8 == letter) { continue }
                }
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }

    func checkLists(_ password: String, _ lower: [Unicode.Scalar], _ verdict: inout PasswordVerdict) {
        if blocklist.contains(lowercased: lower) {
            verdict.add(PasswordFailure("blocklisted", "this password is on a list of common, expected or breached passwords; choose another"))
        }
        if let breachFile, let count = try? breachFile.count(of: password), count > 0 {
            verdict.add(PasswordFailure("breached", "this password has appeared in \(count) data breaches; choose another"))
        }
        if profile.dictionaryCheck, dictionaryBase(lower) != nil {
            verdict.add(PasswordFailure("dictionary_word", "this password is based on a dictionary word; use several unrelated words instead"))
        }
    }

    /// The dictionary word a password is built on, cracklib style: digits and symbols peeled off both
    /// ends, with or without undoing l33t first (`!!H0spital2024!!` is `hospital`).
    func dictionaryBase(_ lower: [Unicode.Scalar]) -> String? {
        func peeled(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
            var core = ArraySlice(scalars)
            while let first = core.first, !first.properties.isAlphabetic { core.removeFirst() }
            while let last = core.last, !last.properties.isAlphabetic { core.removeLast() }
            return Array(core)
        }
        func unl33t(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
            scalars.map { scalar in PatternMatcher.l33tLetters(scalar).first.map { Unicode.Scalar($0) } ?? scalar }
        }
        let literal = peeled(lower)
        for candidate in [literal, unl33t(literal), peeled(unl33t(lower))] where candidate.count >= 4 {
            let word = String(String.UnicodeScalarView(candidate))
            if estimator.lexicon.lookup(word) != nil || blocklist.contains(word) { return word }
        }
        return nil
    }

    func checkAgainstOld(_ password: String, old: String, _ verdict: inout PasswordVerdict) {
        let oldNormalized = old.precomposedStringWithCanonicalMapping
        if password == oldNormalized {
            verdict.add(PasswordFailure("same_as_old", "choose a password different from the current one"))
            return
        }
        if password.lowercased() == oldNormalized.lowercased() {
            verdict.add(PasswordFailure("case_change_only", "changing only capitals is not a new password"))
            return
        }
        if password.count == oldNormalized.count, (oldNormalized + oldNormalized).contains(password) {
            verdict.add(PasswordFailure("rotated_old", "a rotated form of the current password is not a new one"))
            return
        }
        if profile.differentCharacters > 0 {
            let oldCharacters = Set(oldNormalized.lowercased())
            let different = password.lowercased().filter { !oldCharacters.contains($0) }.count
            if different < profile.differentCharacters {
                verdict.add(
                    PasswordFailure(
                        "too_similar", "change at least \(profile.differentCharacters) characters compared with the current password"))
            }
        }
    }
}
