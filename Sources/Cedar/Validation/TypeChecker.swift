/// A type error: what was expected, and where.
struct TypeError: Error {
    let code: String
    let message: String
    let location: SourceLocation?
}

/// Facts established by `has`/`hasTag` tests: reading `expr.attribute` or `expr.getTag(key)` is safe.
struct Capability: Equatable {
    enum Key: Equatable {
        case attribute(CedarString)
        case tag(Expr)
    }

    let subject: Expr
    let key: Key
}

typealias Capabilities = [Capability]

/// Type-checks expressions in one request environment (strict mode).
struct TypeChecker {
    let validator: Validator
    let environment: Validator.Environment

    var schema: Schema { validator.schema }

    func fail(_ expr: Expr, _ code: String, _ message: String) -> TypeError {
        TypeError(code: code, message: message, location: expr.location)
    }

    func unexpected(_ expr: Expr, _ type: CedarType, expected: String) -> TypeError {
        fail(expr, "unexpected_type", "unexpected type: expected \(expected) but saw \(type)")
    }

    /// A literal value the expression stands for (the action variable is the environment's action).
    func literal(_ expr: Expr) -> Value? {
        switch expr.kind {
        case .literal(let value): value
        case .variable(.action): .entity(environment.action)
        default: nil
        }
    }

    func actionUID(_ expr: Expr) -> EntityUID? {
        if case .entity(let uid)? = literal(expr), schema.actions[uid] != nil { return uid }
        return nil
    }

    mutating func typeOf(_ expr: Expr, _ capabilities: Capabilities) throws(TypeError) -> (CedarType, Capabilities) {
        switch expr.kind {
        case .literal(let value):
            return (try literalType(value, expr), [])
        case .variable(let variable):
            switch variable {
            case .principal: return (.entity(environment.principal), [])
            case .resource: return (.entity(environment.resource), [])
            case .action: return (.entity(environment.action.type), [])
            case .context: return (.record(environment.context), [])
            }
        case .slot(let slot):
            guard let type = environment.slots[slot] else { throw fail(expr, "unlinked_slot", "template slot `\(slot.rawValue)` has no type") }
            return (.entity(type), [])
        case .not(let operand):
            let (type, _) = try typeOf(operand, capabilities)
            guard case .bool(let b) = type else { throw unexpected(operand, type, expected: "Bool") }
            return (.bool(b.negated), [])
        case .negate(let operand):
            let (type, _) = try typeOf(operand, capabilities)
            guard type == .long else { throw unexpected(operand, type, expected: "Long") }
            return (.long, [])
        case .and(let left, let right):
            let (leftType, leftCaps) = try typeOf(left, capabilities)
            guard case .bool(let a) = leftType else { throw unexpected(left, leftType, expected: "Bool") }
            if a == .alwaysFalse { return (.bool(.alwaysFalse), []) }
            let (rightType, rightCaps) = try typeOf(right, capabilities + leftCaps)
            guard case .bool(let b) = rightType else { throw unexpected(right, rightType, expected: "Bool") }
            if b == .alwaysFalse { return (.bool(.alwaysFalse), []) }
            return (.bool(a == .alwaysTrue && b == .alwaysTrue ? .alwaysTrue : .any), leftCaps + rightCaps)
        case .or(let left, let right):
            let (leftType, leftCaps) = try typeOf(left, capabilities)
            guard case .bool(let a) = leftType else { throw unexpected(left, leftType, expected: "Bool") }
            if a == .alwaysTrue { return (.bool(.alwaysTrue), leftCaps) }
            let (rightType, rightCaps) = try typeOf(right, capabilities)
            guard case .bool(let b) = rightType else { throw unexpected(right, rightType, expected: "Bool") }
            switch b {
            case .alwaysTrue: return (.bool(.alwaysTrue), rightCaps)
            case .alwaysFalse: return (.bool(a), leftCaps)
            case .any: return (.bool(.any), a == .alwaysFalse ? rightCaps : leftCaps.filter { rightCaps.contains($0) })
            }
        case .ifThenElse(let condition, let then, let otherwise):
            let (conditionType, conditionCaps) = try typeOf(condition, capabilities)
            guard case .bool(let c) = conditionType else { throw unexpected(condition, conditionType, expected: "Bool") }
            switch c {
            case .alwaysTrue:
                let (type, caps) = try typeOf(then, capabilities + conditionCaps)
                return (type, conditionCaps + caps)
            case .alwaysFalse:
                return try typeOf(otherwise, capabilities)
            case .any:
                let (thenType, thenCaps) = try typeOf(then, capabilities + conditionCaps)
                let (elseType, elseCaps) = try typeOf(otherwise, capabilities)
                guard let type = CedarType.lub(thenType, elseType) else {
                    throw fail(expr, "incompatible_types", "the types \(thenType) and \(elseType) are not compatible")
                }
                return (type, (conditionCaps + thenCaps).filter { elseCaps.contains($0) })
            }
        case .binary(let op, let left, let right):
            return (try binary(op, left, right, expr, capabilities), [])
        case .has(let subject, let attribute):
            let (type, _) = try typeOf(subject, capabilities)
            let capability = Capability(subject: subject, key: .attribute(attribute))
            let record: CedarType.ClosedRecord
            let knownToExist: Bool
            switch type {
            case .record(let r):
                record = r
                knownToExist = true
            case .entity(let entityType):
                guard let definition = schema.entityTypes[entityType] else {
                    if entityType.isAction { return (.bool(.alwaysFalse), []) }
                    throw fail(subject, "unrecognized_entity_type", "unrecognized entity type `\(entityType)`")
                }
                record = CedarType.ClosedRecord(definition.shape)
                knownToExist = false
            default:
                throw unexpected(subject, type, expected: "an entity or a record")
            }
            guard let attributeType = record.attributes[attribute] else { return (.bool(.alwaysFalse), []) }
            if capabilities.contains(capability) { return (.bool(.alwaysTrue), []) }
            if attributeType.isRequired && knownToExist { return (.bool(.alwaysTrue), []) }
            return (.bool(.any), [capability])
        case .getAttribute(let subject, let attribute):
            let (type, _) = try typeOf(subject, capabilities)
            let record: CedarType.ClosedRecord
            switch type {
            case .record(let r): record = r
            case .entity(let entityType):
                guard let definition = schema.entityTypes[entityType] else {
                    throw fail(subject, "attribute_not_found", "attribute `\(attribute.string)` not found on `\(entityType)`")
                }
                record = CedarType.ClosedRecord(definition.shape)
            default:
                throw unexpected(subject, type, expected: "an entity or a record")
            }
            guard let attributeType = record.attributes[attribute] else {
                throw fail(expr, "attribute_not_found", "attribute `\(attribute.string)` not found on \(type)")
            }
            if !attributeType.isRequired, !capabilities.contains(Capability(subject: subject, key: .attribute(attribute))) {
                throw fail(
                    expr, "unsafe_optional_attribute_access",
                    "unable to guarantee safety of access to optional attribute `\(attribute.string)` on \(type): guard it with `has`")
            }
            return (attributeType.type, [])
        case .like(let subject, _):
            let (type, _) = try typeOf(subject, capabilities)
            guard type == .string else { throw unexpected(subject, type, expected: "String") }
            return (.bool(.any), [])
        case .isType(let subject, let entityType):
            let (type, _) = try typeOf(subject, capabilities)
            guard case .entity(let actual) = type else { throw unexpected(subject, type, expected: "an entity") }
            return (.bool(actual == entityType ? .alwaysTrue : .alwaysFalse), [])
        case .set(let elements):
            guard let first = elements.first else {
                throw fail(expr, "empty_set_literal", "empty set literals are forbidden in policies")
            }
            var (elementType, _) = try typeOf(first, capabilities)
            for element in elements.dropFirst() {
                let (type, _) = try typeOf(element, capabilities)
                guard let joined = CedarType.lub(elementType, type) else {
                    throw fail(expr, "incompatible_types", "set elements have incompatible types \(elementType) and \(type)")
                }
                elementType = joined
            }
            return (.set(elementType), [])
        case .record(let fields):
            var attributes: [CedarString: RecordType.Attribute.Typed] = [:]
            for field in fields {
                let (type, _) = try typeOf(field.value, capabilities)
                attributes[field.key] = .init(type: type, isRequired: true)
            }
            return (.record(CedarType.ClosedRecord(attributes: attributes)), [])
        case .call(let function, let arguments):
            guard arguments.count == 1, case .literal(.string(let text)) = arguments[0].kind else {
                throw fail(expr, "extension_argument", "the argument of `\(function.rawValue)` must be a string literal")
            }
            guard Extensions.construct(function, text.string) != nil else {
                throw fail(expr, "invalid_extension_literal", "`\(text.string)` is not a valid \(function.typeName) literal")
            }
            return (.ext(function), [])
        case .method(let receiver, let method, let arguments):
            return try self.method(method, receiver, arguments, expr, capabilities)
        }
    }

    func literalType(_ value: Value, _ expr: Expr) throws(TypeError) -> CedarType {
        switch value {
        case .bool(let b): return .bool(b ? .alwaysTrue : .alwaysFalse)
        case .long: return .long
        case .string: return .string
        case .entity(let uid):
            if schema.actions[uid] != nil { return .entity(uid.type) }
            guard let definition = schema.entityTypes[uid.type] else {
                if uid.type.isAction { throw fail(expr, "unrecognized_action", "unrecognized action `\(uid)`") }
                throw fail(expr, "unrecognized_entity_type", "unrecognized entity type `\(uid.type)`")
            }
            if let ids = definition.enumeration, !ids.contains(uid.id) {
                throw fail(expr, "invalid_enum_entity", "`\(uid)` is not a member of enumerated entity type `\(uid.type)`")
            }
            return .entity(uid.type)
        case .decimal: return .ext(.decimal)
        case .ipaddr: return .ext(.ip)
        case .datetime: return .ext(.datetime)
        case .duration: return .ext(.duration)
        case .set(let elements):
            // Literal sets come from code that builds policies (the parser keeps set literals as expressions).
            guard let first = elements.first else { throw fail(expr, "empty_set_literal", "empty set literals are forbidden in policies") }
            var elementType = try literalType(first, expr)
            for element in elements.dropFirst() {
                guard let joined = CedarType.lub(elementType, try literalType(element, expr)) else {
                    throw fail(expr, "incompatible_types", "set elements have incompatible types")
                }
                elementType = joined
            }
            return .set(elementType)
        case .record:
            throw fail(expr, "unexpected_type", "record values are not literals")
        }
    }

    mutating func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr, _ capabilities: Capabilities) throws(TypeError) -> CedarType
    {
        switch op {
        case .equal, .notEqual:
            let result: BoolType
            if let a = literal(left), let b = literal(right), a.isPrimitive, b.isPrimitive {
                // Both sides must still be well-typed (for example entity literals of declared types).
                _ = try typeOf(left, capabilities)
                _ = try typeOf(right, capabilities)
                result = a == b ? .alwaysTrue : .alwaysFalse
            } else {
                let (leftType, _) = try typeOf(left, capabilities)
                let (rightType, _) = try typeOf(right, capabilities)
                if CedarType.lub(leftType, rightType) != nil {
                    result = .any
                } else if case .entity = leftType, case .entity = rightType {
                    result = .alwaysFalse
                } else {
                    throw fail(expr, "incompatible_types", "the types \(leftType) and \(rightType) are not compatible")
                }
            }
            return .bool(op == .equal ? result : result.negated)
        case .less, .lessEqual, .greater, .greaterEqual:
            let (leftType, _) = try typeOf(left, capabilities)
            let (rightType, _) = try typeOf(right, capabilities)
            switch (leftType, rightType) {
            case (.long, .long), (.ext(.datetime), .ext(.datetime)), (.ext(.duration), .ext(.duration)): return .bool(.any)
            case (.long, _), (.ext(.datetime), _), (.ext(.duration), _): throw unexpected(right, rightType, expected: leftType.description)
            default: throw unexpected(left, leftType, expected: "Long, datetime or duration")
            }
        case .add, .subtract, .multiply:
            let (leftType, _) = try typeOf(left, capabilities)
            guard leftType == .long else { throw unexpected(left, leftType, expected: "Long") }
            let (rightType, _) = try typeOf(right, capabilities)
            guard rightType == .long else { throw unexpected(right, rightType, expected: "Long") }
            return .long
        case .in:
            let (leftType, _) = try typeOf(left, capabilities)
            guard case .entity(let leftEntity) = leftType else { throw unexpected(left, leftType, expected: "an entity") }
            let (rightType, _) = try typeOf(right, capabilities)
            switch rightType {
            case .entity(let rightEntity):
                if let action = actionUID(left), case .entity(let target)? = literal(right) {
                    return .bool(validator.actionHierarchy.isDescendant(action, of: target) ? .alwaysTrue : .alwaysFalse)
                }
                return .bool(validator.isDescendant(leftEntity, of: rightEntity) ? .any : .alwaysFalse)
            case .set(.entity(let rightEntity)):
                if let action = actionUID(left), case .literal(.set(let values)) = right.kind {
                    let targets = values.compactMap { value -> EntityUID? in
                        if case .entity(let uid) = value { return uid }
                        return nil
                    }
                    return .bool(targets.contains { validator.actionHierarchy.isDescendant(action, of: $0) } ? .alwaysTrue : .alwaysFalse)
                }
                if let action = actionUID(left), case .set(let elements) = right.kind {
                    let targets = elements.compactMap { element -> EntityUID? in
                        if case .entity(let uid)? = literal(element) { return uid }
                        return nil
                    }
                    if targets.count == elements.count {
                        return .bool(targets.contains { validator.actionHierarchy.isDescendant(action, of: $0) } ? .alwaysTrue : .alwaysFalse)
                    }
                }
                return .bool(validator.isDescendant(leftEntity, of: rightEntity) ? .any : .alwaysFalse)
            default:
                throw unexpected(right, rightType, expected: "an entity or a set of entities")
            }
        }
    }

    mutating func method(_ method: Method, _ receiver: Expr, _ arguments: [Expr], _ expr: Expr, _ capabilities: Capabilities) throws(TypeError)
        -> (CedarType, Capabilities)
    {
        let (receiverType, _) = try typeOf(receiver, capabilities)
        var argumentTypes: [CedarType] = []
        for argument in arguments { argumentTypes.append(try typeOf(argument, capabilities).0) }
        guard arguments.count == method.arity else {
            throw fail(expr, "wrong_argument_count", "`\(method.rawValue)` takes \(method.arity) argument(s), got \(arguments.count)")
        }
        func require(_ type: CedarType, _ expected: CedarType, _ at: Expr) throws(TypeError) {
            guard type == expected else { throw unexpected(at, type, expected: expected.description) }
        }
        switch method {
        case .contains:
            guard case .set(let element) = receiverType else { throw unexpected(receiver, receiverType, expected: "a set") }
            guard CedarType.lub(element, argumentTypes[0]) != nil else {
                throw fail(expr, "incompatible_types", "the types \(element) and \(argumentTypes[0]) are not compatible")
            }
            return (.bool(.any), [])
        case .containsAll, .containsAny:
            guard case .set = receiverType else { throw unexpected(receiver, receiverType, expected: "a set") }
            guard case .set = argumentTypes[0] else { throw unexpected(arguments[0], argumentTypes[0], expected: "a set") }
            guard CedarType.lub(receiverType, argumentTypes[0]) != nil else {
                throw fail(expr, "incompatible_types", "the types \(receiverType) and \(argumentTypes[0]) are not compatible")
            }
            return (.bool(.any), [])
        case .isEmpty:
            guard case .set = receiverType else { throw unexpected(receiver, receiverType, expected: "a set") }
            return (.bool(.any), [])
        case .hasTag, .getTag:
            guard case .entity(let entityType) = receiverType else { throw unexpected(receiver, receiverType, expected: "an entity") }
            try require(argumentTypes[0], .string, arguments[0])
            let capability = Capability(subject: receiver, key: .tag(arguments[0]))
            guard let definition = schema.entityTypes[entityType] else {
                if entityType.isAction {
                    if method == .hasTag { return (.bool(.alwaysFalse), []) }
                    throw fail(expr, "tag_not_found", "`\(entityType)` has no tags")
                }
                throw fail(receiver, "unrecognized_entity_type", "unrecognized entity type `\(entityType)`")
            }
            guard let tagType = definition.tags else {
                if method == .hasTag { return (.bool(.alwaysFalse), []) }
                throw fail(expr, "tag_not_found", "entity type `\(entityType)` has no tags")
            }
            if method == .hasTag {
                return capabilities.contains(capability) ? (.bool(.alwaysTrue), []) : (.bool(.any), [capability])
            }
            guard capabilities.contains(capability) else {
                throw fail(expr, "unsafe_tag_access", "unable to guarantee safety of access to a tag on `\(entityType)`: guard it with `hasTag`")
            }
            return (CedarType(tagType), [])
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            try require(receiverType, .ext(.decimal), receiver)
            try require(argumentTypes[0], .ext(.decimal), arguments[0])
            return (.bool(.any), [])
        case .isIpv4, .isIpv6, .isLoopback, .isMulticast:
            try require(receiverType, .ext(.ip), receiver)
            return (.bool(.any), [])
        case .isInRange:
            try require(receiverType, .ext(.ip), receiver)
            try require(argumentTypes[0], .ext(.ip), arguments[0])
            return (.bool(.any), [])
        case .offset:
            try require(receiverType, .ext(.datetime), receiver)
            try require(argumentTypes[0], .ext(.duration), arguments[0])
            return (.ext(.datetime), [])
        case .durationSince:
            try require(receiverType, .ext(.datetime), receiver)
            try require(argumentTypes[0], .ext(.datetime), arguments[0])
            return (.ext(.duration), [])
        case .toDate:
            try require(receiverType, .ext(.datetime), receiver)
            return (.ext(.datetime), [])
        case .toTime:
            try require(receiverType, .ext(.datetime), receiver)
            return (.ext(.duration), [])
        case .toMilliseconds, .toSeconds, .toMinutes, .toHours, .toDays:
            try require(receiverType, .ext(.duration), receiver)
            return (.long, [])
        }
    }
}

extension Value {
    /// Booleans, integers, strings and entity uids: the values whose literals compare statically.
    var isPrimitive: Bool {
        switch self {
        case .bool, .long, .string, .entity: true
        default: false
        }
    }
}
