#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ranked words from several frequency lists, merged into one compact structure.
///
/// Words are lower-case UTF-8, sorted and stored back to back in one byte buffer, and indexed by a
/// trie in flat arrays laid out depth first. Matching a password walks the trie from each start
/// position one byte at a time, so every dictionary word inside the password is found without
/// hashing any substring, and a walk stays inside one contiguous subtree (in cache). A word that
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
        trie.edgeBytes.withUnsafeBufferPointer { edgeBytes in
            trie.edgeChild.withUnsafeBufferPointer { edgeChild in
                trie.nodes.withUnsafeBufferPointer { nodes in
                    body(Cursor(edgeBytes: edgeBytes, edgeChild: edgeChild, nodes: nodes))
                }
            }
        }
    }

    /// A trie in flat arrays, laid out depth first so that a walk stays inside one shrinking,
    /// contiguous subtree: node n's edges are `nodes[n].firstEdge ..< nodes[n + 1].firstEdge`, sorted
    /// by byte; `nodes[n].word` is the index of the word ending at n, or -1. Node 0 is the root.
    struct Trie: Sendable {
        struct Node: Sendable {
            var firstEdge: UInt32
            var word: Int32
        }

        var edgeBytes: [UInt8] = []
        var edgeChild: [Int32] = []
        var nodes: [Node] = []

        /// Builds the trie of sorted, distinct words in pre-order.
        init(bytes: [UInt8], offsets: [UInt32]) {
            let count = offsets.count - 1
            // Pending subtrees: the words below them (a sorted range), their depth, and the edge to patch.
            var stack: [(low: Int, high: Int, depth: Int, parentEdge: Int)] = [(0, count, 0, -1)]
            var children: [(Int, Int, Int, Int)] = []
            while let (low, high, depth, parentEdge) = stack.popLast() {
                let node = Int32(nodes.count)
                if parentEdge >= 0 { edgeChild[parentEdge] = node }
                var index = low
                // A word ending here sorts first among the words sharing this prefix.
                var word: Int32 = -1
                if index < high && Int(offsets[index + 1] - offsets[index]) == depth {
                    word = Int32(index)
                    index += 1
                }
                nodes.append(Node(firstEdge: UInt32(edgeBytes.count), word: word))
                children.removeAll(keepingCapacity: true)
                while index < high {
                    let byte = bytes[Int(offsets[index]) + depth]
                    var end = index + 1
                    while end < high && bytes[Int(offsets[end]) + depth] == byte { end += 1 }
                    edgeBytes.append(byte)
                    edgeChild.append(-1)
                    children.append((index, end, depth + 1, edgeBytes.count - 1))
                    index = end
                }
                // The first child is built next, right after its parent.
                stack.append(contentsOf: children.reversed())
            }
            nodes.append(Node(firstEdge: UInt32(edgeBytes.count), word: -1))
        }
    }

    /// The walking primitives.
    struct Cursor {
        let edgeBytes: UnsafeBufferPointer<UInt8>
        let edgeChild: UnsafeBufferPointer<Int32>
        let nodes: UnsafeBufferPointer<Trie.Node>

        /// The child of `node` along `byte`, or -1.
        @inline(__always) func child(of node: Int32, byte: UInt8) -> Int32 {
            var low = Int(nodes[Int(node)].firstEdge)
            let end = Int(nodes[Int(node) &+ 1].firstEdge)
            // Wide nodes (the root): halve towards the first edge not below `byte`, then scan.
            var high = end
            while high &- low > 8 {
                let middle = (low &+ high) >> 1
                if edgeBytes[middle] < byte { low = middle &+ 1 } else { high = middle }
            }
            while low < end {
                let edge = edgeBytes[low]
                if edge == byte { return edgeChild[low] }
                if edge > byte { return -1 }
                low &+= 1
            }
            return -1
        }

        /// The word ending at `node`, or -1.
        @inline(__always) func word(at node: Int32) -> Int32 { nodes[Int(node)].word }
    }
}
