import Foundation

/// The estimated strength of a password: how many guesses an attacker who knows common patterns needs.
public struct StrengthEstimate: Sendable, Equatable {
    public var guesses: Double
    public var guessesLog10: Double
    /// 0 (too guessable) to 4 (very unguessable), by the guess count's order of magnitude.
    public var score: Int
    /// Why the password is weak, when it is (for example "This is a very common password.").
    public var warning: String?
    /// What to do instead.
    public var suggestions: [String]
    /// The patterns the cheapest decomposition used, for explanations (`dictionary`, `spatial`, …).
    public var patterns: [String]
}

/// Password strength estimation in the zxcvbn family (Wheeler, "zxcvbn: Low-Budget Password Strength
/// Estimation", USENIX Security 2016): find every guessable pattern, then pick by dynamic programming
/// the decomposition that needs the fewest guesses, filling gaps with brute force.
///
/// Synchronous and deterministic: the reference year for dates is a parameter, not the clock.
public struct StrengthEstimator: Sendable {
    public let lexicon: Lexicon
    public let referenceYear: Int
    /// Only this many leading characters are analysed, so no input costs pathological time; the
    /// estimate of a prefix never exceeds that of the whole password.
    public static let analysedLength = 100

    public init(lexicon: Lexicon, referenceYear: Int) {
        self.lexicon = lexicon
        self.referenceYear = referenceYear
    }

    /// Estimates `password`, treating `userInputs` (user name, service name, …) as a dictionary too.
    public func estimate(_ password: String, userInputs: Lexicon = .empty) -> StrengthEstimate {
        let scalars = Array(password.unicodeScalars.prefix(Self.analysedLength))
        let matcher = PatternMatcher(lexicon: lexicon, userInputs: userInputs, referenceYear: referenceYear)
        let (guesses, sequence) = Self.mostGuessableSequence(scalars, matches: matcher.allMatches(PreparedPassword(scalars)))
        let score = GuessScoring.score(guesses: guesses)
        let (warning, suggestions) = Self.feedback(score: score, sequence: sequence, scalars: scalars)
        return StrengthEstimate(
            guesses: guesses, guessesLog10: log10(guesses), score: score, warning: warning, suggestions: suggestions,
            patterns: sequence.map(\.patternName))
    }

    /// Guesses for a token on its own (the base of a repeat).
    static func guesses(of scalars: [Unicode.Scalar], matcher: PatternMatcher) -> Double {
        mostGuessableSequence(scalars, matches: matcher.allMatches(PreparedPassword(scalars))).guesses
    }

    /// The covering sequence of matches minimising `l! · Π guesses + D^(l-1)` (l: sequence length).
    static func mostGuessableSequence(_ password: [Unicode.Scalar], matches: [PatternMatch]) -> (
        guesses: Double, sequence: [PatternMatch]
    ) {
        let n = password.count
        guard n > 0 else { return (1, []) }
        // Matches grouped by end, each group by start (the order zxcvbn considers them in).
        let order = matches.indices.sorted { (matches[$0].j, matches[$0].i) < (matches[$1].j, matches[$1].i) }

        // Entry k * width + l: the best length-l sequence covering 0...k. `last` holds the final match:
        // an index into `matches`, or -(i + 2) for a brute-force run from i to k; -1 when there is none.
        let width = n + 1
        var g = [Double](repeating: .infinity, count: n * width)
        var pi = [Double](repeating: 0, count: n * width)
        var last = [Int](repeating: -1, count: n * width)
        var longest = [Int](repeating: 0, count: n)
        let single = GuessScoring.minimumSubmatchGuessesSingleCharacter
        let multiple = GuessScoring.minimumSubmatchGuessesMultipleCharacters

        func update(i: Int, k: Int, guesses raw: Double, marker: Int, l: Int) {
            let length = k - i + 1
            var product = length < n ? max(raw, length == 1 ? single : multiple) : max(raw, 1)
            if l > 1 { product *= pi[(i - 1) * width + l - 1] }
            let total = GuessScoring.factorials[l] * product + GuessScoring.growthPenalties[l - 1]
            let row = k * width
            var competing = 1
            while competing <= min(l, longest[k]) {
                if g[row + competing] <= total { return }
                competing += 1
            }
            g[row + l] = total
            pi[row + l] = product
            last[row + l] = marker
            if l > longest[k] { longest[k] = l }
        }

        var next = 0
        for k in 0..<n {
            while next < order.count && matches[order[next]].j == k {
                let index = order[next]
                let i = matches[index].i
                if i > 0 {
                    let row = (i - 1) * width
                    var l = 1
                    while l <= longest[i - 1] {
                        if last[row + l] != -1 { update(i: i, k: k, guesses: matches[index].rawGuesses, marker: index, l: l + 1) }
                        l += 1
                    }
                } else {
                    update(i: 0, k: k, guesses: matches[index].rawGuesses, marker: index, l: 1)
                }
                next += 1
            }
            update(i: 0, k: k, guesses: GuessScoring.bruteforceGuesses(length: k + 1), marker: -2, l: 1)
            var i = 1
            while i <= k {
                let row = (i - 1) * width
                let guesses = GuessScoring.bruteforceGuesses(length: k - i + 1)
                var l = 1
                while l <= longest[i - 1] {
                    // Two adjacent brute-force runs are never better than one.
                    if last[row + l] >= 0 { update(i: i, k: k, guesses: guesses, marker: -(i + 2), l: l + 1) }
                    l += 1
                }
                i += 1
            }
        }

        let k = n - 1
        var bestLength = 0
        var bestGuesses = Double.infinity
        for l in stride(from: 1, through: longest[k], by: 1) where g[k * width + l] < bestGuesses {
            bestGuesses = g[k * width + l]
            bestLength = l
        }
        var sequence: [PatternMatch] = []
        var position = k
        var l = bestLength
        while position >= 0 && l > 0 {
            let marker = last[position * width + l]
            let match: PatternMatch
            if marker >= 0 {
                match = matches[marker]
            } else {
                let start = -marker - 2
                match = PatternMatch(
                    i: start, j: position, pattern: .bruteforce, rawGuesses: GuessScoring.bruteforceGuesses(length: position - start + 1))
            }
            sequence.append(match)
            position = match.i - 1
            l -= 1
        }
        return (bestGuesses, sequence.reversed())
    }

    // MARK: Feedback

    static func feedback(score: Int, sequence: [PatternMatch], scalars: [Unicode.Scalar]) -> (String?, [String]) {
        if sequence.isEmpty {
            return (nil, ["Use a few words, and avoid common phrases.", "Symbols, digits or capitals are not needed."])
        }
        if score > 2 { return (nil, []) }
        var longest = sequence[0]
        for match in sequence.dropFirst() where match.length > longest.length { longest = match }
        var (warning, suggestions) = matchFeedback(longest, isSole: sequence.count == 1, token: scalars[longest.i...longest.j])
        suggestions.insert("Add another word or two; uncommon words are better.", at: 0)
        return (warning, suggestions)
    }

    static func matchFeedback(_ match: PatternMatch, isSole: Bool, token: ArraySlice<Unicode.Scalar>) -> (String?, [String]) {
        switch match.pattern {
        case .dictionary(let info):
            var warning: String?
            switch info.source {
            case .passwords:
                if isSole && !info.l33t && !info.reversed {
                    warning =
                        info.rank <= 10
                        ? "This is a top-10 common password."
                        : info.rank <= 100 ? "This is a top-100 common password." : "This is a very common password."
                } else if log10(match.rawGuesses) <= 4 {
                    warning = "This is similar to a commonly used password."
                }
            case .englishWords, .dictionary, .televisionAndFilm:
                if isSole { warning = "A word by itself is easy to guess." }
            case .names, .surnames:
                warning = isSole ? "Names and surnames by themselves are easy to guess." : "Common names and surnames are easy to guess."
            case .userInputs:
                warning = "This contains your user name or a word tied to this service."
            }
            var suggestions: [String] = []
            let upper = token.filter { $0.properties.isUppercase }.count
            if upper == 1 && token.first!.properties.isUppercase {
                suggestions.append("A capital first letter does not help much.")
            } else if upper > 0 && upper == token.filter({ $0.properties.isAlphabetic }).count {
                suggestions.append("All capitals are almost as easy to guess as all lower case.")
            }
            if info.reversed && token.count >= 4 { suggestions.append("Reversed words are not much harder to guess.") }
            if info.l33t { suggestions.append("Predictable substitutions such as '@' for 'a' do not help much.") }
            return (warning, suggestions)
        case .spatial(_, let turns, _):
            return (
                turns == 1 ? "Straight rows of keys are easy to guess." : "Short keyboard patterns are easy to guess.",
                ["Use a longer keyboard pattern with more turns."]
            )
        case .repeated(let baseLength, _, _):
            return (
                baseLength == 1 ? "Repeats like \"aaa\" are easy to guess." : "Repeats like \"abcabcabc\" are barely harder to guess than \"abc\".",
                ["Avoid repeated words and characters."]
            )
        case .sequence:
            return ("Sequences like \"abc\" or \"6543\" are easy to guess.", ["Avoid sequences."])
        case .recentYear:
            return ("Recent years are easy to guess.", ["Avoid recent years, and years associated with you."])
        case .date:
            return ("Dates are often easy to guess.", ["Avoid dates and years associated with you."])
        case .bruteforce:
            return (nil, [])
        }
    }
}

extension PatternMatch {
    var patternName: String {
        switch pattern {
        case .dictionary: "dictionary"
        case .spatial: "spatial"
        case .repeated: "repeat"
        case .sequence: "sequence"
        case .recentYear: "year"
        case .date: "date"
        case .bruteforce: "bruteforce"
        }
    }
}
