/// A type in a Cedar schema, with common types already resolved.
public indirect enum SchemaType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case long
    case string
    case entity(EntityType)
    case set(SchemaType)
    case record(RecordType)
    case ext(ExtensionFunction)

    public var description: String {
        switch self {
        case .bool: "Bool"
        case .long: "Long"
        case .string: "String"
        case .entity(let type): type.name
        case .set(let element): "Set<\(element)>"
        case .record(let record): record.description
        case .ext(let function): function.typeName
        }
    }
}

/// A record type: its attributes, each required or optional.
public struct RecordType: Sendable, Hashable, CustomStringConvertible {
    public struct Attribute: Sendable, Hashable {
        public var type: SchemaType
        public var isRequired: Bool

        public init(type: SchemaType, isRequired: Bool = true) {
            self.type = type
            self.isRequired = isRequired
        }
    }

    public var attributes: [CedarString: Attribute]

    public init(attributes: [CedarString: Attribute] = [:]) {
        self.attributes = attributes
    }

    public var description: String {
        let fields = attributes.sorted { $0.key < $1.key }.map { "\($0.key.quoted)\($0.value.isRequired ? "" : "?"): \($0.value.type)" }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// An entity type declaration.
public struct EntityTypeDefinition: Sendable, Hashable {
    public var name: EntityType
    public var memberOfTypes: Set<EntityType>
    public var shape: RecordType
    public var tags: SchemaType?
    /// For `enum` entity types, the only valid ids.
    public var enumeration: [CedarString]?
}

/// An action declaration.
public struct ActionDefinition: Sendable, Hashable {
    public var uid: EntityUID
    public var memberOf: [EntityUID]
    public var principalTypes: [EntityType]
    public var resourceTypes: [EntityType]
    public var context: RecordType
}

/// A problem in a schema, with its location when the schema came from text.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

/// Every problem found in one schema.
public struct SchemaErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [SchemaError]

    public init(_ errors: [SchemaError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A Cedar schema: entity types and actions. Built from the Cedar schema syntax
/// (`Schema(cedarSchema:)`) or the JSON syntax (`Schema(jsonSchema:)`).
public struct Schema: Sendable {
    public let entityTypes: [EntityType: EntityTypeDefinition]
    public let actions: [EntityUID: ActionDefinition]

    public init(entityTypes: [EntityType: EntityTypeDefinition], actions: [EntityUID: ActionDefinition]) {
        self.entityTypes = entityTypes
        self.actions = actions
    }

    /// The action entities the schema declares, with their `memberOf` parents. When a schema is
    /// used, these are the action entities of every request.
    public var actionEntities: [Entity] {
        actions.values.map { Entity(uid: $0.uid, parents: Set($0.memberOf)) }
    }

    /// The context type of `action`, if declared.
    public func contextType(of action: EntityUID) -> RecordType? {
        actions[action]?.context
    }

    /// Checks a request against the schema: the action is declared, the principal and resource
    /// types are among those it applies to, and the context conforms to its declared type.
    public func validate(_ request: Request) throws(SchemaError) {
        guard let action = actions[request.action] else {
            throw SchemaError("request's action `\(request.action)` is not declared in the schema")
        }
        guard action.principalTypes.contains(request.principal.type) else {
            throw SchemaError("principal type `\(request.principal.type)` is not valid for `\(request.action)`")
        }
        guard action.resourceTypes.contains(request.resource.type) else {
            throw SchemaError("resource type `\(request.resource.type)` is not valid for `\(request.action)`")
        }
        for uid in [request.principal, request.resource] {
            if let definition = entityTypes[uid.type], let ids = definition.enumeration, !ids.contains(uid.id) {
                throw SchemaError("entity `\(uid)` is not a valid member of enumerated type `\(uid.type)`")
            }
        }
        if let problem = conformance(of: .record(request.context), to: .record(action.context)) {
            throw SchemaError("context does not conform to the schema for `\(request.action)`: \(problem)")
        }
    }

    /// Why `value` does not conform to `type`, or nil when it does.
    public func conformance(of value: Value, to type: SchemaType) -> String? {
        switch (value, type) {
        case (.bool, .bool), (.long, .long), (.string, .string): return nil
        case (.entity(let uid), .entity(let expected)):
            return uid.type == expected ? nil : "expected an entity of type `\(expected)`, got `\(uid)`"
        case (.set(let elements), .set(let element)):
            for item in elements {
                if let problem = conformance(of: item, to: element) { return problem }
            }
            return nil
        case (.record(let record), .record(let recordType)):
            for (key, attribute) in recordType.attributes where attribute.isRequired && record[key] == nil {
                return "missing required attribute `\(key.string)`"
            }
            for (key, item) in record {
                guard let attribute = recordType.attributes[key] else { return "unexpected attribute `\(key.string)`" }
                if let problem = conformance(of: item, to: attribute.type) { return "in attribute `\(key.string)`: \(problem)" }
            }
            return nil
        case (.decimal, .ext(.decimal)), (.ipaddr, .ext(.ip)), (.datetime, .ext(.datetime)), (.duration, .ext(.duration)):
            return nil
        default:
            return "expected \(type), got a value of type \(value.typeName)"
        }
    }
}
