/// Reads the JSON schema syntax: `{"<Namespace>": {"entityTypes", "actions", "commonTypes"}}`.
extension Schema {
    public init(jsonSchema text: String) throws(SchemaErrors) {
        let json: JSON
        do {
            json = try JSON.parse(text)
        } catch {
            throw SchemaErrors([SchemaError(error.message, at: error.location)])
        }
        var reader = JSONSchemaReader(lines: LineTable(Array(text.utf8)))
        reader.read(json)
        if !reader.errors.isEmpty { throw SchemaErrors(reader.errors) }
        var builder = SchemaBuilder(reader.declarations)
        self = try builder.build()
    }
}

struct JSONSchemaReader {
    let lines: LineTable
    var declarations = RawDeclarations()
    var errors: [SchemaError] = []
    /// Where the declaration being read starts, for error messages.
    var current: SourceLocation?

    init(lines: LineTable) {
        self.lines = lines
    }

    mutating func fail(_ message: String) {
        errors.append(SchemaError(message, at: current))
    }

    /// The location of `key` in `object`, when the object came from text.
    func location(of key: String, in object: JSONObject) -> SourceLocation? {
        object.offset(ofKey: key).map { lines.location(ofOffset: $0) }
    }

    mutating func read(_ json: JSON) {
        guard case .object(let namespaces) = json else { return fail("a JSON schema is an object of namespaces") }
        for (namespace, body) in namespaces.members {
            current = location(of: namespace, in: namespaces)
            if !namespace.isEmpty, !EntityType.isValidName(namespace) {
                fail("`\(namespace)` is not a valid namespace name")
                continue
            }
            guard case .object(let sections) = body else {
                fail("namespace `\(namespace)`: expected an object")
                continue
            }
            for key in sections.keys where !["entityTypes", "actions", "commonTypes", "annotations"].contains(key) {
                fail("namespace `\(namespace)`: unexpected field `\(key)`")
            }
            if case .object(let types)? = sections["commonTypes"] {
                for (name, definition) in types.members {
                    current = location(of: name, in: types)
                    if let type = rawType(definition, "common type `\(name)`") {
                        declarations.commonTypes.append(.init(namespace: namespace, name: name, type: type, location: current))
                    }
                }
            }
            if case .object(let types)? = sections["entityTypes"] {
                for (name, definition) in types.members {
                    current = location(of: name, in: types)
                    entityType(name, definition, namespace: namespace)
                }
            } else {
                fail("namespace `\(namespace)`: missing `entityTypes` object")
            }
            if case .object(let actions)? = sections["actions"] {
                for (name, definition) in actions.members {
                    current = location(of: name, in: actions)
                    action(name, definition, namespace: namespace)
                }
            } else {
                fail("namespace `\(namespace)`: missing `actions` object")
            }
        }
    }

    mutating func entityType(_ name: String, _ json: JSON, namespace: String) {
        let what = "entity type `\(name)`"
        guard case .object(let object) = json else { return fail("\(what): expected an object") }
        if case .array(let ids)? = object["enum"] {
            let values = ids.compactMap(\.stringValue).map { CedarString($0) }
            guard values.count == ids.count, !values.isEmpty else { return fail("\(what): `enum` must be a non-empty array of strings") }
            declarations.entities.append(.init(namespace: namespace, name: name, memberOf: [], enumeration: values, location: current))
            return
        }
        var memberOf: [String] = []
        if let parents = object["memberOfTypes"] {
            guard case .array(let list) = parents, list.allSatisfy({ $0.stringValue != nil }) else {
                return fail("\(what): `memberOfTypes` must be an array of type names")
            }
            memberOf = list.compactMap(\.stringValue)
        }
        let shape = object["shape"].flatMap { rawType($0, "\(what) shape") }
        let tags = object["tags"].flatMap { rawType($0, "\(what) tags") }
        declarations.entities.append(.init(namespace: namespace, name: name, memberOf: memberOf, shape: shape, tags: tags, location: current))
    }

    mutating func action(_ name: String, _ json: JSON, namespace: String) {
        let what = "action `\(name)`"
        guard case .object(let object) = json else { return fail("\(what): expected an object") }
        var memberOf: [(type: String?, id: CedarString)] = []
        if case .array(let parents)? = object["memberOf"] {
            for parent in parents {
                guard case .string(let id)? = parent["id"] else {
                    fail("\(what): each `memberOf` entry needs a string `id`")
                    continue
                }
                memberOf.append((parent["type"]?.stringValue, CedarString(id)))
            }
        }
        var principals: [String]?
        var resources: [String]?
        var context: RawType?
        if case .object(let appliesTo)? = object["appliesTo"] {
            principals = appliesTo["principalTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            resources = appliesTo["resourceTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            context = appliesTo["context"].flatMap { rawType($0, "\(what) context") }
        }
        declarations.actions.append(
            .init(
                namespace: namespace, name: CedarString(name), memberOf: memberOf, principalTypes: principals, resourceTypes: resources,
                context: context, location: current))
    }

    mutating func rawType(_ json: JSON, _ what: String) -> RawType? {
        guard case .object(let object) = json, case .string(let kind)? = object["type"] else {
            fail("\(what): a type is an object with a string `type`")
            return nil
        }
        switch kind {
        case "Long", "String", "Boolean", "Bool":
            return .named("__cedar::\(kind)", nil)
        case "Set":
            guard let element = object["element"] else {
                fail("\(what): `Set` needs `element`")
                return nil
            }
            return rawType(element, what).map(RawType.set)
        case "Record":
            var fields: [(name: CedarString, required: Bool, type: RawType)] = []
            if case .object(let attributes)? = object["attributes"] {
                for (name, attribute) in attributes.members {
                    guard let type = rawType(attribute, "\(what) attribute `\(name)`") else { continue }
                    fields.append((CedarString(name), attribute["required"]?.boolValue ?? true, type))
                }
            }
            return .record(fields)
        case "Entity", "EntityOrCommon":
            guard case .string(let name)? = object["name"] else {
                fail("\(what): `\(kind)` needs a string `name`")
                return nil
            }
            return .named(name, current)
        case "Extension":
            guard case .string(let name)? = object["name"] else {
                fail("\(what): `Extension` needs a string `name`")
                return nil
            }
            return .named("__cedar::\(name)", nil)
        default:
            return .named(kind, current)
        }
    }
}
