import Cedar

/// A UTC instant in milliseconds since the Unix epoch. The core takes time as a value, never
/// from a clock, so decisions are deterministic.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Parses RFC 3339 / Cedar datetime text (`2026-01-31`, `2026-01-31T12:00:00Z`, with optional
    /// milliseconds and offset).
    public init?(parsing text: String) {
        var normalized = text
        // Accept `+hh:mm` offsets as well as Cedar's `+hhmm`.
        if normalized.count >= 6 {
            let tail = normalized.suffix(6)
            if let sign = tail.first, sign == "+" || sign == "-", tail.dropFirst(3).first == ":" {
                normalized = String(normalized.dropLast(3)) + String(tail.suffix(2))
            }
        }
        guard let value = CedarDatetime(parsing: normalized) else { return nil }
        milliseconds = value.milliseconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// ISO 8601 in UTC with milliseconds, as Cedar's `datetime` accepts.
    public var description: String { CedarDatetime(milliseconds: milliseconds).description }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }

    public func adding(days: Int64) -> Timestamp { adding(seconds: days * 86_400) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid timestamp `\(text)`"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
