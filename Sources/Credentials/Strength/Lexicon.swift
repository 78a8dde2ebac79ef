/// Ranked words from several frequency lists, merged into one compact sorted structure.
///
/// Words are lower-case UTF-8, stored back to back in one byte buffer in byte order. Matching a
/// password walks it from each start position and narrows a range of words that share the prefix
/// read so far (two binary searches per byte), so every dictionary word inside the password is found
/// without hashing any substring. A word that appears in several lists keeps its best rank, which is
/// what the guess estimate needs, and the list that gave it (for feedback).
public struct Lexicon: Sendable {
    /// Where a word came from; decides the wording of feedback.
    public enum Source: UInt8, Sendable, CaseIterable {
        case passwords, englishWords, names, surnames, televisionAndFilm, userInputs, dictionary
    }

    /// One ranked list as it is added: most common first (rank 1).
    public struct RankedList: Sendable {
        public var source: Source
        public var words: [String]
        public init(source: Source, words: [String]) {
            self.source = source
            self.words = words
        }
    }

    var bytes: [UInt8]
    /// Word k is `bytes[offsets[k] ..< offsets[k + 1]]`.
    var offsets: [UInt32]
    var ranks: [UInt32]
    var sources: [UInt8]

    public var count: Int { ranks.count }

    public static let empty = Lexicon(lists: [])

    /// Merges ranked lists. Words are lower-cased; empty words and words longer than 64 bytes are skipped.
    public init(lists: [RankedList]) {
        var best: [String: (rank: UInt32, source: UInt8)] = [:]
        for list in lists {
            var rank: UInt32 = 0
            for word in list.words {
                let lower = word.lowercased()
                guard !lower.isEmpty, lower.utf8.count <= 64 else { continue }
                rank += 1
                if let existing = best[lower], existing.rank <= rank { continue }
                best[lower] = (rank, list.source.rawValue)
            }
        }
        let sorted = best.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        bytes = []
        bytes.reserveCapacity(sorted.reduce(0) { $0 + $1.count })
        offsets = [0]
        offsets.reserveCapacity(sorted.count + 1)
        ranks = []
        ranks.reserveCapacity(sorted.count)
        sources = []
        sources.reserveCapacity(sorted.count)
        for word in sorted {
            bytes.append(contentsOf: word)
            offsets.append(UInt32(bytes.count))
            let entry = best[String(decoding: word, as: UTF8.self)]!
            ranks.append(entry.rank)
            sources.append(entry.source)
        }
    }

    /// The rank and source of a whole word, if present.
    public func lookup(_ word: String) -> (rank: Int, source: Source)? {
        var range = 0..<count
        var depth = 0
        for byte in word.lowercased().utf8 {
            range = narrow(range, depth: depth, byte: byte)
            if range.isEmpty { return nil }
            depth += 1
        }
        guard !range.isEmpty, length(of: range.lowerBound) == depth else { return nil }
        return (Int(ranks[range.lowerBound]), Source(rawValue: sources[range.lowerBound])!)
    }

    @inline(__always) func length(of index: Int) -> Int { Int(offsets[index + 1] &- offsets[index]) }

    /// The byte of word `index` at `depth`, or -1 past its end (shorter words sort first).
    @inline(__always) func byte(of index: Int, at depth: Int) -> Int {
        let start = Int(offsets[index])
        return depth < Int(offsets[index + 1]) - start ? Int(bytes[start + depth]) : -1
    }

    /// The words of `range` (which share a prefix of `depth` bytes) whose next byte is `byte`.
    @inline(__always) func narrow(_ range: Range<Int>, depth: Int, byte target: UInt8) -> Range<Int> {
        let wanted = Int(target)
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = (low + high) >> 1
            if byte(of: middle, at: depth) < wanted { low = middle + 1 } else { high = middle }
        }
        let start = low
        high = range.upperBound
        while low < high {
            let middle = (low + high) >> 1
            if byte(of: middle, at: depth) <= wanted { low = middle + 1 } else { high = middle }
        }
        return start..<low
    }

    /// The whole-range cursor for a walk.
    var all: Range<Int> { 0..<count }

    /// When `range` (sharing `depth` bytes) holds a word of exactly `depth` bytes, its index.
    @inline(__always) func exactWord(in range: Range<Int>, depth: Int) -> Int? {
        guard !range.isEmpty, length(of: range.lowerBound) == depth else { return nil }
        return range.lowerBound
    }
}
