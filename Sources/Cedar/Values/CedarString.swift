/// A Cedar string, compared by its Unicode scalar values exactly as the reference engine does.
///
/// Swift's `String ==` uses canonical equivalence, so `"caf\u{e9}"` and `"cafe\u{301}"` would be
/// equal; in Cedar they are different strings and different entity ids. Equality, hashing and
/// ordering here are over the UTF-8 bytes, which order the same way as scalar values.
public struct CedarString: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public init(stringLiteral value: String) {
        self.string = value
    }

    public var description: String { string }

    public static func == (lhs: CedarString, rhs: CedarString) -> Bool {
        let left = lhs.string.utf8
        let right = rhs.string.utf8
        guard left.count == right.count else { return false }
        // Native strings expose their UTF-8 bytes: compare them directly, eight at a time.
        let fast = left.withContiguousStorageIfAvailable { a in
            right.withContiguousStorageIfAvailable { b in Self.bytesEqual(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b)) }
        }
        if let fast, let result = fast { return result }
        return left.elementsEqual(right)
    }

    @inline(__always)
    static func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        let count = a.count
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public static func < (lhs: CedarString, rhs: CedarString) -> Bool {
        lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
    }

    /// The string as a Cedar string literal, with the escapes the Cedar formatter uses.
    public var quoted: String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
