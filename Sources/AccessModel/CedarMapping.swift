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
            var parents = Set(principal.departments.map(CedarMapping.departmentUID))
            departments.formUnion(principal.departments)
            for role in activeRoles(of: principal.id, at: now) { parents.insert(CedarMapping.roleUID(role)) }
            var attributes: Record = [
                "status": .string(principal.status.rawValue),
                "credential_state": .string(principal.credentialState.rawValue),
            ]
            if principal.kind == .user {
                attributes["mfa_enrolled"] = .bool(principal.mfaEnrolled)
                attributes["break_glass_eligible"] = .bool(principal.breakGlassEligible)
            }
            entities.append(Entity(uid: CedarMapping.uid(principal), attributes: attributes, parents: parents))
        }
        for role in roles.values {
            entities.append(Entity(uid: CedarMapping.roleUID(role.id), parents: Set(role.includes.map(CedarMapping.roleUID))))
        }
        for grant in grants.values { departments.formUnion(grant.scope.departments) }
        for department in departments {
            entities.append(Entity(uid: CedarMapping.departmentUID(department)))
        }
        return entities
    }

    /// The compiled policies of every grant in force at `now`, in grant-id order.
    public func grantPolicies(at now: Timestamp) -> [Policy] {
        grants.values.filter { !$0.isRevoked }.sorted { $0.id < $1.id }.compactMap { grant in
            try? grant.cedarPolicy(granteeKind: grantKind(grant))
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
        let principalScope: ScopeConstraint
        switch grantee {
        case .principal(let id):
            guard let kind = granteeKind else { throw AccessModelError(.notFound, "grant `\(self.id)`: unknown grantee `\(id)`") }
            principalScope = .equals(.entity(EntityUID(kind.entityType, id)))
        case .role(let id):
            principalScope = .memberOf(.entity(CedarMapping.roleUID(id)))
        }
        var resourceScope = ScopeConstraint.any
        var conditions: [Expr] = []
        if let patient = scope.patient {
            resourceScope = .memberOf(.entity(CedarMapping.patientUID(patient)))
        } else if scope.departments.count == 1 {
            resourceScope = .memberOf(.entity(CedarMapping.departmentUID(scope.departments[0])))
        } else if scope.departments.count > 1 {
            conditions.append(.binary(.in, .variable(.resource), .set(scope.departments.map { .entityLiteral(CedarMapping.departmentUID($0)) })))
        }
        let context = Expr.variable(.context)
        let resource = Expr.variable(.resource)
        // A purpose of use is required and must be one the grant allows.
        conditions.append(.has(context, "purpose_of_use"))
        conditions.append(.method(.stringSet(purposes.map(\.rawValue)), .contains, [.attribute(context, "purpose_of_use")]))
        // The grant's time window, against the request time.
        let now = Expr.attribute(context, "now")
        conditions.append(.binary(.greaterEqual, now, .literal(.datetime(CedarDatetime(milliseconds: validFrom.milliseconds)))))
        if let validUntil {
            conditions.append(.binary(.less, now, .literal(.datetime(CedarDatetime(milliseconds: validUntil.milliseconds)))))
        }
        // Minimum necessary: only the granted record categories.
        if !scope.categories.isEmpty {
            conditions.append(
                .or(
                    .not(.isType(resource, CedarMapping.recordType)),
                    .method(.stringSet(scope.categories.map(\.rawValue)), .contains, [.attribute(resource, "category")])))
        }
        // Labelled PHI only through a grant that names every one of its labels.
        if labels.isEmpty {
            conditions.append(.method(.attribute(resource, "labels"), .isEmpty, []))
        } else {
            conditions.append(.method(.stringSet(labels.map(\.rawValue)), .containsAll, [.attribute(resource, "labels")]))
        }
        // Restricted and very restricted PHI only through a grant that names the level.
        if confidentiality.isEmpty {
            conditions.append(.binary(.equal, .attribute(resource, "confidentiality"), .stringLiteral("N")))
        } else {
            conditions.append(
                .method(.stringSet(["N"] + confidentiality.map(\.rawValue)), .contains, [.attribute(resource, "confidentiality")]))
        }
        var body = conditions[0]
        for condition in conditions.dropFirst() { body = .and(body, condition) }
        var obligations = [ObligationCode.auditTrail]
        if labels.contains(where: \.isPart2) { obligations.append(ObligationCode.noRedisclosure) }
        if actions.contains(.disclose) { obligations.append(ObligationCode.accountingOfDisclosure) }
        let actionUIDs = PHIAction.allCases.filter(actions.contains).map(CedarMapping.actionUID)
        return Policy(
            id: CedarMapping.policyID(ofGrant: id), effect: .permit, principal: principalScope,
            action: actionUIDs.count == 1 ? .equals(actionUIDs[0]) : .memberOfAny(actionUIDs), resource: resourceScope,
            conditions: [Condition(kind: .when, body: body)],
            annotations: [
                ("id", CedarString(CedarMapping.policyID(ofGrant: id))), ("grant", CedarString(id)),
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
