/// Parses the Cedar (human-readable) schema syntax into declarations, then resolves names.
extension Schema {
    public init(cedarSchema text: String) throws(SchemaErrors) {
        var parser = SchemaTextParser(bytes: Array(text.utf8))
        parser.parseSchema()
        if !parser.errors.isEmpty { throw SchemaErrors(parser.errors) }
        var builder = SchemaBuilder(parser.declarations)
        self = try builder.build()
    }
}

/// A type as written, before names are resolved.
indirect enum RawType: Sendable {
    case named(String, SourceLocation?)
    case set(RawType)
    case record([(name: CedarString, required: Bool, type: RawType)])
}

/// Declarations as written, grouped by namespace ("" for none).
struct RawDeclarations: Sendable {
    struct EntityDecl {
        var namespace: String
        var name: String
        var memberOf: [String]
        var shape: RawType?
        var tags: RawType?
        var enumeration: [CedarString]?
        var location: SourceLocation?
    }
    struct ActionDecl {
        var namespace: String
        var name: CedarString
        /// (type path or nil for the namespace's `Action`, id)
        var memberOf: [(type: String?, id: CedarString)]
        var principalTypes: [String]?
        var resourceTypes: [String]?
        var context: RawType?
        var location: SourceLocation?
    }
    struct CommonTypeDecl {
        var namespace: String
        var name: String
        var type: RawType
        var location: SourceLocation?
    }

    var entities: [EntityDecl] = []
    var actions: [ActionDecl] = []
    var commonTypes: [CommonTypeDecl] = []
}

struct SchemaTextParser {
    var base: Parser
    var errors: [SchemaError] = []
    var declarations = RawDeclarations()

    init(bytes: [UInt8]) {
        base = Parser(bytes: bytes)
    }

    var peek: Token { base.peek }

    mutating func fail(_ message: String) -> PolicyAbandoned {
        errors.append(SchemaError(message, at: base.location(peek)))
        return PolicyAbandoned()
    }

    mutating func expect(_ p: Token.Punctuation, _ context: String) throws(PolicyAbandoned) {
        guard base.isPunctuation(peek, p) else { throw fail("expected `\(p.rawValue)` \(context), found \(base.describe(peek))") }
        _ = base.advance()
    }

    mutating func keyword(_ word: String) -> Bool {
        guard base.isIdentifier(peek, word) else { return false }
        _ = base.advance()
        return true
    }

    mutating func parseSchema() {
        while !base.atEnd {
            do {
                try annotations()
                if keyword("namespace") {
                    let name = try path()
                    try expect(.leftBrace, "after the namespace name")
                    while !base.isPunctuation(peek, .rightBrace), !base.atEnd {
                        do {
                            try declaration(namespace: name)
                        } catch {
                            base.skipPastPolicy()
                        }
                    }
                    try expect(.rightBrace, "to close namespace `\(name)`")
                } else {
                    try declaration(namespace: "")
                }
            } catch {
                base.skipPastPolicy()
            }
        }
        errors.append(contentsOf: base.errors.map { SchemaError($0.message, at: $0.location) })
    }

    mutating func annotations() throws(PolicyAbandoned) {
        while base.isPunctuation(peek, .at) {
            _ = base.advance()
            guard peek.kind == .identifier else { throw fail("expected an annotation name after `@`") }
            _ = base.advance()
            if base.isPunctuation(peek, .leftParen) {
                _ = base.advance()
                guard peek.kind == .string else { throw fail("expected a string literal as the annotation value") }
                _ = base.advance()
                try expect(.rightParen, "after the annotation value")
            }
        }
    }

    mutating func path() throws(PolicyAbandoned) -> String {
        guard peek.kind == .identifier else { throw fail("expected a name, found \(base.describe(peek))") }
        var name = base.text(base.advance())
        while base.isPunctuation(peek, .doubleColon), base.token(at: 1).kind == .identifier {
            _ = base.advance()
            name += "::" + base.text(base.advance())
        }
        return name
    }

    mutating func string() throws(PolicyAbandoned) -> CedarString {
        guard peek.kind == .string else { throw fail("expected a string literal, found \(base.describe(peek))") }
        return CedarString(try base.stringLiteral(base.advance()))
    }

    /// An identifier or a string.
    mutating func name() throws(PolicyAbandoned) -> CedarString {
        if peek.kind == .string { return try string() }
        guard peek.kind == .identifier else { throw fail("expected a name, found \(base.describe(peek))") }
        return CedarString(base.text(base.advance()))
    }

    mutating func declaration(namespace: String) throws(PolicyAbandoned) {
        try annotations()
        let location = base.location(peek)
        if keyword("entity") {
            var names = [try path()]
            while base.isPunctuation(peek, .comma) {
                _ = base.advance()
                names.append(try path())
            }
            if keyword("enum") {
                try expect(.leftBracket, "after `enum`")
                var ids: [CedarString] = []
                while !base.isPunctuation(peek, .rightBracket) {
                    ids.append(try string())
                    if base.isPunctuation(peek, .comma) { _ = base.advance() } else { break }
                }
                try expect(.rightBracket, "to close the enum list")
                try expect(.semicolon, "at the end of the entity declaration")
                if ids.isEmpty { throw fail("an enumerated entity type needs at least one id") }
                for name in names {
                    declarations.entities.append(.init(namespace: namespace, name: name, memberOf: [], enumeration: ids, location: location))
                }
                return
            }
            var memberOf: [String] = []
            if keyword("in") { memberOf = try typeList() }
            var shape: RawType?
            if base.isPunctuation(peek, .assign) {
                _ = base.advance()
                guard base.isPunctuation(peek, .leftBrace) else { throw fail("expected a record type after `=`") }
            }
            if base.isPunctuation(peek, .leftBrace) { shape = try recordType() }
            var tags: RawType?
            if keyword("tags") { tags = try type() }
            try expect(.semicolon, "at the end of the entity declaration")
            for name in names {
                declarations.entities.append(
                    .init(namespace: namespace, name: name, memberOf: memberOf, shape: shape, tags: tags, location: location))
            }
        } else if keyword("action") {
            var names = [try name()]
            while base.isPunctuation(peek, .comma) {
                _ = base.advance()
                names.append(try name())
            }
            var memberOf: [(String?, CedarString)] = []
            if keyword("in") {
                if base.isPunctuation(peek, .leftBracket) {
                    _ = base.advance()
                    while !base.isPunctuation(peek, .rightBracket) {
                        memberOf.append(try actionReference())
                        if base.isPunctuation(peek, .comma) { _ = base.advance() } else { break }
                    }
                    try expect(.rightBracket, "to close the action list")
                } else {
                    memberOf.append(try actionReference())
                }
            }
            var principals: [String]?
            var resources: [String]?
            var context: RawType?
            if keyword("appliesTo") {
                try expect(.leftBrace, "after `appliesTo`")
                principals = []
                resources = []
                while !base.isPunctuation(peek, .rightBrace) {
                    if keyword("principal") {
                        try expect(.colon, "after `principal`")
                        principals = try typeList()
                    } else if keyword("resource") {
                        try expect(.colon, "after `resource`")
                        resources = try typeList()
                    } else if keyword("context") {
                        try expect(.colon, "after `context`")
                        context = try type()
                    } else {
                        throw fail("expected `principal`, `resource` or `context` in `appliesTo`, found \(base.describe(peek))")
                    }
                    if base.isPunctuation(peek, .comma) { _ = base.advance() } else { break }
                }
                try expect(.rightBrace, "to close `appliesTo`")
            }
            try expect(.semicolon, "at the end of the action declaration")
            for name in names {
                declarations.actions.append(
                    .init(
                        namespace: namespace, name: name, memberOf: memberOf, principalTypes: principals, resourceTypes: resources,
                        context: context, location: location))
            }
        } else if keyword("type") {
            let name = try path()
            try expect(.assign, "after the type name")
            let definition = try type()
            try expect(.semicolon, "at the end of the type declaration")
            declarations.commonTypes.append(.init(namespace: namespace, name: name, type: definition, location: location))
        } else {
            throw fail("expected `entity`, `action`, `type` or `namespace`, found \(base.describe(peek))")
        }
    }

    /// `"name"`, `name`, or `Path::"name"`.
    mutating func actionReference() throws(PolicyAbandoned) -> (String?, CedarString) {
        if peek.kind == .string { return (nil, try string()) }
        if peek.kind == .identifier, !base.isPunctuation(base.token(at: 1), .doubleColon) {
            return (nil, CedarString(base.text(base.advance())))
        }
        let type = try path()
        try expect(.doubleColon, "between the action type and id")
        return (type, try string())
    }

    mutating func typeList() throws(PolicyAbandoned) -> [String] {
        if base.isPunctuation(peek, .leftBracket) {
            _ = base.advance()
            var types: [String] = []
            while !base.isPunctuation(peek, .rightBracket) {
                types.append(try path())
                if base.isPunctuation(peek, .comma) { _ = base.advance() } else { break }
            }
            try expect(.rightBracket, "to close the type list")
            return types
        }
        return [try path()]
    }

    mutating func type() throws(PolicyAbandoned) -> RawType {
        if base.isPunctuation(peek, .leftBrace) { return try recordType() }
        let location = base.location(peek)
        let name = try path()
        if name == "Set" {
            try expect(.less, "after `Set`")
            let element = try type()
            try expect(.greater, "to close `Set<...>`")
            return .set(element)
        }
        return .named(name, location)
    }

    mutating func recordType() throws(PolicyAbandoned) -> RawType {
        try expect(.leftBrace, "to start a record type")
        var fields: [(CedarString, Bool, RawType)] = []
        var seen = Set<CedarString>()
        while !base.isPunctuation(peek, .rightBrace) {
            try annotations()
            let nameToken = peek
            let name = try self.name()
            var required = true
            if base.isPunctuation(peek, .question) {
                _ = base.advance()
                required = false
            }
            try expect(.colon, "after the attribute name")
            let fieldType = try type()
            if !seen.insert(name).inserted {
                errors.append(SchemaError("duplicate attribute `\(name.string)` in record type", at: base.location(nameToken)))
            }
            fields.append((name, required, fieldType))
            if base.isPunctuation(peek, .comma) { _ = base.advance() } else { break }
        }
        try expect(.rightBrace, "to close the record type")
        return .record(fields)
    }
}

/// Resolves names in raw declarations: common types first, then entity types, then built-ins,
/// looking in the declaration's namespace before the empty namespace.
struct SchemaBuilder {
    let raw: RawDeclarations
    var errors: [SchemaError] = []
    var commonTypes: [String: (RawType, String, SourceLocation?)] = [:]
    var entityNames: Set<String> = []

    init(_ raw: RawDeclarations) {
        self.raw = raw
    }

    static func qualify(_ namespace: String, _ name: String) -> String {
        namespace.isEmpty ? name : "\(namespace)::\(name)"
    }

    mutating func build() throws(SchemaErrors) -> Schema {
        for entity in raw.entities {
            let name = Self.qualify(entity.namespace, entity.name)
            if !entityNames.insert(name).inserted {
                errors.append(SchemaError("duplicate declaration of entity type `\(name)`", at: entity.location))
            }
        }
        for common in raw.commonTypes {
            let name = Self.qualify(common.namespace, common.name)
            if commonTypes[name] != nil {
                errors.append(SchemaError("duplicate declaration of common type `\(name)`", at: common.location))
            }
            if ["Bool", "Long", "String", "Boolean", "Set", "Record", "Entity", "Extension"].contains(common.name) {
                errors.append(SchemaError("common type `\(common.name)` shadows a built-in type", at: common.location))
            }
            commonTypes[name] = (common.type, common.namespace, common.location)
        }
        // A namespaced declaration may not shadow one of the empty namespace.
        let unqualified = Set(raw.entities.filter { $0.namespace.isEmpty }.map(\.name) + raw.commonTypes.filter { $0.namespace.isEmpty }.map(\.name))
        let namespaced =
            raw.entities.filter { !$0.namespace.isEmpty }.map { ($0.namespace, $0.name, $0.location) }
            + raw.commonTypes.filter { !$0.namespace.isEmpty }.map { ($0.namespace, $0.name, $0.location) }
        for (namespace, name, location) in namespaced where unqualified.contains(name) {
            errors.append(SchemaError("definition of `\(namespace)::\(name)` illegally shadows the existing definition of `\(name)`", at: location))
        }
        var entityTypes: [EntityType: EntityTypeDefinition] = [:]
        for entity in raw.entities {
            let name = EntityType(Self.qualify(entity.namespace, entity.name))
            var memberOf = Set<EntityType>()
            for parent in entity.memberOf {
                if let resolved = resolveEntityType(parent, in: entity.namespace, at: entity.location) { memberOf.insert(resolved) }
            }
            var shape = RecordType()
            if let rawShape = entity.shape {
                switch resolve(rawShape, in: entity.namespace, visiting: []) {
                case .record(let record)?: shape = record
                case nil: break  // the unresolved name is already reported
                default:
                    errors.append(SchemaError("the shape of entity type `\(name)` must be a record type", at: entity.location))
                }
            }
            let tags = entity.tags.flatMap { resolve($0, in: entity.namespace, visiting: []) }
            entityTypes[name] = EntityTypeDefinition(name: name, memberOfTypes: memberOf, shape: shape, tags: tags, enumeration: entity.enumeration)
        }
        var actions: [EntityUID: ActionDefinition] = [:]
        for action in raw.actions {
            let actionType = EntityType(Self.qualify(action.namespace, "Action"))
            let uid = EntityUID(type: actionType, id: action.name)
            if actions[uid] != nil {
                errors.append(SchemaError("duplicate declaration of action `\(uid)`", at: action.location))
            }
            let memberOf = action.memberOf.map { reference in
                EntityUID(type: reference.type.map { $0 == "Action" ? actionType : EntityType($0) } ?? actionType, id: reference.id)
            }
            var context = RecordType()
            if let rawContext = action.context {
                switch resolve(rawContext, in: action.namespace, visiting: []) {
                case .record(let record)?: context = record
                case nil: break  // the unresolved name is already reported
                default:
                    errors.append(SchemaError("the context of action `\(uid)` must be a record type", at: action.location))
                }
            }
            let principals = (action.principalTypes ?? []).compactMap { resolveEntityType($0, in: action.namespace, at: action.location) }
            let resources = (action.resourceTypes ?? []).compactMap { resolveEntityType($0, in: action.namespace, at: action.location) }
            actions[uid] = ActionDefinition(uid: uid, memberOf: memberOf, principalTypes: principals, resourceTypes: resources, context: context)
        }
        for action in raw.actions {
            let uid = EntityUID(type: EntityType(Self.qualify(action.namespace, "Action")), id: action.name)
            for parent in actions[uid]?.memberOf ?? [] where actions[parent] == nil {
                errors.append(SchemaError("action `\(uid)` is declared in `\(parent)`, which is not a declared action", at: action.location))
            }
        }
        if !errors.isEmpty { throw SchemaErrors(errors) }
        let schema = Schema(entityTypes: entityTypes, actions: actions)
        do {
            _ = try Entities(schema.actionEntities)
        } catch {
            throw SchemaErrors([SchemaError("action hierarchy: \(error.message)")])
        }
        return schema
    }

    mutating func resolveEntityType(_ name: String, in namespace: String, at location: SourceLocation?) -> EntityType? {
        let candidates = name.contains("::") ? [name] : [Self.qualify(namespace, name), name]
        for candidate in candidates where entityNames.contains(candidate) {
            return EntityType(candidate)
        }
        errors.append(SchemaError("undeclared entity type `\(name)`", at: location))
        return nil
    }

    mutating func resolve(_ raw: RawType, in namespace: String, visiting: Set<String>) -> SchemaType? {
        switch raw {
        case .set(let element):
            return resolve(element, in: namespace, visiting: visiting).map(SchemaType.set)
        case .record(let fields):
            var attributes: [CedarString: RecordType.Attribute] = [:]
            for field in fields {
                guard let type = resolve(field.type, in: namespace, visiting: visiting) else { return nil }
                attributes[field.name] = RecordType.Attribute(type: type, isRequired: field.required)
            }
            return .record(RecordType(attributes: attributes))
        case .named(let name, let location):
            if name.hasPrefix("__cedar::") {
                if let builtin = Self.builtin(String(name.dropFirst(9))) { return builtin }
                errors.append(SchemaError("unknown built-in type `\(name)`", at: location))
                return nil
            }
            let candidates = name.contains("::") ? [name] : [Self.qualify(namespace, name), name]
            for candidate in candidates {
                if let (common, commonNamespace, _) = commonTypes[candidate] {
                    if visiting.contains(candidate) {
                        errors.append(SchemaError("common type `\(candidate)` refers to itself", at: location))
                        return nil
                    }
                    return resolve(common, in: commonNamespace, visiting: visiting.union([candidate]))
                }
                if entityNames.contains(candidate) { return .entity(EntityType(candidate)) }
            }
            if !name.contains("::"), let builtin = Self.builtin(name) { return builtin }
            errors.append(SchemaError("undeclared type `\(name)`", at: location))
            return nil
        }
    }

    static func builtin(_ name: String) -> SchemaType? {
        switch name {
        case "Bool", "Boolean": .bool
        case "Long": .long
        case "String": .string
        case "ipaddr": .ext(.ip)
        case "decimal": .ext(.decimal)
        case "datetime": .ext(.datetime)
        case "duration": .ext(.duration)
        default: nil
        }
    }
}
