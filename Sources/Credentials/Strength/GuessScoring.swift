/// Guess counts of each pattern, as in zxcvbn's scoring.
enum GuessScoring {
    static let bruteforceCardinality = 10.0
    static let minimumGuessesBeforeGrowingSequence = 10_000.0
    static let minimumSubmatchGuessesSingleCharacter = 10.0
    static let minimumSubmatchGuessesMultipleCharacters = 50.0
    static let minimumYearSpace = 20

    static func choose(_ n: Int, _ k: Int) -> Double {
        if k > n { return 0 }
        if k == 0 { return 1 }
        var result = 1.0
        var n = Double(n)
        for d in 1...k {
            result *= n
            result /= Double(d)
            n -= 1
        }
        return result
    }

    /// The ways to mark between 1 and min(a, b) of a + b positions: how many mixes of two kinds of
    /// character (capitals and lower case, l33t and plain, shifted and unshifted) an attacker tries.
    static func mixes(_ a: Int, _ b: Int) -> Double {
        var total = 0.0
        for i in stride(from: 1, through: min(a, b), by: 1) { total += choose(a + b, i) }
        return total
    }

    /// n! and 10,000^n for every sequence length the estimator analyses.
    static let factorials: [Double] = (0...StrengthEstimator.analysedLength + 1).map { n in n < 2 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }
    static let growthPenalties: [Double] = (0...StrengthEstimator.analysedLength + 1).map { pow(minimumGuessesBeforeGrowingSequence, $0) }

    static func bruteforceGuesses(length: Int) -> Double {
        let guesses = pow10(length)
        let minimum = length == 1 ? minimumSubmatchGuessesSingleCharacter + 1 : minimumSubmatchGuessesMultipleCharacters + 1
        return max(guesses, minimum)
    }

    static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= bruteforceCardinality }
        return value
    }

    /// How many capitalisations an attacker tries: 1 for lower case, 2 for a capital first or last
    /// letter or all capitals, otherwise the ways to place the capitals.
    static func uppercaseVariations<Token: Collection<Unicode.Scalar>>(_ token: Token) -> Double {
        var upper = 0
        var lower = 0
        for scalar in token {
            if isUppercase(scalar) { upper += 1 } else if isLowercase(scalar) { lower += 1 }
        }
        if upper == 0 { return 1 }
        let first = isUppercase(token.first!)
        var lastScalar = token.first!
        for scalar in token { lastScalar = scalar }
        let last = isUppercase(lastScalar)
        if upper == 1 && (first || last) && token.count > 1 { return 2 }
        if lower == 0 { return 2 }
        return mixes(upper, lower)
    }

    @inline(__always) static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value >= 65 && scalar.value <= 90 : scalar.properties.isUppercase
    }

    @inline(__always) static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value >= 97 && scalar.value <= 122 : scalar.properties.isLowercase
    }

    static func l33tVariations<Token: Collection<Unicode.Scalar>>(_ token: Token, _ substitutions: [(Unicode.Scalar, Unicode.Scalar)]) -> Double {
        var variations = 1.0
        for (subbed, letter) in substitutions {
            var s = 0
            var u = 0
            for scalar in token {
                let lower = scalar.isASCII && scalar.properties.isUppercase ? Unicode.Scalar(scalar.value + 32)! : scalar
                if lower == subbed { s += 1 } else if lower == letter { u += 1 }
            }
            variations *= s == 0 || u == 0 ? 2 : mixes(u, s)
        }
        return variations
    }

    static func spatialGuesses(graph: KeyboardGraph, length: Int, turns: Int, shifted: Int) -> Double {
        // qwerty and dvorak share figures, as do the two keypads (zxcvbn's simplification).
        let reference = graph.hasShift ? KeyboardGraph.qwerty : KeyboardGraph.keypad
        let s = Double(reference.startingPositions)
        let d = reference.averageDegree
        var guesses = 0.0
        if length >= 2 {
            for i in 2...length {
                let possibleTurns = min(turns, i - 1)
                if possibleTurns >= 1 {
                    for j in 1...possibleTurns { guesses += choose(i - 1, j - 1) * s * pow(d, j) }
                }
            }
        }
        if shifted > 0 {
            let unshifted = length - shifted
            guesses *= unshifted == 0 ? 2 : mixes(shifted, unshifted)
        }
        return guesses
    }

    static func pow(_ base: Double, _ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= base }
        return value
    }

    /// 0–4 from the guess count: below 10³, 10⁶, 10⁸ and 10¹⁰ (each plus 5).
    static func score(guesses: Double) -> Int {
        switch guesses {
        case ..<1_005: 0
        case ..<1_000_005: 1
        case ..<100_000_005: 2
        case ..<10_000_000_005: 3
        default: 4
        }
    }
}
