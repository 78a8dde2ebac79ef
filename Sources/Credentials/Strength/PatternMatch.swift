/// A guessable pattern found in a password: scalars `i...j` and how an attacker would guess them.
struct PatternMatch: Sendable {
    enum Pattern: Sendable {
        case dictionary(Dictionary)
        case spatial(graph: KeyboardGraph.Name, turns: Int, shifted: Int)
        case repeated(baseLength: Int, baseGuesses: Double, count: Double)
        case sequence(ascending: Bool)
        case recentYear(Int)
        case date(year: Int, separated: Bool)
        case bruteforce
    }

    struct Dictionary: Sendable {
        var rank: Int
        var source: Lexicon.Source
        var reversed: Bool
        /// Letters standing in for l33t characters: (l33t character, letter it replaces).
        var substitutions: [(Unicode.Scalar, Unicode.Scalar)]
        var l33t: Bool { !substitutions.isEmpty }
    }

    var i: Int
    var j: Int
    var pattern: Pattern
    /// Guesses before the minimum for a partial match is applied.
    var rawGuesses: Double

    var length: Int { j - i + 1 }

    var isBruteforce: Bool {
        if case .bruteforce = pattern { return true }
        return false
    }
}

/// A password prepared for matching: scalars, and their lower-case UTF-8 bytes with the byte offset
/// at which each scalar starts (the lexicon is walked byte by byte).
struct PreparedPassword {
    let scalars: [Unicode.Scalar]
    let lower: [UInt8]
    /// `starts[k]` is the first byte of scalar k in `lower`; `starts[count]` is `lower.count`.
    let starts: [Int]

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var lower: [UInt8] = []
        lower.reserveCapacity(scalars.count)
        var starts: [Int] = []
        starts.reserveCapacity(scalars.count + 1)
        for scalar in scalars {
            starts.append(lower.count)
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                lower.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
            } else {
                lower.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        starts.append(lower.count)
        self.lower = lower
        self.starts = starts
    }

    var count: Int { scalars.count }

    func withBuffers<T>(_ body: (UnsafeBufferPointer<Unicode.Scalar>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) -> T) -> T {
        scalars.withUnsafeBufferPointer { scalars in
            lower.withUnsafeBufferPointer { lower in starts.withUnsafeBufferPointer { starts in body(scalars, lower, starts) } }
        }
    }
}

/// The pattern finders of the estimator, in the zxcvbn family (Wheeler, USENIX Security 2016).
struct PatternMatcher {
    let lexicon: Lexicon
    let userInputs: Lexicon
    let referenceYear: Int

    /// l33t characters and the (at most two) letters they may stand for, by ASCII code, packed as
    /// `first | second << 8` (0: not a l33t character).
    static let l33tTable: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 128)
        let pairs: [(Character, String)] = [
            ("4", "a"), ("@", "a"), ("8", "b"), ("(", "c"), ("{", "c"), ("[", "c"), ("<", "c"), ("3", "e"), ("6", "g"), ("9", "g"),
            ("1", "il"), ("!", "i"), ("|", "il"), ("7", "lt"), ("0", "o"), ("$", "s"), ("5", "s"), ("+", "t"), ("%", "x"), ("2", "z"),
        ]
        for (character, letters) in pairs {
            let bytes = Array(letters.utf8)
            table[Int(character.asciiValue!)] = UInt16(bytes[0]) | (bytes.count > 1 ? UInt16(bytes[1]) << 8 : 0)
        }
        return table
    }()

    /// The letters a scalar may stand for as l33t (empty for most).
    static func l33tLetters(_ scalar: Unicode.Scalar) -> [UInt8] {
        guard scalar.value < 128 else { return [] }
        let packed = l33tTable[Int(scalar.value)]
        return [UInt8(packed & 0xFF), UInt8(packed >> 8)].filter { $0 != 0 }
    }

    func allMatches(_ password: PreparedPassword) -> [PatternMatch] {
        var matches: [PatternMatch] = []
        matches.reserveCapacity(32)
        dictionaryMatches(password, into: &matches)
        spatialMatches(password, into: &matches)
        repeatMatches(password, into: &matches)
        sequenceMatches(password, into: &matches)
        recentYearMatches(password, into: &matches)
        dateMatches(password, into: &matches)
        return matches
    }

    // MARK: Dictionaries

    /// State of one walk: for each ASCII l33t character, what it stands for in the token so far
    /// (0 unset, 1 itself, else the letter), and how many stand for a letter.
    struct L33tChoices {
        var slot = [UInt8](repeating: 0, count: 128)
        var substituted = 0
        var order: [UInt8] = []

        func substitutions() -> [(Unicode.Scalar, Unicode.Scalar)] {
            order.compactMap { character in
                slot[Int(character)] > 1 ? (Unicode.Scalar(character), Unicode.Scalar(slot[Int(character)])) : nil
            }
        }
    }

    /// Every word of the lexicons (and the user inputs) in the password, case-insensitively, spelled
    /// plainly or with l33t substitutions (`p@ssw0rd`), and every word in the reversed password.
    func dictionaryMatches(_ password: PreparedPassword, into matches: inout [PatternMatch]) {
        let reversed = password.count > 1 ? PreparedPassword(password.scalars.reversed()) : password
        var choices = L33tChoices()
        for dictionary in [lexicon, userInputs] where dictionary.count > 0 {
            dictionary.withCursor { cursor in
                walkFromEveryStart(password, cursor, dictionary, reversed: false, choices: &choices, into: &matches)
                guard password.count > 1 else { return }
                var found: [PatternMatch] = []
                walkFromEveryStart(reversed, cursor, dictionary, reversed: true, choices: &choices, into: &found)
                let n = password.count
                for var match in found {
                    (match.i, match.j) = (n - 1 - match.j, n - 1 - match.i)
                    matches.append(match)
                }
            }
        }
    }

    /// Walks the lexicon from every start position: the password with l33t substitutions, or the
    /// reversed password plainly (as zxcvbn does).
    private func walkFromEveryStart(
        _ password: PreparedPassword, _ cursor: Lexicon.Cursor, _ dictionary: Lexicon, reversed: Bool, choices: inout L33tChoices,
        into matches: inout [PatternMatch]
    ) {
        password.withBuffers { scalars, lower, starts in
            let walker = Walker(
                cursor: cursor, dictionary: dictionary, scalars: scalars, lower: lower, starts: starts, l33t: !reversed, reversed: reversed,
                matcher: self)
            for start in 0..<scalars.count {
                walker.walk(start: start, position: start, node: 0, choices: &choices, into: &matches)
            }
        }
    }

    /// Walks the lexicon along the password from a start position. With `l33t`, a l33t character
    /// either stays itself or stands for one of its letters, the same way throughout the token; a
    /// match that used a substitution is a l33t match (two characters at least), one that used none a
    /// plain one.
    struct Walker {
        let cursor: Lexicon.Cursor
        let dictionary: Lexicon
        let scalars: UnsafeBufferPointer<Unicode.Scalar>
        let lower: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int>
        let l33t: Bool
        let reversed: Bool
        let matcher: PatternMatcher

        func walk(start: Int, position: Int, node: Int32, choices: inout L33tChoices, into matches: inout [PatternMatch]) {
            guard position < scalars.count else { return }
            let scalar = scalars[position]
            let ascii = scalar.value < 128 ? Int(scalar.value) : -1
            let packed = l33t && ascii >= 0 ? PatternMatcher.l33tTable[ascii] : 0
            let earlier = packed != 0 ? choices.slot[ascii] : 0
            // Options: 0 = the character itself, then its letters; a character chosen earlier keeps its choice.
            let optionCount = packed == 0 || earlier != 0 ? 1 : packed > 0xFF ? 3 : 2
            for optionIndex in 0..<optionCount {
                let option: UInt8 =
                    packed == 0 ? 1 : earlier != 0 ? earlier : optionIndex == 0 ? 1 : optionIndex == 1 ? UInt8(packed & 0xFF) : UInt8(packed >> 8)
                var next = node
                if option == 1 {
                    var index = starts[position]
                    let end = starts[position + 1]
                    while index < end && next >= 0 {
                        next = cursor.child(of: next, byte: lower[index])
                        index += 1
                    }
                } else {
                    next = cursor.child(of: next, byte: option)
                }
                if next < 0 { continue }
                let isNew = packed != 0 && earlier == 0
                if isNew {
                    choices.slot[ascii] = option
                    choices.order.append(UInt8(ascii))
                    if option != 1 { choices.substituted += 1 }
                }
                let word = Int(cursor.word(at: next))
                if word >= 0, choices.substituted == 0 || position > start {
                    matcher.append(
                        i: start, j: position, rank: Int(dictionary.ranks[word]), source: Lexicon.Source(rawValue: dictionary.sources[word])!,
                        reversed: reversed, substitutions: choices.substituted > 0 ? choices.substitutions() : [], scalars: scalars,
                        into: &matches)
                }
                walk(start: start, position: position + 1, node: next, choices: &choices, into: &matches)
                if isNew {
                    choices.slot[ascii] = 0
                    choices.order.removeLast()
                    if option != 1 { choices.substituted -= 1 }
                }
            }
        }
    }

    func append(
        i: Int, j: Int, rank: Int, source: Lexicon.Source, reversed: Bool, substitutions: [(Unicode.Scalar, Unicode.Scalar)],
        scalars: UnsafeBufferPointer<Unicode.Scalar>, into matches: inout [PatternMatch]
    ) {
        let token = scalars[i...j]
        var guesses = Double(rank) * GuessScoring.uppercaseVariations(token)
        if !substitutions.isEmpty { guesses *= GuessScoring.l33tVariations(token, substitutions) }
        if reversed { guesses *= 2 }
        let info = PatternMatch.Dictionary(rank: rank, source: source, reversed: reversed, substitutions: substitutions)
        matches.append(PatternMatch(i: i, j: j, pattern: .dictionary(info), rawGuesses: guesses))
    }

    // MARK: Keyboard walks

    func spatialMatches(_ password: PreparedPassword, into matches: inout [PatternMatch]) {
        let scalars = password.scalars
        let n = scalars.count
        for graph in KeyboardGraph.all {
            var i = 0
            while i < n - 1 {
                var j = i + 1
                var lastDirection = -1
                var turns = 0
                var shifted = graph.hasShift && KeyboardGraph.isShifted(scalars[i]) ? 1 : 0
                while true {
                    var found = false
                    let previous = scalars[j - 1]
                    if j < n, previous.isASCII, let around = graph.neighbours[Int(previous.value)] {
                        let current = scalars[j]
                        for (direction, key) in around.enumerated() {
                            guard let key, current.isASCII else { continue }
                            let byte = UInt8(current.value)
                            guard byte == key.unshifted || (key.shifted != 0 && byte == key.shifted) else { continue }
                            found = true
                            if key.shifted != 0 && byte == key.shifted && key.unshifted != key.shifted { shifted += 1 }
                            if lastDirection != direction {
                                turns += 1
                                lastDirection = direction
                            }
                            break
                        }
                    }
                    if found {
                        j += 1
                    } else {
                        if j - i > 2 {
                            let guesses = GuessScoring.spatialGuesses(
                                graph: graph, length: j - i, turns: turns, shifted: shifted)
                            matches.append(
                                PatternMatch(
                                    i: i, j: j - 1, pattern: .spatial(graph: graph.name, turns: turns, shifted: shifted), rawGuesses: guesses)
                            )
                        }
                        i = j
                        break
                    }
                }
            }
        }
    }

    // MARK: Repeats

    /// Runs of a repeated base (`aaa`, `abcabc`), found the way the regular expressions `(.+)\1+`
    /// (greedy) and `(.+?)\1+` (lazy) would find them; the base is scored on its own.
    func repeatMatches(_ password: PreparedPassword, into matches: inout [PatternMatch]) {
        let s = password.scalars
        let n = s.count
        func repeats(at i: Int, length: Int) -> Int {
            var count = 1
            while i + (count + 1) * length <= n {
                var same = true
                for k in 0..<length where s[i + count * length + k] != s[i + k] {
                    same = false
                    break
                }
                if !same { break }
                count += 1
            }
            return count
        }
        var last = 0
        while last < n {
            var start = -1
            var shortest = 0
            var longest = 0
            search: for i in last..<n {
                let maxLength = (n - i) / 2
                guard maxLength >= 1 else { break }
                for length in 1...maxLength where repeats(at: i, length: length) >= 2 {
                    if shortest == 0 { shortest = length }
                    longest = length
                }
                if shortest > 0 {
                    start = i
                    break search
                }
            }
            guard start >= 0 else { break }
            let lazyTotal = shortest * repeats(at: start, length: shortest)
            let greedyTotal = longest * repeats(at: start, length: longest)
            var baseLength = shortest
            var total = lazyTotal
            if greedyTotal > lazyTotal {
                total = greedyTotal
                // The shortest base whose repetition is exactly the greedy run.
                baseLength = (1...total).first { total % $0 == 0 && repeats(at: start, length: $0) * $0 >= total && total / $0 >= 2 } ?? longest
            }
            let base = Array(s[start..<(start + baseLength)])
            let baseGuesses = StrengthEstimator.guesses(of: base, matcher: self)
            let count = Double(total) / Double(baseLength)
            matches.append(
                PatternMatch(
                    i: start, j: start + total - 1, pattern: .repeated(baseLength: baseLength, baseGuesses: baseGuesses, count: count),
                    rawGuesses: baseGuesses * count))
            last = start + total
        }
    }

    // MARK: Sequences

    /// Runs with a constant step of at most 5 between code points (`abcd`, `9753`).
    func sequenceMatches(_ password: PreparedPassword, into matches: inout [PatternMatch]) {
        let s = password.scalars
        let n = s.count
        guard n > 1 else { return }
        func emit(_ i: Int, _ j: Int, _ delta: Int) {
            guard j - i > 1 || abs(delta) == 1, delta != 0, abs(delta) <= 5 else { return }
            let first = s[i]
            var base: Double
            switch first {
            case "a", "A", "z", "Z", "0", "1", "9": base = 4
            case "0"..."9": base = 10
            default: base = 26
            }
            if delta < 0 { base *= 2 }
            matches.append(PatternMatch(i: i, j: j, pattern: .sequence(ascending: delta > 0), rawGuesses: base * Double(j - i + 1)))
        }
        var i = 0
        var lastDelta: Int? = nil
        for k in 1..<n {
            let delta = Int(s[k].value) - Int(s[k - 1].value)
            if lastDelta == nil { lastDelta = delta }
            if delta == lastDelta { continue }
            emit(i, k - 1, lastDelta!)
            i = k - 1
            lastDelta = delta
        }
        emit(i, n - 1, lastDelta!)
    }

    // MARK: Years and dates

    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        scalar.value >= 48 && scalar.value <= 57 ? Int(scalar.value - 48) : nil
    }

    /// Four-digit years from 1900 to 2049, left to right without overlap.
    func recentYearMatches(_ password: PreparedPassword, into matches: inout [PatternMatch]) {
        let s = password.scalars
        var i = 0
        while i + 4 <= s.count {
            if let a = Self.digit(s[i]), let b = Self.digit(s[i + 1]), let c = Self.digit(s[i + 2]), let d = Self.digit(s[i + 3]),
                (a == 1 && b == 9) || (a == 2 && b == 0 && c <= 4)
            {
                let year = a * 1000 + b * 100 + c * 10 + d
                let guesses = Double(max(abs(year - referenceYear), GuessScoring.minimumYearSpace))
                matches.append(PatternMatch(i: i, j: i + 3, pattern: .recentYear(year), rawGuesses: guesses))
                i += 4
            } else {
                i += 1
            }
        }
    }

    static let dateSplits: [Int: [(Int, Int)]] = [
        4: [(1, 2), (2, 3)], 5: [(1, 3), (2, 3)], 6: [(1, 2), (2, 4), (4, 5)], 7: [(1, 3), (2, 3), (4, 5), (4, 6)], 8: [(2, 4), (4, 6)],
    ]

    static func isDateSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "/", "\\", "_", ".", "-": true
        default: false
        }
    }

    /// Day, month and year in either order, with 2- or 4-digit years, with or without a separator.
    func dateMatches(_ password: PreparedPassword, into matches: inout [PatternMatch]) {
        let s = password.scalars
        let n = s.count
        var found: [(i: Int, j: Int, year: Int, separated: Bool)] = []
        func number(_ from: Int, _ to: Int) -> Int {
            var value = 0
            for k in from..<to { value = value * 10 + Self.digit(s[k])! }
            return value
        }
        if n >= 4 {
            for i in 0..<(n - 3) {
                for j in (i + 3)..<min(i + 8, n) {
                    guard (i...j).allSatisfy({ Self.digit(s[$0]) != nil }) else { break }
                    var best: (year: Int, distance: Int)? = nil
                    for (k, l) in Self.dateSplits[j - i + 1]! {
                        guard let year = Self.dateYear([number(i, i + k), number(i + k, i + l), number(i + l, j + 1)]) else { continue }
                        let distance = abs(year - referenceYear)
                        if best == nil || distance < best!.distance { best = (year, distance) }
                    }
                    if let best { found.append((i, j, best.year, false)) }
                }
            }
        }
        if n >= 6 {
            for i in 0..<(n - 5) {
                for j in (i + 5)..<min(i + 10, n) {
                    // ^(\d{1,4})([\s/\\_.-])(\d{1,2})\2(\d{1,4})$
                    var k = i
                    while k <= j, Self.digit(s[k]) != nil { k += 1 }
                    let firstLength = k - i
                    guard (1...4).contains(firstLength), k <= j, Self.isDateSeparator(s[k]) else { continue }
                    let separator = s[k]
                    var m = k + 1
                    while m <= j, Self.digit(s[m]) != nil { m += 1 }
                    let secondLength = m - k - 1
                    guard (1...2).contains(secondLength), m <= j, s[m] == separator else { continue }
                    let thirdLength = j - m
                    guard (1...4).contains(thirdLength), ((m + 1)...j).allSatisfy({ Self.digit(s[$0]) != nil }) else { continue }
                    guard let year = Self.dateYear([number(i, k), number(k + 1, m), number(m + 1, j + 1)]) else { continue }
                    found.append((i, j, year, true))
                }
            }
        }
        // Drop dates inside longer ones (`2015_06_04` also holds `15_06_04`, `5_06_04`, …).
        for date in found {
            let inside = found.contains { other in
                other.i <= date.i && other.j >= date.j && (other.i != date.i || other.j != date.j)
            }
            if inside { continue }
            var guesses = Double(max(abs(date.year - referenceYear), GuessScoring.minimumYearSpace)) * 365
            if date.separated { guesses *= 4 }
            matches.append(PatternMatch(i: date.i, j: date.j, pattern: .date(year: date.year, separated: date.separated), rawGuesses: guesses))
        }
    }

    /// The year of a day-month-year triple in any supported order, or nil when it is not a date.
    static func dateYear(_ numbers: [Int]) -> Int? {
        guard numbers[1] <= 31, numbers[1] > 0 else { return nil }
        var over12 = 0
        var over31 = 0
        var under1 = 0
        for value in numbers {
            if (value > 99 && value < 1000) || value > 2050 { return nil }
            if value > 31 { over31 += 1 }
            if value > 12 { over12 += 1 }
            if value <= 0 { under1 += 1 }
        }
        if over31 >= 2 || over12 == 3 || under1 >= 2 { return nil }
        func dayMonth(_ a: Int, _ b: Int) -> Bool { ((1...31).contains(a) && (1...12).contains(b)) || ((1...31).contains(b) && (1...12).contains(a)) }
        let splits = [(numbers[2], numbers[0], numbers[1]), (numbers[0], numbers[1], numbers[2])]
        for (year, a, b) in splits where (1000...2050).contains(year) {
            return dayMonth(a, b) ? year : nil
        }
        for (year, a, b) in splits where dayMonth(a, b) {
            return year > 99 ? year : year > 50 ? year + 1900 : year + 2000
        }
        return nil
    }
}
