public import Cedar

/// How the HIPAA model appears to Cedar: entity types, attributes and the policy each grant compiles to.
/// The default schema in `Policies/schema.cedarschema` declares exactly these.
public enum CedarMapping {
    public static let departmentType = EntityType("Department")
    public static let roleType = EntityType("Role")
    public static let patientType = EntityType("Patient")
    public static let recordType = EntityType("Record")
    public static let actionType = EntityType("Action")

    public static func uid(_ principal: Principal) -> EntityUID { EntityUID(principal.kind.entityType, principal.id) }
    public static func roleUID(_ id: String) -> EntityUID { EntityUID(type: roleType, id: CedarString(id)) }
    public static func departmentUID(_ id: String) -> EntityUID { EntityUID(type: departmentType, id: CedarString(id)) }
    public static func patientUID(_ id: String) -> EntityUID { EntityUID(type: patientType, id: CedarString(id)) }
    public static func actionUID(_ action: PHIAction) -> EntityUID { EntityUID(type: actionType, id: CedarString(action.rawValue)) }

    /// The policy id of a grant's compiled policy.
    public static func policyID(ofGrant id: String) -> PolicyID { "grant:\(id)" }

    /// The grant id a policy id names, if it is a grant's policy.
    public static func grantID(ofPolicy id: PolicyID) -> String? {
        id.hasPrefix("grant:") ? String(id.dropFirst(6)) : nil
    }
}

extension AccessDirectory {
    /// Cedar entities for principals, roles and departments as they stand at `now`: a principal is
    /// in its departments and in the roles it holds at `now`; a role is in the roles it includes.
    public func cedarEntities(at now: Timestamp) -> [Entity] {
        var entities: [Entity] = []
        entities.reserveCapacity(principals.count + roles.count)
        var departments = Set<String>()
        for principal in principals.values {
            departments.formUnion(principal.departments)
            entities.append(cedarEntity(of: principal, at: now))
        }
        for role in roles.values {
            entities.append(Entity(uid: CedarMapping.roleUID(role.id), parents: Set(role.includes.map(CedarMapping.roleUID))))
        }
        // Grants loaded from the store share their department lists, and Array's == first compares
        // storage: a million grants cost a million cheap comparisons, not a million set insertions.
        var previous: [String] = []
        for index in grants.values.indices {
            let list = grants.values[index].scope.departments
            if list.isEmpty || list == previous { continue }
            departments.formUnion(list)
            previous = list
        }
        for department in departments {
            entities.append(Entity(uid: CedarMapping.departmentUID(department)))
        }
        return entities
    }

    /// One principal's Cedar entity at `now`: in its departments and the roles it holds then.
    /// Principals are leaves of the hierarchy, so a change to one replaces just this entity.
    public func cedarEntity(of principal: Principal, at now: Timestamp) -> Entity {
        var parents = Set(principal.departments.map(CedarMapping.departmentUID))
        for role in activeRoles(of: principal.id, at: now) { parents.insert(CedarMapping.roleUID(role)) }
        var attributes: Record = [
            "status": .string(principal.status.rawValue),
            "credential_state": .string(principal.credentialState.rawValue),
        ]
        if principal.kind == .user {
            attributes["mfa_enrolled"] = .bool(principal.mfaEnrolled)
            attributes["break_glass_eligible"] = .bool(principal.breakGlassEligible)
        }
        return Entity(uid: CedarMapping.uid(principal), attributes: attributes, parents: parents)
    }

    /// The compiled policies of every grant in force at `now`, in grant-id order.
    public func grantPolicies(at now: Timestamp) -> [Policy] {
        var compiler = GrantCompiler()
        return grants.values.filter { !$0.isRevoked }.sorted { $0.id < $1.id }.compactMap { grant in
            try? compiler.compile(grant, granteeKind: grantKind(grant))
        }
    }

    func grantKind(_ grant: Grant) -> Principal.Kind? {
        if case .principal(let id) = grant.grantee { return principals[id]?.kind }
        return nil
    }
}

extension Grant {
    /// The Cedar policy this grant compiles to: `@id("grant:ID") @grant("ID")` on a permit whose
    /// scope names the grantee, the actions and the department or patient, and whose condition
    /// checks the purpose of use, the time window, the record categories, the sensitivity labels
    /// and the confidentiality level. `granteeKind` is the kind of a principal grantee.
    public func cedarPolicy(granteeKind: Principal.Kind?) throws(AccessModelError) -> Policy {
        var compiler = GrantCompiler()
        return try compiler.compile(self, granteeKind: granteeKind)
    }
}

/// Compiles grants to Cedar policies. Subexpressions every grant shares (`context.purpose_of_use`,
/// `resource.labels.isEmpty()`, …) are built once, and equal string sets are interned, so a
/// million compiled grants hold a million small condition trees rather than a million large ones.
/// String sets are literal values, so evaluating a grant allocates no set.
public struct GrantCompiler {
    static let context = Expr.variable(.context)
    static let resource = Expr.variable(.resource)
    static let hasPurpose = Expr.has(context, "purpose_of_use")
    static let purpose = Expr.attribute(context, "purpose_of_use")
    static let now = Expr.attribute(context, "now")
    static let notRecord = Expr.not(.isType(resource, CedarMapping.recordType))
    static let category = Expr.attribute(resource, "category")
    static let labels = Expr.attribute(resource, "labels")
    static let noLabels = Expr.method(labels, .isEmpty, [])
    static let confidentiality = Expr.attribute(resource, "confidentiality")
    static let normalOnly = Expr.binary(.equal, confidentiality, .stringLiteral("N"))

    private var sets: [[String]: Expr] = [:]

    public init() {}

    mutating func stringSet(_ strings: [String]) -> Expr {
        if let cached = sets[strings] { return cached }
        let expr = Expr.literal(.set(Set(strings.map { .string(CedarString($0)) })))
        sets[strings] = expr
        return expr
    }

    public mutating func compile(_ grant: Grant, granteeKind: Principal.Kind?) throws(AccessModelError) -> Policy {
        let principalScope: ScopeConstraint
        switch grant.grantee {
        case .principal(let id):
            guard let kind = granteeKind else { throw AccessModelError(.notFound, "grant `\(grant.id)`: unknown grantee `\(id)`") }
            principalScope = .equals(.entity(EntityUID(kind.entityType, id)))
        case .role(let id):
            principalScope = .memberOf(.entity(CedarMapping.roleUID(id)))
        }
        var resourceScope = ScopeConstraint.any
        var conditions: [Expr] = []
        if let patient = grant.scope.patient {
            resourceScope = .memberOf(.entity(CedarMapping.patientUID(patient)))
        } else if grant.scope.departments.count == 1 {
            resourceScope = .memberOf(.entity(CedarMapping.departmentUID(grant.scope.departments[0])))
        } else if grant.scope.departments.count > 1 {
            conditions.append(
                .binary(.in, Self.resource, .literal(.set(Set(grant.scope.departments.map { .entity(CedarMapping.departmentUID($0)) })))))
        }
        // A purpose of use is required and must be one the grant allows.
        conditions.append(Self.hasPurpose)
        conditions.append(.method(stringSet(grant.purposes.map(\.rawValue)), .contains, [Self.purpose]))
        // The grant's time window, against the request time.
        conditions.append(.binary(.greaterEqual, Self.now, .literal(.datetime(CedarDatetime(milliseconds: grant.validFrom.milliseconds)))))
        if let validUntil = grant.validUntil {
            conditions.append(.binary(.less, Self.now, .literal(.datetime(CedarDatetime(milliseconds: validUntil.milliseconds)))))
        }
        // Minimum necessary: only the granted record categories.
        if !grant.scope.categories.isEmpty {
            conditions.append(.or(Self.notRecord, .method(stringSet(grant.scope.categories.map(\.rawValue)), .contains, [Self.category])))
        }
        // Labelled PHI only through a grant that names every one of its labels.
        conditions.append(
            grant.labels.isEmpty ? Self.noLabels : .method(stringSet(grant.labels.map(\.rawValue)), .containsAll, [Self.labels]))
        // Restricted and very restricted PHI only through a grant that names the level.
        conditions.append(
            grant.confidentiality.isEmpty
                ? Self.normalOnly : .method(stringSet(["N"] + grant.confidentiality.map(\.rawValue)), .contains, [Self.confidentiality]))
        var body = conditions[0]
        for condition in conditions.dropFirst() { body = .and(body, condition) }
        var obligations = [ObligationCode.auditTrail]
        if grant.labels.contains(where: \.isPart2) { obligations.append(ObligationCode.noRedisclosure) }
        if grant.actions.contains(.disclose) { obligations.append(ObligationCode.accountingOfDisclosure) }
        let actionUIDs = PHIAction.allCases.filter(grant.actions.contains).map(CedarMapping.actionUID)
        return Policy(
            id: CedarMapping.policyID(ofGrant: grant.id), effect: .permit, principal: principalScope,
            action: actionUIDs.count == 1 ? .equals(actionUIDs[0]) : .memberOfAny(actionUIDs), resource: resourceScope,
            conditions: [Condition(kind: .when, body: body)],
            annotations: [
                ("id", CedarString(CedarMapping.policyID(ofGrant: grant.id))), ("grant", CedarString(grant.id)),
                ("obligations", CedarString(obligations.joined(separator: ","))),
            ])
    }
}

extension Expr {
    static func variable(_ variable: Variable) -> Expr { Expr(.variable(variable)) }
    static func attribute(_ subject: Expr, _ name: String) -> Expr { Expr(.getAttribute(subject, CedarString(name))) }
    static func has(_ subject: Expr, _ name: String) -> Expr { Expr(.has(subject, CedarString(name))) }
    static func method(_ receiver: Expr, _ method: Method, _ arguments: [Expr]) -> Expr { Expr(.method(receiver, method, arguments)) }
    static func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr) -> Expr { Expr(.binary(op, left, right)) }
    static func and(_ left: Expr, _ right: Expr) -> Expr { Expr(.and(left, right)) }
    static func or(_ left: Expr, _ right: Expr) -> Expr { Expr(.or(left, right)) }
    static func not(_ operand: Expr) -> Expr { Expr(.not(operand)) }
    static func isType(_ subject: Expr, _ type: EntityType) -> Expr { Expr(.isType(subject, type)) }
    static func literal(_ value: Value) -> Expr { Expr(.literal(value)) }
    static func stringLiteral(_ text: String) -> Expr { .literal(.string(CedarString(text))) }
    static func entityLiteral(_ uid: EntityUID) -> Expr { .literal(.entity(uid)) }
    static func set(_ elements: [Expr]) -> Expr { Expr(.set(elements)) }
    /// A set literal of strings, as written in policy text (so the formatter and validator see a literal set).
    static func stringSet(_ strings: [String]) -> Expr { .set(strings.map(stringLiteral)) }
}
