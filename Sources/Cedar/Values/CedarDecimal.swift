/// Cedar's `decimal`: a fixed-point number with four fractional digits, stored as an `Int64`
/// count of ten-thousandths (range −922337203685477.5808 to 922337203685477.5807).
public struct CedarDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let scaled: Int64

    public init(scaled: Int64) {
        self.scaled = scaled
    }

    /// Parses `-?[0-9]+\.[0-9]{1,4}`; returns `nil` for any other text or on overflow.
    public init?(parsing text: String) {
        var bytes = Array(text.utf8)[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let whole = bytes[..<dot]
        let fraction = bytes[(dot + 1)...]
        guard !whole.isEmpty, (1...4).contains(fraction.count),
            whole.allSatisfy(Self.isDigit), fraction.allSatisfy(Self.isDigit)
        else { return nil }
        // Accumulate the magnitude as a negative number so that Int64.min is reachable.
        var value: Int64 = 0
        for digit in whole {
            guard let next = Self.appendDigit(value, digit) else { return nil }
            value = next
        }
        for index in 0..<4 {
            let digit = index < fraction.count ? fraction[fraction.startIndex + index] : UInt8(ascii: "0")
            guard let next = Self.appendDigit(value, digit) else { return nil }
            value = next
        }
        if negative {
            scaled = value
        } else {
            guard value != Int64.min else { return nil }
            scaled = -value
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// `value * 10 - digit`, or nil on overflow (the value is kept non-positive).
    private static func appendDigit(_ value: Int64, _ digit: UInt8) -> Int64? {
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (result, overflow2) = times10.subtractingReportingOverflow(Int64(digit - 48))
        return overflow1 || overflow2 ? nil : result
    }

    public static func < (lhs: CedarDecimal, rhs: CedarDecimal) -> Bool { lhs.scaled < rhs.scaled }

    public var description: String {
        let magnitude = scaled.magnitude
        let whole = magnitude / 10_000
        let fraction = String(magnitude % 10_000)
        return (scaled < 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
