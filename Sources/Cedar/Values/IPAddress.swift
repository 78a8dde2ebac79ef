/// Cedar's `ipaddr`: an IPv4 or IPv6 address with a prefix length. The host bits are kept, so
/// `ip("192.168.0.1/24") != ip("192.168.0.8/24")`, while `ip("127.0.0.1") == ip("127.0.0.1/32")`.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let isIPv4: Bool
    /// The address bits: IPv4 in the low 32 bits.
    public let address: UInt128
    public let prefixLength: UInt8

    public var isIPv6: Bool { !isIPv4 }

    private var width: Int { isIPv4 ? 32 : 128 }

    /// Parses a dotted-quad IPv4 or an IPv6 address with an optional `/prefix`. Leading zeros in
    /// IPv4 octets, IPv4-embedded IPv6 forms, zones and prefixes past the family width are rejected.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let addressText = parts[0]
        if addressText.contains(":") {
            if addressText.contains(".") { return nil }
            guard let bits = Self.parseIPv6(addressText) else { return nil }
            isIPv4 = false
            address = bits
        } else {
            guard let bits = Self.parseIPv4(addressText) else { return nil }
            isIPv4 = true
            address = UInt128(bits)
        }
        let maximum: UInt8 = isIPv4 ? 32 : 128
        if parts.count == 2 {
            let prefixText = parts[1]
            guard !prefixText.isEmpty, prefixText.count <= 3, prefixText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                !(prefixText.count > 1 && prefixText.first == "0"),
                let prefix = UInt8(prefixText), prefix <= maximum
            else { return nil }
            prefixLength = prefix
        } else {
            prefixLength = maximum
        }
    }

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var result: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                !(octet.count > 1 && octet.first == "0"), let value = UInt32(octet), value <= 255
            else { return nil }
            result = result << 8 | value
        }
        return result
    }

    private static func parseIPv6(_ text: Substring) -> UInt128? {
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16),
                    group.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) })
                else { return nil }
                out.append(value)
            }
            return out
        }
        var all: [UInt16]
        if let range = text.firstRange(of: "::") {
            let head = text[..<range.lowerBound]
            let tail = text[range.upperBound...]
            if tail.contains("::") { return nil }
            guard let h = groups(head), let t = groups(tail), h.count + t.count <= 7 else { return nil }
            all = h + Array(repeating: 0, count: 8 - h.count - t.count) + t
        } else {
            guard let g = groups(text), g.count == 8 else { return nil }
            all = g
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private var mask: UInt128 {
        let full: UInt128 = isIPv4 ? UInt128(UInt32.max) : UInt128.max
        let hostBits = width - Int(prefixLength)
        return hostBits >= width ? 0 : full & ~((UInt128(1) << hostBits) - 1)
    }

    private var rangeStart: UInt128 { address & mask }
    private var rangeEnd: UInt128 {
        let full: UInt128 = isIPv4 ? UInt128(UInt32.max) : UInt128.max
        return rangeStart | (full & ~mask)
    }

    /// 127.0.0.0/8 or ::1, with the whole range inside it.
    public var isLoopback: Bool {
        if isIPv4 { return address >> 24 == 127 && prefixLength >= 8 }
        return address == 1 && prefixLength >= 128
    }

    /// 224.0.0.0/4 or ff00::/8, with the whole range inside it.
    public var isMulticast: Bool {
        if isIPv4 { return address >> 28 == 0xE && prefixLength >= 4 }
        return address >> 120 == 0xFF && prefixLength >= 8
    }

    /// Whether this address's whole range lies inside `other`'s; false across families.
    public func isInRange(_ other: IPAddress) -> Bool {
        guard isIPv4 == other.isIPv4 else { return false }
        return other.rangeStart <= rangeStart && rangeEnd <= other.rangeEnd
    }

    public var description: String {
        let text: String
        if isIPv4 {
            text = (0..<4).map { String((address >> (24 - 8 * $0)) & 0xFF) }.joined(separator: ".")
        } else {
            text = (0..<8).map { String(UInt16(truncatingIfNeeded: address >> (112 - 16 * $0)), radix: 16) }.joined(separator: ":")
        }
        return prefixLength == UInt8(width) ? text : "\(text)/\(prefixLength)"
    }
}
