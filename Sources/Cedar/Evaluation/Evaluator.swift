/// Evaluates Cedar expressions and policies for one request against one entity store.
///
/// Semantics follow the reference engine: checked 64-bit arithmetic, `&&`/`||`/`if` short-circuit
/// on their left operand only, `in` uses the precomputed transitive closure, and a missing entity
/// is an error only when its attributes or tags are read.
public struct Evaluator: Sendable {
    public let request: Request
    public let entities: Entities
    private let principal: Value
    private let action: Value
    private let resource: Value
    private let context: Value
    // Ancestors of the request's entities, looked up once for every scope check.
    private let principalAncestors: Set<EntityUID>
    private let actionAncestors: Set<EntityUID>
    private let resourceAncestors: Set<EntityUID>
    // The principal and resource entities, read by most conditions.
    private let principalEntity: Entity?
    private let resourceEntity: Entity?

    public init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        principal = .entity(request.principal)
        action = .entity(request.action)
        resource = .entity(request.resource)
        context = .record(request.context)
        principalAncestors = entities.ancestors(of: request.principal)
        actionAncestors = entities.ancestors(of: request.action)
        resourceAncestors = entities.ancestors(of: request.resource)
        principalEntity = entities.entity(request.principal)
        resourceEntity = entities.entity(request.resource)
    }

    @inline(__always)
    private func entity(_ uid: EntityUID) -> Entity? {
        if uid == request.resource { return resourceEntity }
        if uid == request.principal { return principalEntity }
        return entities.entity(uid)
    }

    // MARK: Policies

    /// Whether the policy's scope matches the request (never an error).
    public func scopeMatches(_ policy: borrowing Policy) -> Bool {
        matches(policy.principal, request.principal, principalAncestors) && matches(policy.action)
            && matches(policy.resource, request.resource, resourceAncestors)
    }

    /// Whether the policy is satisfied: scope, then `when` and `unless` clauses left to right.
    public func isSatisfied(_ policy: borrowing Policy) throws(EvaluationError) -> Bool {
        guard scopeMatches(policy) else { return false }
        for condition in policy.conditions {
            let value = try evaluate(condition.body)
            guard case .bool(let holds) = value else { throw .type(expected: [.bool], got: value) }
            if holds != (condition.kind == .when) { return false }
        }
        return true
    }

    private func matches(_ constraint: ScopeConstraint, _ uid: EntityUID, _ ancestors: Set<EntityUID>) -> Bool {
        switch constraint {
        case .any: true
        case .equals(.entity(let target)): uid == target
        case .memberOf(.entity(let target)): uid == target || ancestors.contains(target)
        case .isType(let type): uid.type == type
        case .isTypeMemberOf(let type, .entity(let target)): uid.type == type && (uid == target || ancestors.contains(target))
        case .equals(.slot), .memberOf(.slot), .isTypeMemberOf(_, .slot): false  // unlinked templates never apply
        }
    }

    private func matches(_ constraint: ActionConstraint) -> Bool {
        let uid = request.action
        switch constraint {
        case .any: return true
        case .equals(let target): return uid == target
        case .memberOf(let target): return uid == target || actionAncestors.contains(target)
        case .memberOfAny(let targets): return targets.contains { uid == $0 || actionAncestors.contains($0) }
        }
    }

    // MARK: Expressions

    public func evaluate(_ expr: Expr) throws(EvaluationError) -> Value {
        switch expr.kind {
        case .literal(let value):
            return value
        case .variable(let variable):
            switch variable {
            case .principal: return principal
            case .action: return action
            case .resource: return resource
            case .context: return context
            }
        case .slot(let slot):
            throw EvaluationError(.unlinkedSlot, "template slot `\(slot.rawValue)` is not linked")
        case .not(let operand):
            return .bool(!(try bool(operand)))
        case .negate(let operand):
            let value = try long(operand)
            guard value != Int64.min else { throw .overflow("negate `\(value)`") }
            return .long(-value)
        case .and(let left, let right):
            guard try bool(left) else { return .bool(false) }
            return .bool(try bool(right))
        case .or(let left, let right):
            if try bool(left) { return .bool(true) }
            return .bool(try bool(right))
        case .ifThenElse(let condition, let then, let otherwise):
            return try evaluate(try bool(condition) ? then : otherwise)
        case .binary(let op, let left, let right):
            return try binary(op, try evaluate(left), try evaluate(right))
        case .has(let subject, let attribute):
            switch try evaluate(subject) {
            case .entity(let uid): return .bool(entity(uid)?.attributes[attribute] != nil)
            case .record(let record): return .bool(record[attribute] != nil)
            case let other: throw .type(expected: [.entity, .record], got: other)
            }
        case .getAttribute(let subject, let attribute):
            return try getAttribute(try evaluate(subject), attribute)
        case .like(let subject, let pattern):
            let value = try evaluate(subject)
            guard case .string(let text) = value else { throw .type(expected: [.string], got: value) }
            return .bool(Self.wildcardMatch(Array(text.string.unicodeScalars), pattern))
        case .isType(let subject, let type):
            let value = try evaluate(subject)
            guard case .entity(let uid) = value else { throw .type(expected: [.entity], got: value) }
            return .bool(uid.type == type)
        case .set(let elements):
            var set = Set<Value>(minimumCapacity: elements.count)
            for element in elements { set.insert(try evaluate(element)) }
            return .set(set)
        case .record(let fields):
            var record = Record(minimumCapacity: fields.count)
            for field in fields { record[field.key] = try evaluate(field.value) }
            return .record(record)
        case .call(let function, let arguments):
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            guard values.count == 1 else {
                throw EvaluationError(
                    .wrongArgumentCount,
                    "wrong number of arguments provided to extension function `\(function.rawValue)`: expected 1, got \(values.count)")
            }
            guard case .string(let text) = values[0] else { throw .type(expected: [.string], got: values[0]) }
            return try Extensions.constructOrThrow(function, text.string)
        case .method(let receiver, let method, let arguments):
            let subject = try evaluate(receiver)
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument)) }
            return try call(method, on: subject, values)
        }
    }

    private func bool(_ expr: Expr) throws(EvaluationError) -> Bool {
        let value = try evaluate(expr)
        guard case .bool(let b) = value else { throw .type(expected: [.bool], got: value) }
        return b
    }

    private func long(_ expr: Expr) throws(EvaluationError) -> Int64 {
        let value = try evaluate(expr)
        guard case .long(let n) = value else { throw .type(expected: [.long], got: value) }
        return n
    }

    private func getAttribute(_ value: Value, _ attribute: CedarString) throws(EvaluationError) -> Value {
        switch value {
        case .entity(let uid):
            guard let entity = entity(uid) else {
                throw EvaluationError(.entityNotFound, "entity `\(uid)` does not exist")
            }
            guard let result = entity.attributes[attribute] else {
                throw EvaluationError(.attributeNotFound, "`\(uid)` does not have the attribute `\(attribute.string)`")
            }
            return result
        case .record(let record):
            guard let result = record[attribute] else {
                throw EvaluationError(.attributeNotFound, "record does not have the attribute `\(attribute.string)`")
            }
            return result
        default:
            throw .type(expected: [.entity, .record], got: value)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Value {
        switch op {
        case .equal: return .bool(left == right)
        case .notEqual: return .bool(left != right)
        case .less, .lessEqual, .greater, .greaterEqual:
            let ordering: (Int64, Int64)
            switch (left, right) {
            case (.long(let a), .long(let b)): ordering = (a, b)
            case (.datetime(let a), .datetime(let b)): ordering = (a.milliseconds, b.milliseconds)
            case (.duration(let a), .duration(let b)): ordering = (a.milliseconds, b.milliseconds)
            default:
                let expected: [Value.TypeName] = [.long, .datetime, .duration]
                switch left {
                case .long, .datetime, .duration: throw .type(expected: [left.typeName], got: right)
                default: throw .type(expected: expected, got: left)
                }
            }
            let (a, b) = ordering
            switch op {
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            default: return .bool(a >= b)
            }
        case .add, .subtract, .multiply:
            guard case .long(let a) = left else { throw .type(expected: [.long], got: left) }
            guard case .long(let b) = right else { throw .type(expected: [.long], got: right) }
            let (result, overflow): (Int64, Bool)
            switch op {
            case .add: (result, overflow) = a.addingReportingOverflow(b)
            case .subtract: (result, overflow) = a.subtractingReportingOverflow(b)
            default: (result, overflow) = a.multipliedReportingOverflow(by: b)
            }
            guard !overflow else {
                let verb = op == .add ? "add" : op == .subtract ? "subtract" : "multiply"
                throw .overflow("\(verb) `\(a)` and `\(b)`")
            }
            return .long(result)
        case .in:
            guard case .entity(let uid) = left else { throw .type(expected: [.entity], got: left) }
            switch right {
            case .entity(let target):
                return .bool(entities.isDescendant(uid, of: target))
            case .set(let elements):
                var targets: [EntityUID] = []
                targets.reserveCapacity(elements.count)
                for element in elements {
                    guard case .entity(let target) = element else { throw .type(expected: [.entity], got: element) }
                    targets.append(target)
                }
                return .bool(targets.contains { entities.isDescendant(uid, of: $0) })
            default:
                throw .type(expected: [.set, .entity], got: right)
            }
        }
    }

    // MARK: Methods

    private func call(_ method: Method, on subject: Value, _ arguments: [Value]) throws(EvaluationError) -> Value {
        guard arguments.count == method.arity else {
            throw EvaluationError(
                .wrongArgumentCount,
                "wrong number of arguments provided to extension function `\(method.rawValue)`: expected \(method.arity + 1), got \(arguments.count + 1)"
            )
        }
        switch method {
        case .contains:
            guard case .set(let set) = subject else { throw .type(expected: [.set], got: subject) }
            return .bool(set.contains(arguments[0]))
        case .containsAll, .containsAny:
            guard case .set(let set) = subject else { throw .type(expected: [.set], got: subject) }
            guard case .set(let other) = arguments[0] else { throw .type(expected: [.set], got: arguments[0]) }
            return .bool(method == .containsAll ? other.isSubset(of: set) : !set.isDisjoint(with: other))
        case .isEmpty:
            guard case .set(let set) = subject else { throw .type(expected: [.set], got: subject) }
            return .bool(set.isEmpty)
        case .hasTag, .getTag:
            guard case .entity(let uid) = subject else { throw .type(expected: [.entity], got: subject) }
            guard case .string(let tag) = arguments[0] else { throw .type(expected: [.string], got: arguments[0]) }
            let entity = entities.entity(uid)
            if method == .hasTag { return .bool(entity?.tags[tag] != nil) }
            guard let entity else { throw EvaluationError(.entityNotFound, "entity `\(uid)` does not exist") }
            guard let value = entity.tags[tag] else {
                throw EvaluationError(.tagNotFound, "`\(uid)` does not have the tag `\(tag.string)`")
            }
            return value
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            guard case .decimal(let a) = subject else { throw .type(expected: [.decimal], got: subject) }
            guard case .decimal(let b) = arguments[0] else { throw .type(expected: [.decimal], got: arguments[0]) }
            switch method {
            case .lessThan: return .bool(a < b)
            case .lessThanOrEqual: return .bool(a <= b)
            case .greaterThan: return .bool(a > b)
            default: return .bool(a >= b)
            }
        case .isIpv4, .isIpv6, .isLoopback, .isMulticast:
            guard case .ipaddr(let ip) = subject else { throw .type(expected: [.ipaddr], got: subject) }
            switch method {
            case .isIpv4: return .bool(ip.isIPv4)
            case .isIpv6: return .bool(ip.isIPv6)
            case .isLoopback: return .bool(ip.isLoopback)
            default: return .bool(ip.isMulticast)
            }
        case .isInRange:
            guard case .ipaddr(let ip) = subject else { throw .type(expected: [.ipaddr], got: subject) }
            guard case .ipaddr(let range) = arguments[0] else { throw .type(expected: [.ipaddr], got: arguments[0]) }
            return .bool(ip.isInRange(range))
        case .offset:
            guard case .datetime(let date) = subject else { throw .type(expected: [.datetime], got: subject) }
            guard case .duration(let duration) = arguments[0] else { throw .type(expected: [.duration], got: arguments[0]) }
            guard let result = date.offset(by: duration) else { throw .overflow("offset `\(date)` by `\(duration)`") }
            return .datetime(result)
        case .durationSince:
            guard case .datetime(let date) = subject else { throw .type(expected: [.datetime], got: subject) }
            guard case .datetime(let other) = arguments[0] else { throw .type(expected: [.datetime], got: arguments[0]) }
            guard let result = date.durationSince(other) else { throw .overflow("compute the duration since `\(other)`") }
            return .duration(result)
        case .toDate:
            guard case .datetime(let date) = subject else { throw .type(expected: [.datetime], got: subject) }
            guard let result = date.toDate() else { throw .overflow("compute the date of `\(date)`") }
            return .datetime(result)
        case .toTime:
            guard case .datetime(let date) = subject else { throw .type(expected: [.datetime], got: subject) }
            return .duration(date.toTime())
        case .toMilliseconds, .toSeconds, .toMinutes, .toHours, .toDays:
            guard case .duration(let duration) = subject else { throw .type(expected: [.duration], got: subject) }
            let divisor: Int64
            switch method {
            case .toMilliseconds: divisor = 1
            case .toSeconds: divisor = 1000
            case .toMinutes: divisor = 60_000
            case .toHours: divisor = 3_600_000
            default: divisor = 86_400_000
            }
            return .long(duration.milliseconds / divisor)
        }
    }

    // MARK: like

    /// Whole-string wildcard match over Unicode scalars (`*` matches any run, including none).
    static func wildcardMatch(_ text: [Unicode.Scalar], _ pattern: [PatternPiece]) -> Bool {
        var elements: [Unicode.Scalar?] = []  // nil is the wildcard
        for piece in pattern {
            switch piece {
            case .wildcard: elements.append(nil)
            case .literal(let literal): elements.append(contentsOf: literal.unicodeScalars.map { Optional($0) })
            }
        }
        var t = 0
        var p = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < elements.count, let scalar = elements[p], scalar == text[t] {
                t += 1
                p += 1
            } else if p < elements.count, elements[p] == nil {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < elements.count, elements[p] == nil { p += 1 }
        return p == elements.count
    }
}
