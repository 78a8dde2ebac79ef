/// One finding of the validator: which policy, where, and what was expected.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public let policyID: PolicyID
    public let code: String
    public let message: String
    public let location: SourceLocation?
    public let severity: Severity

    public var description: String {
        "\(location.map { "\($0): " } ?? "")\(severity.rawValue): policy `\(policyID)`: \(message)"
    }
}

/// The outcome of validating policies against a schema.
public struct ValidationResult: Sendable {
    public var errors: [ValidationIssue] = []
    public var warnings: [ValidationIssue] = []

    /// Valid when there is no error; warnings do not make a policy invalid.
    public var isValid: Bool { errors.isEmpty }
}

/// Cedar's strict-mode policy validator.
///
/// For every request environment (principal type × action × resource type) that the schema
/// allows and the policy's scope can match, it type-checks the policy's condition
/// (`scope && when… && !unless…`) with singleton Boolean types and capabilities, as the reference
/// engine does: a policy that validates cannot raise an evaluation error on conforming data other
/// than overflow or a missing entity.
public struct Validator: Sendable {
    public let schema: Schema
    /// Transitive ancestors of each entity type through `memberOfTypes`.
    let typeAncestors: [EntityType: Set<EntityType>]
    /// The schema's action hierarchy, transitively closed.
    let actionHierarchy: Entities

    public init(schema: Schema) {
        self.schema = schema
        var ancestors: [EntityType: Set<EntityType>] = [:]
        for type in schema.entityTypes.keys {
            var seen = Set<EntityType>()
            var pending = Array(schema.entityTypes[type]?.memberOfTypes ?? [])
            while let next = pending.popLast() {
                if seen.insert(next).inserted { pending.append(contentsOf: schema.entityTypes[next]?.memberOfTypes ?? []) }
            }
            ancestors[type] = seen
        }
        typeAncestors = ancestors
        actionHierarchy = (try? Entities(schema.actionEntities)) ?? .empty
    }

    /// Validates every static policy and template of the set.
    public func validate(_ policies: PolicySet) -> ValidationResult {
        var result = ValidationResult()
        for policy in policies.templates + policies.policies where policy.templateID == nil {
            validate(policy, into: &result)
        }
        return result
    }

    public func validate(_ policy: Policy) -> ValidationResult {
        var result = ValidationResult()
        validate(policy, into: &result)
        return result
    }

    func isDescendant(_ type: EntityType, of ancestor: EntityType) -> Bool {
        type == ancestor || (typeAncestors[type]?.contains(ancestor) ?? false)
    }

    // MARK: Request environments

    struct Environment {
        var principal: EntityType
        var action: EntityUID
        var resource: EntityType
        var context: CedarType.ClosedRecord
        var slots: [SlotID: EntityType]
    }

    func validate(_ policy: Policy, into result: inout ValidationResult) {
        var errors: [ValidationIssue] = []
        func error(_ code: String, _ message: String, at location: SourceLocation? = policy.location) {
            let issue = ValidationIssue(policyID: policy.id, code: code, message: message, location: location, severity: .error)
            if !errors.contains(issue) { errors.append(issue) }
        }
        // Entities named in the scope must be declared.
        for reference in [policy.principal.entity, policy.resource.entity].compactMap({ $0 }) where !isKnown(reference) {
            error("unrecognized_entity_type", "unrecognized entity type `\(reference.type)`")
        }
        for type in [policy.principal.type, policy.resource.type].compactMap({ $0 }) where !isKnownType(type) {
            error("unrecognized_entity_type", "unrecognized entity type `\(type)`")
        }
        for uid in policy.action.entities where schema.actions[uid] == nil {
            error("unrecognized_action", "unrecognized action `\(uid)`")
        }
        // Names in conditions are checked everywhere, even where a short-circuit hides them from typing.
        var names: [(Name, SourceLocation?)] = []
        for condition in policy.conditions {
            Self.forEachName(in: condition.body) { names.append(($0, $1)) }
        }
        for (name, location) in names {
            switch name {
            case .entity(let uid) where uid.type.isAction && schema.entityTypes[uid.type] == nil:
                if schema.actions[uid] == nil { error("unrecognized_action", "unrecognized action `\(uid)`", at: location) }
            case .entity(let uid):
                if schema.entityTypes[uid.type] == nil {
                    error("unrecognized_entity_type", "unrecognized entity type `\(uid.type)`", at: location)
                }
            case .type(let type):
                if !isKnownType(type) { error("unrecognized_entity_type", "unrecognized entity type `\(type)`", at: location) }
            }
        }
        let environments = self.environments(for: policy)
        if environments.isEmpty {
            error("impossible_scope", "unable to find an applicable action given the policy scope constraints")
        }
        let condition = policy.conditionExpression
        var alwaysFalse = true
        for environment in environments {
            var checker = TypeChecker(validator: self, environment: environment)
            do {
                let (type, _) = try checker.typeOf(condition, [])
                guard case .bool(let boolType) = type else {
                    error("type_error", "the policy condition has type \(type), expected Bool")
                    continue
                }
                if boolType != .alwaysFalse { alwaysFalse = false }
            } catch {
                errors.append(
                    contentsOf: [
                        ValidationIssue(
                            policyID: policy.id, code: error.code, message: error.message, location: error.location ?? policy.location,
                            severity: .error)
                    ].filter { !errors.contains($0) })
            }
        }
        result.errors.append(contentsOf: errors)
        if errors.isEmpty, alwaysFalse, !environments.isEmpty {
            result.warnings.append(
                ValidationIssue(
                    policyID: policy.id, code: "impossible_policy", message: "the policy can never apply: its condition is always false",
                    location: policy.location, severity: .warning))
        }
        result.warnings.append(contentsOf: SuspiciousStrings.warnings(for: policy))
    }

    enum Name {
        case entity(EntityUID)
        case type(EntityType)
    }

    /// Calls `body` for every entity literal and `is` type in `expr`. Static, so the recursion
    /// captures nothing but `body`.
    static func forEachName(in expr: Expr, _ body: (Name, SourceLocation?) -> Void) {
        switch expr.kind {
        case .literal(.entity(let uid)): body(.entity(uid), expr.location)
        case .literal(.set(let values)):
            for case .entity(let uid) in values { body(.entity(uid), expr.location) }
        case .isType(_, let type): body(.type(type), expr.location)
        default: break
        }
        expr.kind.forEachChild { forEachName(in: $0, body) }
    }

    func isKnownType(_ type: EntityType) -> Bool {
        schema.entityTypes[type] != nil || schema.actions.keys.contains { $0.type == type }
    }

    func isKnown(_ uid: EntityUID) -> Bool {
        if schema.actions[uid] != nil { return true }
        guard let definition = schema.entityTypes[uid.type] else { return false }
        return definition.enumeration?.contains(uid.id) ?? true
    }

    /// The environments whose principal type, action and resource type the scope can match.
    func environments(for policy: Policy) -> [Environment] {
        let actions = schema.actions.values.filter { action in
            switch policy.action {
            case .any: true
            case .equals(let uid): action.uid == uid
            case .memberOf(let uid): actionHierarchy.isDescendant(action.uid, of: uid)
            case .memberOfAny(let uids): uids.contains { actionHierarchy.isDescendant(action.uid, of: $0) }
            }
        }
        var environments: [Environment] = []
        let entityTypes = schema.entityTypes.keys.sorted()
        for action in actions.sorted(by: { $0.uid < $1.uid }) {
            let context = CedarType.ClosedRecord(action.context)
            for principal in action.principalTypes where scopeAdmits(policy.principal, principal) {
                for resource in action.resourceTypes where scopeAdmits(policy.resource, resource) {
                    // A template is checked for every type its slots could be linked to.
                    var slotChoices: [[SlotID: EntityType]] = [[:]]
                    for (slot, constraint, type) in [(SlotID.principal, policy.principal, principal), (.resource, policy.resource, resource)]
                    where constraint.slot == slot {
                        let candidates = entityTypes.filter { slotAdmits(constraint, type, $0) }
                        slotChoices = slotChoices.flatMap { choice in candidates.map { choice.merging([slot: $0]) { $1 } } }
                    }
                    for slots in slotChoices {
                        environments.append(Environment(principal: principal, action: action.uid, resource: resource, context: context, slots: slots))
                    }
                }
            }
        }
        return environments
    }

    func scopeAdmits(_ constraint: ScopeConstraint, _ type: EntityType) -> Bool {
        switch constraint {
        case .any, .equals(.slot), .memberOf(.slot): true
        case .equals(.entity(let uid)): uid.type == type
        case .memberOf(.entity(let uid)): isDescendant(type, of: uid.type)
        case .isType(let required), .isTypeMemberOf(let required, .slot): required == type
        case .isTypeMemberOf(let required, .entity(let uid)): required == type && isDescendant(type, of: uid.type)
        }
    }

    func slotAdmits(_ constraint: ScopeConstraint, _ variableType: EntityType, _ slotType: EntityType) -> Bool {
        switch constraint {
        case .equals(.slot): slotType == variableType
        case .memberOf(.slot), .isTypeMemberOf(_, .slot): isDescendant(variableType, of: slotType)
        default: false
        }
    }
}

extension ScopeConstraint {
    var entity: EntityUID? {
        switch self {
        case .equals(.entity(let uid)), .memberOf(.entity(let uid)), .isTypeMemberOf(_, .entity(let uid)): uid
        default: nil
        }
    }

    var type: EntityType? {
        switch self {
        case .isType(let type), .isTypeMemberOf(let type, _): type
        default: nil
        }
    }

    /// The constraint as an expression over `variable`.
    func expression(_ variable: Variable) -> Expr? {
        func reference(_ r: EntityReference) -> Expr {
            switch r {
            case .entity(let uid): Expr(.literal(.entity(uid)))
            case .slot(let slot): Expr(.slot(slot))
            }
        }
        let subject = Expr(.variable(variable))
        switch self {
        case .any: return nil
        case .equals(let r): return Expr(.binary(.equal, subject, reference(r)))
        case .memberOf(let r): return Expr(.binary(.in, subject, reference(r)))
        case .isType(let type): return Expr(.isType(subject, type))
        case .isTypeMemberOf(let type, let r):
            return Expr(.and(Expr(.isType(subject, type)), Expr(.binary(.in, subject, reference(r)))))
        }
    }
}

extension ActionConstraint {
    var entities: [EntityUID] {
        switch self {
        case .any: []
        case .equals(let uid), .memberOf(let uid): [uid]
        case .memberOfAny(let uids): uids
        }
    }

    var expression: Expr? {
        let action = Expr(.variable(.action))
        switch self {
        case .any: return nil
        case .equals(let uid): return Expr(.binary(.equal, action, Expr(.literal(.entity(uid)))))
        case .memberOf(let uid): return Expr(.binary(.in, action, Expr(.literal(.entity(uid)))))
        case .memberOfAny(let uids): return Expr(.binary(.in, action, Expr(.set(uids.map { Expr(.literal(.entity($0))) }))))
        }
    }
}

extension Policy {
    /// `principal-scope && action-scope && resource-scope && when₁ && !unless₁ && …`, as the
    /// reference engine builds it.
    var conditionExpression: Expr {
        var parts: [Expr] = [principal.expression(.principal), action.expression, resource.expression(.resource)].compactMap { $0 }
        for condition in conditions {
            parts.append(condition.kind == .when ? condition.body : Expr(.not(condition.body), at: condition.body.location))
        }
        guard var result = parts.first else { return Expr(.literal(.bool(true))) }
        for part in parts.dropFirst() { result = Expr(.and(result, part), at: part.location) }
        return result
    }
}
