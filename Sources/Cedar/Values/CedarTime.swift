/// Cedar's `datetime`: milliseconds since the Unix epoch (UTC).
public struct CedarDatetime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    static let millisecondsPerDay: Int64 = 86_400_000

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ss[.SSS](Z|(+|-)hhmm)`; nil for anything else,
    /// an impossible calendar date, or an offset of 24 hours or more.
    public init?(parsing text: String) {
        let b = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= b.count else { return nil }
            var value: Int64 = 0
            for byte in b[start..<start + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < b.count ? b[index] : nil }
        guard let year = number(0, 4), byte(4) == UInt8(ascii: "-"), let month = number(5, 2),
            byte(7) == UInt8(ascii: "-"), let day = number(8, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        var ms = Self.daysFromCivil(year: year, month: month, day: day) * Self.millisecondsPerDay
        if b.count == 10 {
            milliseconds = ms
            return
        }
        guard byte(10) == UInt8(ascii: "T"), let hour = number(11, 2), byte(13) == UInt8(ascii: ":"),
            let minute = number(14, 2), byte(16) == UInt8(ascii: ":"), let second = number(17, 2),
            hour < 24, minute < 60, second < 60
        else { return nil }
        ms += ((hour * 60 + minute) * 60 + second) * 1000
        var index = 19
        if byte(index) == UInt8(ascii: ".") {
            guard let fraction = number(index + 1, 3) else { return nil }
            ms += fraction
            index += 4
        }
        switch byte(index) {
        case UInt8(ascii: "Z"):
            guard b.count == index + 1 else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count == index + 5, let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 3, 2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            let offset = (offsetHours * 60 + offsetMinutes) * 60_000
            // Local time is ahead of UTC by a positive offset.
            ms += b[index] == UInt8(ascii: "+") ? -offset : offset
        default:
            return nil
        }
        milliseconds = ms
    }

    static func isLeap(_ year: Int64) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func < (lhs: CedarDatetime, rhs: CedarDatetime) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// `.offset(duration)`; nil on overflow.
    public func offset(by duration: CedarDuration) -> CedarDatetime? {
        let (sum, overflow) = milliseconds.addingReportingOverflow(duration.milliseconds)
        return overflow ? nil : CedarDatetime(milliseconds: sum)
    }

    /// `.durationSince(other)`; nil on overflow.
    public func durationSince(_ other: CedarDatetime) -> CedarDuration? {
        let (difference, overflow) = milliseconds.subtractingReportingOverflow(other.milliseconds)
        return overflow ? nil : CedarDuration(milliseconds: difference)
    }

    /// `.toDate()`: floored to midnight UTC of the same day, also before 1970; nil on overflow.
    public func toDate() -> CedarDatetime? {
        let remainder = milliseconds % Self.millisecondsPerDay
        if remainder >= 0 { return CedarDatetime(milliseconds: milliseconds - remainder) }
        let (floored, overflow) = (milliseconds - remainder).subtractingReportingOverflow(Self.millisecondsPerDay)
        return overflow ? nil : CedarDatetime(milliseconds: floored)
    }

    /// `.toTime()`: the time since midnight UTC, always non-negative.
    public func toTime() -> CedarDuration {
        let remainder = milliseconds % Self.millisecondsPerDay
        return CedarDuration(milliseconds: remainder >= 0 ? remainder : remainder + Self.millisecondsPerDay)
    }

    public var description: String {
        let days = milliseconds >= 0 ? milliseconds / Self.millisecondsPerDay : (milliseconds + 1) / Self.millisecondsPerDay - 1
        let (year, month, day) = Self.civilFromDays(days)
        let msOfDay = milliseconds - days * Self.millisecondsPerDay
        // Built byte by byte: this runs for every audit record.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        func digits(_ value: Int64, _ width: Int) {
            var n = value.magnitude
            var buffer = [UInt8](repeating: UInt8(ascii: "0"), count: max(width, 20))
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            let start = min(index, buffer.count - width)
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: buffer[start...])
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(msOfDay / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(msOfDay / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(msOfDay / 1000 % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(msOfDay % 1000, 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Cedar's `duration`: a signed number of milliseconds.
public struct CedarDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Parses `-?(<n>d)?(<n>h)?(<n>m)?(<n>s)?(<n>ms)?` with at least one component, units in
    /// that order and each at most once; nil for anything else or on overflow.
    public init?(parsing text: String) {
        var b = Array(text.utf8)[...]
        let negative = b.first == UInt8(ascii: "-")
        if negative { b = b.dropFirst() }
        guard !b.isEmpty else { return nil }
        let units: [(suffix: [UInt8], factor: Int64)] = [
            (Array("d".utf8), 86_400_000), (Array("h".utf8), 3_600_000), (Array("ms".utf8), 1),
            (Array("m".utf8), 60_000), (Array("s".utf8), 1000),
        ]
        // The order in which units must appear.
        let order: [Int64] = [86_400_000, 3_600_000, 60_000, 1000, 1]
        var nextAllowed = 0
        var total: Int64 = 0
        while !b.isEmpty {
            var digits = 0
            var value: Int64 = 0
            while let byte = b.first, byte >= 48 && byte <= 57 {
                // Accumulate negatively so that Int64.min is reachable for negative durations.
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(Int64(byte - 48))
                if o1 || o2 { return nil }
                value = next
                digits += 1
                b = b.dropFirst()
            }
            guard digits > 0 else { return nil }
            guard let unit = units.first(where: { b.starts(with: $0.suffix) }) else { return nil }
            b = b.dropFirst(unit.suffix.count)
            guard let position = order.firstIndex(of: unit.factor), position >= nextAllowed else { return nil }
            nextAllowed = position + 1
            let (scaled, o3) = value.multipliedReportingOverflow(by: unit.factor)
            let (sum, o4) = total.addingReportingOverflow(scaled)
            if o3 || o4 { return nil }
            total = sum
        }
        if negative {
            milliseconds = total
        } else {
            guard total != Int64.min else { return nil }
            milliseconds = -total
        }
    }

    public static func < (lhs: CedarDuration, rhs: CedarDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public var description: String {
        if milliseconds == 0 { return "0ms" }
        var rest = milliseconds.magnitude
        var out = milliseconds < 0 ? "-" : ""
        for (factor, unit) in [(UInt64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")] {
            if rest >= factor {
                out += "\(rest / factor)\(unit)"
                rest %= factor
            }
        }
        return out
    }
}
