/// A Boolean type refined to its possible values, so that `&&`, `||` and `if` type-check the way
/// they evaluate: the right side of `false && …` is never looked at.
public enum BoolType: Sendable, Hashable {
    case alwaysTrue, alwaysFalse, any

    var negated: BoolType {
        switch self {
        case .alwaysTrue: .alwaysFalse
        case .alwaysFalse: .alwaysTrue
        case .any: .any
        }
    }
}

/// The static type of an expression in strict mode.
public indirect enum CedarType: Sendable, Hashable, CustomStringConvertible {
    case bool(BoolType)
    case long
    case string
    case entity(EntityType)
    case set(CedarType)
    case record(ClosedRecord)
    case ext(ExtensionFunction)

    /// A record type whose attributes are all known (closed).
    public struct ClosedRecord: Sendable, Hashable {
        public var attributes: [CedarString: RecordType.Attribute.Typed]
    }

    init(_ schemaType: SchemaType) {
        switch schemaType {
        case .bool: self = .bool(.any)
        case .long: self = .long
        case .string: self = .string
        case .entity(let type): self = .entity(type)
        case .set(let element): self = .set(CedarType(element))
        case .record(let record): self = .record(ClosedRecord(record))
        case .ext(let function): self = .ext(function)
        }
    }

    public var description: String {
        switch self {
        case .bool: "Bool"
        case .long: "Long"
        case .string: "String"
        case .entity(let type): type.name
        case .set(let element): "Set<\(element)>"
        case .record(let record):
            "{"
                + record.attributes.sorted { $0.key < $1.key }.map { "\($0.key.string)\($0.value.isRequired ? "" : "?"): \($0.value.type)" }
                .joined(separator: ", ") + "}"
        case .ext(let function): function.typeName
        }
    }

    /// The least upper bound in strict mode: Booleans widen to `Bool`, everything else must match
    /// (entity types exactly, records with the same attributes and optionality).
    static func lub(_ a: CedarType, _ b: CedarType) -> CedarType? {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return .bool(x == y ? x : .any)
        case (.long, .long): return .long
        case (.string, .string): return .string
        case (.entity(let x), .entity(let y)): return x == y ? a : nil
        case (.set(let x), .set(let y)): return lub(x, y).map(CedarType.set)
        case (.ext(let x), .ext(let y)): return x == y ? a : nil
        case (.record(let x), .record(let y)):
            guard Set(x.attributes.keys) == Set(y.attributes.keys) else { return nil }
            var attributes: [CedarString: RecordType.Attribute.Typed] = [:]
            for (key, left) in x.attributes {
                guard let right = y.attributes[key], left.isRequired == right.isRequired, let type = lub(left.type, right.type) else { return nil }
                attributes[key] = .init(type: type, isRequired: left.isRequired)
            }
            return .record(ClosedRecord(attributes: attributes))
        default: return nil
        }
    }
}

extension RecordType.Attribute {
    /// An attribute with a static type.
    public struct Typed: Sendable, Hashable {
        public var type: CedarType
        public var isRequired: Bool
    }
}

extension CedarType.ClosedRecord {
    init(_ record: RecordType) {
        attributes = record.attributes.mapValues { .init(type: CedarType($0.type), isRequired: $0.isRequired) }
    }
}
