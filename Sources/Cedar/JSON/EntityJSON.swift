/// A problem in entity, context or request JSON, naming where it is.
public struct EntityJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Reads Cedar values, entities and requests from JSON, optionally guided by a schema: with a
/// schema, a bare string becomes an extension value and a bare `{type,id}` an entity reference
/// where the schema says so, and values are checked against their declared types.
public struct CedarJSON: Sendable {
    public let schema: Schema?

    public init(schema: Schema? = nil) {
        self.schema = schema
    }

    // MARK: Entity uids

    /// `{"type","id"}` or `{"__entity":{"type","id"}}`.
    public func entityUID(_ json: JSON, _ what: @autoclosure () -> String) throws(EntityJSONError) -> EntityUID {
        guard case .object(var object) = json else {
            throw EntityJSONError("\(what()): expected an entity uid object `{\"type\": …, \"id\": …}`, got \(json.kindName)")
        }
        if let inner = object["__entity"], object.members.count == 1, case .object(let unwrapped) = inner {
            object = unwrapped
        }
        guard case .string(let type)? = object["type"], case .string(let id)? = object["id"] else {
            throw EntityJSONError("\(what()): an entity uid needs string fields `type` and `id`")
        }
        if let extra = object.keys.first(where: { $0 != "type" && $0 != "id" }) {
            throw EntityJSONError("\(what()): unexpected field `\(extra)` in entity uid")
        }
        guard EntityType.isValidName(type) else {
            throw EntityJSONError("\(what()): `\(type)` is not a valid entity type name")
        }
        return EntityUID(type: EntityType(type), id: CedarString(id))
    }

    // MARK: Values

    /// A value, checked against `expected` when given.
    public func value(_ json: JSON, expected: SchemaType?, _ what: @autoclosure () -> String) throws(EntityJSONError) -> Value {
        guard let expected else { return try untypedValue(json, what()) }
        switch expected {
        case .bool:
            guard case .bool(let b) = json else { throw mismatch(what(), expected, json) }
            return .bool(b)
        case .long:
            guard case .number(let text) = json else { throw mismatch(what(), expected, json) }
            return .long(try integer(text, what()))
        case .string:
            guard case .string(let s) = json else { throw mismatch(what(), expected, json) }
            return .string(CedarString(s))
        case .entity(let type):
            let uid = try entityUID(json, what())
            guard uid.type == type else {
                throw EntityJSONError("\(what()): expected an entity of type `\(type)`, got `\(uid)`")
            }
            return .entity(uid)
        case .set(let element):
            guard case .array(let elements) = json else { throw mismatch(what(), expected, json) }
            var set = Set<Value>()
            for item in elements { set.insert(try value(item, expected: element, what())) }
            return .set(set)
        case .record(let recordType):
            guard case .object(let object) = json else { throw mismatch(what(), expected, json) }
            return .record(try record(object, type: recordType, what()))
        case .ext(let function):
            if case .string(let text) = json {
                guard let result = Extensions.construct(function, text) else {
                    throw EntityJSONError("\(what()): `\(text)` is not a valid \(function.typeName) literal")
                }
                return result
            }
            let result = try untypedValue(json, what())
            guard Value.TypeName(rawValue: function.typeName) == result.typeName else { throw mismatch(what(), expected, json) }
            return result
        }
    }

    /// A record checked against `type`: every attribute declared, every required one present.
    public func record(_ object: JSONObject, type: RecordType, _ what: @autoclosure () -> String) throws(EntityJSONError) -> Record {
        var record = Record(minimumCapacity: object.members.count)
        for (key, item) in object.members {
            let name = CedarString(key)
            guard let attribute = type.attributes[name] else {
                throw EntityJSONError("\(what()): attribute `\(key)` is not declared in the schema")
            }
            record[name] = try value(item, expected: attribute.type, "\(what()), attribute `\(key)`")
        }
        for (name, attribute) in type.attributes where attribute.isRequired && record[name] == nil {
            throw EntityJSONError("\(what()): required attribute `\(name.string)` is missing")
        }
        return record
    }

    func mismatch(_ what: String, _ expected: SchemaType, _ json: JSON) -> EntityJSONError {
        EntityJSONError("\(what): type mismatch: expected \(expected), got JSON \(json.kindName)")
    }

    func integer(_ text: String, _ what: String) throws(EntityJSONError) -> Int64 {
        guard let value = Int64(text) else {
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                throw EntityJSONError("\(what): `\(text)` is not an integer: Cedar has no floating-point numbers")
            }
            throw EntityJSONError("\(what): integer `\(text)` is out of the 64-bit range")
        }
        return value
    }

    func untypedValue(_ json: JSON, _ what: String) throws(EntityJSONError) -> Value {
        switch json {
        case .null:
            throw EntityJSONError("\(what): null is not a Cedar value")
        case .bool(let b):
            return .bool(b)
        case .number(let text):
            return .long(try integer(text, what))
        case .string(let s):
            return .string(CedarString(s))
        case .array(let elements):
            var set = Set<Value>()
            for item in elements { set.insert(try untypedValue(item, what)) }
            return .set(set)
        case .object(let object):
            if object.members.count == 1, let inner = object["__entity"] {
                return .entity(try entityUID(inner, what))
            }
            if object.members.count == 1, let inner = object["__extn"] {
                return try extensionValue(inner, what)
            }
            var record = Record(minimumCapacity: object.members.count)
            for (key, item) in object.members {
                record[CedarString(key)] = try untypedValue(item, "\(what), attribute `\(key)`")
            }
            return .record(record)
        }
    }

    /// `{"fn": name, "arg": value}` or the multi-argument `{"fn": name, "args": [receiver, …]}`.
    func extensionValue(_ json: JSON, _ what: String) throws(EntityJSONError) -> Value {
        guard case .string(let name)? = json["fn"] else {
            throw EntityJSONError("\(what): `__extn` needs a string field `fn`")
        }
        var arguments: [Value] = []
        if let arg = json["arg"] {
            arguments = [try untypedValue(arg, what)]
        } else if case .array(let args)? = json["args"] {
            for arg in args { arguments.append(try untypedValue(arg, what)) }
        } else {
            throw EntityJSONError("\(what): `__extn` needs `arg` or `args`")
        }
        if let function = Extensions.function(named: name) {
            guard arguments.count == 1, case .string(let text) = arguments[0] else {
                throw EntityJSONError("\(what): extension constructor `\(name)` takes one string argument")
            }
            guard let value = Extensions.construct(function, text.string) else {
                throw EntityJSONError("\(what): `\(text.string)` is not a valid \(function.typeName) literal")
            }
            return value
        }
        guard let method = Method(rawValue: name), !method.isBuiltin, let receiver = arguments.first else {
            throw EntityJSONError("\(what): unknown extension function `\(name)`")
        }
        let expression = Expr(.method(Expr(.literal(receiver)), method, arguments.dropFirst().map { Expr(.literal($0)) }))
        do {
            return try Evaluator(
                request: Request(principal: EntityUID("", ""), action: EntityUID("", ""), resource: EntityUID("", "")), entities: .empty
            )
            .evaluate(expression)
        } catch {
            throw EntityJSONError("\(what): \(error.message)")
        }
    }

    // MARK: Entities

    /// Parses an entities document: a JSON array of `{uid, attrs, parents[, tags]}`. With a schema,
    /// entity types must be declared and attributes, parents and tags conform, and the schema's
    /// action entities are added.
    public func entities(_ json: JSON) throws(EntityJSONError) -> Entities {
        guard case .array(let items) = json else {
            throw EntityJSONError("entities: expected a JSON array of entities, got \(json.kindName)")
        }
        var list: [Entity] = []
        list.reserveCapacity(items.count)
        // The schema's action hierarchy, transitively closed, to check action entities in the file against.
        let actionHierarchy = try? Entities(schema?.actionEntities ?? [])
        for (position, item) in items.enumerated() {
            guard let entity = try entity(item, position: position, actionHierarchy: actionHierarchy) else { continue }
            list.append(entity)
        }
        if let schema { list.append(contentsOf: schema.actionEntities) }
        do {
            return try Entities(list)
        } catch {
            throw EntityJSONError("entities: \(error.message)")
        }
    }

    /// One entity, or nil for an action entity that the schema already declares.
    func entity(_ json: JSON, position: Int, actionHierarchy: Entities?) throws(EntityJSONError) -> Entity? {
        guard case .object(let object) = json else {
            throw EntityJSONError("entity #\(position): expected an object, got \(json.kindName)")
        }
        guard let uidJSON = object["uid"] else { throw EntityJSONError("entity #\(position): missing `uid`") }
        let uid = try entityUID(uidJSON, "entity #\(position) uid")
        let name = "entity `\(uid)`"
        for key in object.keys where !["uid", "attrs", "parents", "tags"].contains(key) {
            throw EntityJSONError("\(name): unexpected field `\(key)`")
        }
        guard case .object(let attrs)? = object["attrs"] else {
            throw EntityJSONError("\(name): missing `attrs` object")
        }
        guard case .array(let parentsJSON)? = object["parents"] else {
            throw EntityJSONError("\(name): missing `parents` array")
        }
        var parents = Set<EntityUID>()
        for parent in parentsJSON { parents.insert(try entityUID(parent, "\(name) parent")) }
        var tagsObject = JSONObject()
        if let tags = object["tags"] {
            guard case .object(let t) = tags else { throw EntityJSONError("\(name): `tags` must be an object") }
            tagsObject = t
        }
        guard let schema else {
            var attributes = Record(minimumCapacity: attrs.members.count)
            for (key, item) in attrs.members { attributes[CedarString(key)] = try untypedValue(item, "\(name), attribute `\(key)`") }
            var tags = Record()
            for (key, item) in tagsObject.members { tags[CedarString(key)] = try untypedValue(item, "\(name), tag `\(key)`") }
            return Entity(uid: uid, attributes: attributes, parents: parents, tags: tags)
        }
        if uid.type.isAction {
            guard schema.actions[uid] != nil else {
                throw EntityJSONError("\(name): action is not declared in the schema")
            }
            // The file may list the direct parents or all ancestors; either way they must agree with the schema.
            let declaredAncestors = actionHierarchy?.ancestors(of: uid) ?? []
            guard attrs.members.isEmpty, parents.isSubset(of: declaredAncestors) else {
                throw EntityJSONError("\(name): differs from the action's declaration in the schema")
            }
            return nil
        }
        guard let definition = schema.entityTypes[uid.type] else {
            throw EntityJSONError("\(name): entity type `\(uid.type)` is not declared in the schema")
        }
        if let ids = definition.enumeration, !ids.contains(uid.id) {
            throw EntityJSONError("\(name): `\(uid.id.string)` is not one of the ids of enumerated type `\(uid.type)`")
        }
        for parent in parents where !definition.memberOfTypes.contains(parent.type) {
            throw EntityJSONError("\(name): parent `\(parent)` has a type that `\(uid.type)` cannot be a member of")
        }
        let attributes = try record(attrs, type: definition.shape, name)
        var tags = Record()
        if !tagsObject.members.isEmpty {
            guard let tagType = definition.tags else {
                throw EntityJSONError("\(name): entity type `\(uid.type)` does not allow tags")
            }
            for (key, item) in tagsObject.members {
                tags[CedarString(key)] = try value(item, expected: tagType, "\(name), tag `\(key)`")
            }
        }
        return Entity(uid: uid, attributes: attributes, parents: parents, tags: tags)
    }

    // MARK: Requests

    /// A request `{principal, action, resource, context}`; the context is parsed with the action's
    /// declared context type when the schema knows the action.
    public func request(_ json: JSON) throws(EntityJSONError) -> Request {
        guard case .object(let object) = json else {
            throw EntityJSONError("request: expected an object, got \(json.kindName)")
        }
        func uid(_ key: String) throws(EntityJSONError) -> EntityUID {
            guard let field = object[key] else { throw EntityJSONError("request: missing `\(key)`") }
            return try entityUID(field, "request \(key)")
        }
        let principal = try uid("principal")
        let action = try uid("action")
        let resource = try uid("resource")
        let context = try self.context(object["context"] ?? .object(JSONObject()), action: action)
        return Request(principal: principal, action: action, resource: resource, context: context)
    }

    /// A context record; typed by the schema when it declares `action`.
    public func context(_ json: JSON, action: EntityUID) throws(EntityJSONError) -> Record {
        guard case .object(let object) = json else {
            throw EntityJSONError("context: expected a JSON object, got \(json.kindName)")
        }
        if let contextType = schema?.contextType(of: action) {
            return try record(object, type: contextType, "context")
        }
        guard case .record(let record) = try untypedValue(json, "context") else {
            throw EntityJSONError("context: expected a record")
        }
        return record
    }
}
