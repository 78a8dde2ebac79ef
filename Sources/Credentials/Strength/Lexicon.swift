#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ranked words from several frequency lists, merged into one compact structure.
///
/// Words are lower-case UTF-8, sorted, and indexed by a trie packed into one array in depth-first
/// order. Matching a password walks the trie from each start position one byte at a time, so every
/// dictionary word inside the password is found without hashing any substring, and a walk stays
/// inside one contiguous subtree (in cache). A word that
/// appears in several lists keeps its best rank, which is what the guess estimate needs, and the list
/// that gave it (for feedback).
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

    /// Rank and source of word k (words are numbered in byte order; the trie's nodes refer to them).
    var ranks: [UInt32]
    var sources: [UInt8]
    /// The words as a trie, for walking a password one byte at a time.
    var trie: Trie

    public var count: Int { ranks.count }

    public static let empty = Lexicon(lists: [])

    /// Merges ranked lists. Words are lower-cased; empty words and words longer than 64 bytes are skipped.
    public init(lists: [RankedList]) {
        // Every word's lower-case bytes in one buffer, then an index sorted by (bytes, rank).
        var flat: [UInt8] = []
        var starts: [UInt32] = []
        var entryRanks: [UInt32] = []
        var entrySources: [UInt8] = []
        for list in lists {
            var rank: UInt32 = 0
            for word in list.words {
                let begin = flat.count
                if word.utf8.allSatisfy({ $0 < 0x80 }) {
                    for byte in word.utf8 { flat.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
                } else {
                    flat.append(contentsOf: word.lowercased().utf8)
                }
                let length = flat.count - begin
                guard length > 0, length <= 64 else {
                    flat.removeLast(length)
                    continue
                }
                rank += 1
                starts.append(UInt32(begin))
                entryRanks.append(rank)
                entrySources.append(list.source.rawValue)
            }
        }
        starts.append(UInt32(flat.count))
        let total = entryRanks.count
        var order = Array(0..<total)
        flat.withUnsafeBufferPointer { buffer in
            starts.withUnsafeBufferPointer { start in
                order.sort { a, b in
                    let aStart = Int(start[a])
                    let aEnd = Int(start[a + 1])  // entries are appended in order: the next start ends one
                    let bStart = Int(start[b])
                    let bEnd = Int(start[b + 1])
                    let shared = min(aEnd - aStart, bEnd - bStart)
                    let order = shared == 0 ? 0 : memcmp(buffer.baseAddress! + aStart, buffer.baseAddress! + bStart, shared)
                    if order != 0 { return order < 0 }
                    if aEnd - aStart != bEnd - bStart { return aEnd - aStart < bEnd - bStart }
                    return entryRanks[a] < entryRanks[b]
                }
            }
        }
        // The distinct words in order, only to build the trie: the trie and the ranks are what stays.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(flat.count)
        var offsets: [UInt32] = [0]
        ranks = []
        sources = []
        var previous: ArraySlice<UInt8>? = nil
        for index in order {
            let word = flat[Int(starts[index])..<Int(starts[index + 1])]
            if let previous, previous == word { continue }  // the same word, worse rank
            bytes.append(contentsOf: word)
            offsets.append(UInt32(bytes.count))
            ranks.append(entryRanks[index])
            sources.append(entrySources[index])
            previous = word
        }
        trie = Trie(bytes: bytes, offsets: offsets)
    }

    /// The rank and source of a whole word, if present.
    public func lookup(_ word: String) -> (rank: Int, source: Source)? {
        var lower: [UInt8] = []
        lower.reserveCapacity(word.utf8.count)
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in word.utf8 { lower.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        } else {
            lower.append(contentsOf: word.lowercased().utf8)
        }
        return lookup(lowercased: lower)
    }

    /// The rank and source of a word given as lower-case UTF-8.
    public func lookup(lowercased word: [UInt8]) -> (rank: Int, source: Source)? {
        guard !word.isEmpty else { return nil }
        return withCursor { cursor in
            var node: Int32 = 0
            for byte in word {
                node = cursor.child(of: node, byte: byte)
                if node < 0 { return nil }
            }
            let index = cursor.word(at: node)
            return index < 0 ? nil : (Int(ranks[Int(index)]), Source(rawValue: sources[Int(index)])!)
        }
    }

    /// Runs `body` with a cursor over the trie (no bounds checks or reference counting in the walk).
    func withCursor<T>(_ body: (Cursor) -> T) -> T {
        trie.cells.withUnsafeBufferPointer { cells in
            trie.rootChildren.withUnsafeBufferPointer { rootChildren in
                body(Cursor(cells: cells, rootChildren: rootChildren))
            }
        }
    }

    /// A trie packed into one array of 32-bit cells, nodes in pre-order. A node is a record:
    ///
    ///     header           edge count (bits 0-8), a word ends here (bit 9)
    ///     word             the index of that word (only when bit 9 is set)
    ///     edge bytes       sorted, four to a cell
    ///     child offsets    of edges 1 ..< count; edge 0's child is the record right after this one
    ///
    /// so a chain of single-child nodes (most of a word list) is a run of 8- or 12-byte records: a walk
    /// reads one cache line where separate node and edge arrays cost three misses per byte. The root's
    /// children are also in a table indexed by byte, since every walk starts there.
    struct Trie: Sendable {
        static let edgeCountMask: UInt32 = 0x1FF
        static let hasWord: UInt32 = 0x200

        var cells: [UInt32] = []
        var rootChildren = [Int32](repeating: -1, count: 256)

        /// Builds the trie of sorted, distinct words in pre-order.
        init(bytes: [UInt8], offsets: [UInt32]) {
            let count = offsets.count - 1
            cells.reserveCapacity(bytes.count + count)
            // Pending subtrees: the words below them (a sorted range), their depth, and the cell holding
            // their offset in the parent (-1 for a first child, which needs none).
            var stack: [(low: Int, high: Int, depth: Int, patch: Int)] = [(0, count, 0, -1)]
            var children: [(byte: UInt8, low: Int, high: Int)] = []
            while let (low, high, depth, patch) = stack.popLast() {
                let node = cells.count
                precondition(node < Int(Int32.max), "word list too large for the trie")
                if patch >= 0 { cells[patch] = UInt32(node) }
                var index = low
                // A word ending here sorts first among the words sharing this prefix.
                var word = -1
                if index < high && Int(offsets[index + 1] - offsets[index]) == depth {
                    word = index
                    index += 1
                }
                children.removeAll(keepingCapacity: true)
                while index < high {
                    let byte = bytes[Int(offsets[index]) + depth]
                    var end = index + 1
                    while end < high && bytes[Int(offsets[end]) + depth] == byte { end += 1 }
                    children.append((byte, index, end))
                    index = end
                }
                cells.append(UInt32(children.count) | (word >= 0 ? Self.hasWord : 0))
                if word >= 0 { cells.append(UInt32(word)) }
                for group in stride(from: 0, to: children.count, by: 4) {
                    var packed: UInt32 = 0
                    for k in group..<min(group + 4, children.count) { packed |= UInt32(children[k].byte) << (8 * UInt32(k - group)) }
                    cells.append(packed.littleEndian)  // byte k of a cell at address offset k on any machine
                }
                let firstPatch = cells.count
                cells.append(contentsOf: repeatElement(0, count: max(children.count - 1, 0)))
                // The first child is built next, right after this record; the others patch their offsets.
                for k in stride(from: children.count - 1, through: 0, by: -1) {
                    stack.append((children[k].low, children[k].high, depth + 1, k == 0 ? -1 : firstPatch + k - 1))
                }
            }
            for byte in 0..<256 { rootChildren[byte] = Self.child(in: cells, of: 0, byte: UInt8(byte)) }
        }

        /// The child of `node` along `byte` in `cells`, or -1 (used once per byte for the root table).
        static func child(in cells: [UInt32], of node: Int, byte: UInt8) -> Int32 {
            cells.withUnsafeBufferPointer { Cursor.child(cells: $0, of: Int32(node), byte: byte) }
        }
    }

    /// The walking primitives.
    struct Cursor {
        let cells: UnsafeBufferPointer<UInt32>
        let rootChildren: UnsafeBufferPointer<Int32>

        /// The child of `node` along `byte`, or -1.
        @inline(__always) func child(of node: Int32, byte: UInt8) -> Int32 {
            node == 0 ? rootChildren[Int(byte)] : Self.child(cells: cells, of: node, byte: byte)
        }

        @inline(__always) static func child(cells: UnsafeBufferPointer<UInt32>, of node: Int32, byte: UInt8) -> Int32 {
            let header = cells[Int(node)]
            let count = Int(header & Trie.edgeCountMask)
            let edges = Int(node) &+ 1 &+ (header & Trie.hasWord != 0 ? 1 : 0)
            let edgeBytes = UnsafeRawPointer(cells.baseAddress! + edges)
            // Wide nodes: halve towards the first edge not below `byte`, then scan.
            var low = 0
            var high = count
            while high &- low > 8 {
                let middle = (low &+ high) >> 1
                if edgeBytes.load(fromByteOffset: middle, as: UInt8.self) < byte { low = middle &+ 1 } else { high = middle }
            }
            while low < count {
                let edge = edgeBytes.load(fromByteOffset: low, as: UInt8.self)
                if edge == byte {
                    let offsets = edges &+ ((count &+ 3) >> 2)
                    return low == 0 ? Int32(truncatingIfNeeded: offsets &+ count &- 1) : Int32(bitPattern: cells[offsets &+ low &- 1])
                }
                if edge > byte { return -1 }
                low &+= 1
            }
            return -1
        }

        /// The word ending at `node`, or -1.
        @inline(__always) func word(at node: Int32) -> Int32 {
            cells[Int(node)] & Trie.hasWord != 0 ? Int32(bitPattern: cells[Int(node) &+ 1]) : -1
        }
    }
}
