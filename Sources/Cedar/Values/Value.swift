/// A Cedar record: attribute names to values.
public typealias Record = [CedarString: Value]

/// A Cedar value. Equality is Cedar's `==`: values of different types are unequal, sets
/// compare as sets, records by key and value, extension values by value.
public enum Value: Sendable, Hashable {
    case bool(Bool)
    case long(Int64)
    case string(CedarString)
    case entity(EntityUID)
    case set(Set<Value>)
    case record(Record)
    case decimal(CedarDecimal)
    case ipaddr(IPAddress)
    case datetime(CedarDatetime)
    case duration(CedarDuration)

    /// The name of the value's type, as it appears in error messages.
    public var typeName: TypeName {
        switch self {
        case .bool: .bool
        case .long: .long
        case .string: .string
        case .entity: .entity
        case .set: .set
        case .record: .record
        case .decimal: .decimal
        case .ipaddr: .ipaddr
        case .datetime: .datetime
        case .duration: .duration
        }
    }

    /// Cedar's type names for values, used in type errors.
    public enum TypeName: String, Sendable, CustomStringConvertible {
        case bool, long, string, entity, set, record, decimal, ipaddr, datetime, duration
        public var description: String { rawValue }
    }

    public static func string(_ text: String) -> Value { .string(CedarString(text)) }
}

extension Value: CustomStringConvertible {
    /// The value in Cedar syntax (sets and records in a stable, sorted order).
    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .long(let n): return String(n)
        case .string(let s): return s.quoted
        case .entity(let uid): return uid.description
        case .set(let elements):
            return "[" + elements.map(\.description).sorted().joined(separator: ", ") + "]"
        case .record(let record):
            let fields = record.sorted { $0.key < $1.key }.map { "\($0.key.quoted): \($0.value)" }
            return "{" + fields.joined(separator: ", ") + "}"
        case .decimal(let d): return "decimal(\"\(d)\")"
        case .ipaddr(let ip): return "ip(\"\(ip)\")"
        case .datetime(let d): return "datetime(\"\(d)\")"
        case .duration(let d): return "duration(\"\(d)\")"
        }
    }
}
