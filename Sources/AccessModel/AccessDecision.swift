public import Cedar

/// Who is asking: a principal id, and optionally the kind the caller believes it is.
public struct SubjectReference: Sendable, Hashable {
    public var id: String
    public var kind: Principal.Kind?

    public init(id: String, kind: Principal.Kind? = nil) {
        self.id = id
        self.kind = kind
    }
}

/// The PHI a request is about, as the calling application describes it (PHIGuard does not store
/// patients or records).
public struct ResourceDescription: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case patient = "Patient"
        case record = "Record"
    }

    public var kind: Kind
    public var id: String
    /// For a record: its patient (required); for a patient: its own id.
    public var patientID: String
    /// The patient's departments.
    public var departments: [String]
    public var category: RecordCategory?
    public var labels: [SensitivityLabel]
    public var confidentiality: Confidentiality
    public var restrictions: [String]
    public var careTeam: [String]
    public var part2Consent: Bool

    public init(
        kind: Kind, id: String, patientID: String? = nil, departments: [String] = [], category: RecordCategory? = nil,
        labels: [SensitivityLabel] = [], confidentiality: Confidentiality = .normal, restrictions: [String] = [], careTeam: [String] = [],
        part2Consent: Bool = false
    ) {
        self.kind = kind
        self.id = id
        self.patientID = patientID ?? id
        self.departments = departments
        self.category = category
        self.labels = labels
        self.confidentiality = confidentiality
        self.restrictions = restrictions
        self.careTeam = careTeam
        self.part2Consent = part2Consent
    }

    /// The Cedar entities for this resource: the record (if any), its patient, and departments.
    func cedarEntities() -> [Entity] {
        let patient = CedarMapping.patientUID(patientID)
        let patientEntity = Entity(
            uid: patient,
            attributes: [
                "confidentiality": .string(confidentiality.rawValue),
                "labels": .set(Set(labels.map { .string($0.rawValue) })),
                "restrictions": .set(Set(restrictions.map { .string($0) })),
                "care_team": .set(Set(careTeam.map { .entity(EntityUID("User", $0)) })),
                "part2_consent": .bool(part2Consent),
            ],
            parents: Set(departments.map(CedarMapping.departmentUID)))
        guard kind == .record else { return [patientEntity] }
        let record = Entity(
            uid: uid,
            attributes: [
                "category": .string((category ?? .note).rawValue),
                "confidentiality": .string(confidentiality.rawValue),
                "labels": .set(Set(labels.map { .string($0.rawValue) })),
                "patient": .entity(patient),
            ],
            parents: [patient])
        return [record, patientEntity]
    }

    var uid: EntityUID { EntityUID(kind.rawValue, id) }
}

/// Facts about the request that policies read from `context`.
public struct RequestContext: Sendable, Hashable {
    public var purposeOfUse: PurposeOfUse?
    public var justification: String?
    public var mfa: Bool?
    public var sessionStarted: Timestamp?

    public init(purposeOfUse: PurposeOfUse? = nil, justification: String? = nil, mfa: Bool? = nil, sessionStarted: Timestamp? = nil) {
        self.purposeOfUse = purposeOfUse
        self.justification = justification
        self.mfa = mfa
        self.sessionStarted = sessionStarted
    }

    func cedarRecord(now: Timestamp) -> Record {
        var record: Record = ["now": .datetime(CedarDatetime(milliseconds: now.milliseconds))]
        if let purposeOfUse { record["purpose_of_use"] = .string(purposeOfUse.rawValue) }
        if let justification { record["justification"] = .string(justification) }
        if let mfa { record["mfa"] = .bool(mfa) }
        if let sessionStarted { record["session_started"] = .datetime(CedarDatetime(milliseconds: sessionStarted.milliseconds)) }
        return record
    }
}

/// "May this subject do this action on this resource, in this context, at this time?"
public struct AccessRequest: Sendable, Hashable {
    public var subject: SubjectReference
    public var action: PHIAction
    public var resource: ResourceDescription
    public var context: RequestContext
    public var now: Timestamp

    public init(subject: SubjectReference, action: PHIAction, resource: ResourceDescription, context: RequestContext, now: Timestamp) {
        self.subject = subject
        self.action = action
        self.resource = resource
        self.context = context
        self.now = now
    }
}

/// A decision with everything needed to act on it and to explain it.
public struct AccessDecision: Sendable, Hashable {
    public struct PolicyError: Sendable, Hashable {
        public var policyID: String
        public var message: String

        public init(policyID: String, message: String) {
            self.policyID = policyID
            self.message = message
        }
    }

    public var allowed: Bool
    /// Stable reason codes: `grant`, `break_glass`, `forbidden`, `no_applicable_grant`,
    /// `unknown_principal`, `principal_kind_mismatch`, `policy_error`.
    public var reasonCodes: [String]
    /// The determining policies (permits on allow, forbids on deny).
    public var policyIDs: [String]
    /// The grants among them.
    public var grantIDs: [String]
    public var obligations: [String]
    /// A plain-language explanation of a denial.
    public var explanation: String?
    public var errors: [PolicyError]
    public var breakGlass: Bool

    public init(
        allowed: Bool, reasonCodes: [String], policyIDs: [String], grantIDs: [String], obligations: [String], explanation: String?,
        errors: [PolicyError], breakGlass: Bool
    ) {
        self.allowed = allowed
        self.reasonCodes = reasonCodes
        self.policyIDs = policyIDs
        self.grantIDs = grantIDs
        self.obligations = obligations
        self.explanation = explanation
        self.errors = errors
        self.breakGlass = breakGlass
    }
}

/// The decision core: the policy bundle plus the compiled grants and the directory's entities,
/// at one point in time. Synchronous, deterministic and free of I/O.
public struct AccessEngine: Sendable {
    public let bundle: PolicyBundle
    public private(set) var directory: AccessDirectory
    /// Whether a policy that errors on a PHI action denies the request (fail closed).
    public var failClosed: Bool
    /// The bundle's policies, indexed by scope.
    private var policies: PolicySet
    /// Compiled grant policies, built on first use. Grants are found through the directory's
    /// grantee index, so a million grants cost nothing at start-up; a compiled grant depends only
    /// on the grant's own (immutable) content, so copies of the engine may share the cache.
    private let compiled = GrantPolicyCache()
    /// Which directory state this engine holds, for the compiled-policy cache its copies share.
    private var generation = GrantPolicyCache.nextGeneration()
    private var entities: Entities
    /// When role assignments next start or end: entities must be rebuilt after it.
    public private(set) var entitiesValidUntil: Timestamp?
    /// The instant the entity graph (and so role membership) was computed for.
    private var entitiesBuiltAt: Timestamp

    public init(bundle: PolicyBundle, directory: AccessDirectory, at now: Timestamp, failClosed: Bool = true) {
        self.bundle = bundle
        self.directory = directory
        self.failClosed = failClosed
        var set = PolicySet()
        for policy in bundle.policies { try? set.add(policy) }
        policies = set
        entities = Self.entities(of: directory, at: now)
        entitiesValidUntil = Self.nextBoundary(of: directory, after: now)
        entitiesBuiltAt = now
    }

    static func entities(of directory: AccessDirectory, at now: Timestamp) -> Entities {
        // The directory is checked on every change, so its hierarchy has no cycle or duplicate.
        (try? Entities(directory.cedarEntities(at: now))) ?? .empty
    }

    static func nextBoundary(of directory: AccessDirectory, after now: Timestamp) -> Timestamp? {
        directory.assignments.values.joined().flatMap { [$0.validFrom, $0.validUntil] }.compactMap { $0 }.filter { $0 > now }.min()
    }

    /// Applies a directory change. Grants are added or removed incrementally, so a revocation
    /// takes effect on the very next decision even with a million grants; other changes rebuild
    /// the entity graph.
    public mutating func update<Failure: Error>(_ change: (inout AccessDirectory) throws(Failure) -> Void, at now: Timestamp) throws(Failure) {
        var updated = directory
        try change(&updated)
        directory = updated
        generation = GrantPolicyCache.nextGeneration()
        compiled.invalidate()
        entities = Self.entities(of: updated, at: now)
        entitiesValidUntil = Self.nextBoundary(of: updated, after: now)
        entitiesBuiltAt = now
    }

    /// Applies one directory change with the least work: a grant change touches only that grant's
    /// policy (so revocation is immediate even with a million grants); other changes rebuild the
    /// entity graph of principals and roles.
    public mutating func apply(_ change: DirectoryChange, at now: Timestamp) throws(AccessModelError) {
        // In place: every directory operation validates before it mutates, and copying a
        // million-grant directory would cost more than the change itself.
        try change.apply(to: &directory)
        generation = GrantPolicyCache.nextGeneration()
        let updated = directory
        switch change {
        case .addGrant(let grant):
            compiled.invalidate(changed: grant, revoked: false)  // compiled on first use
        case .revokeGrant(let id, _, _, _):
            if let grant = updated.grants[id] { compiled.invalidate(changed: grant, revoked: true) } else { compiled.invalidate(revokedGrant: id) }
        case .addPrincipal(let principal):
            updatePrincipal(principal.id, at: now)
        case .setStatus(let id, _), .setCredentialState(let id, _), .unassignRole(let id, _):
            updatePrincipal(id, at: now)
        case .assignRole(let assignment):
            updatePrincipal(assignment.principalID, at: now)
            // The graph must be rebuilt when this assignment starts or ends, if that comes sooner.
            for boundary in [assignment.validFrom, assignment.validUntil].compactMap({ $0 }) where boundary > entitiesBuiltAt {
                entitiesValidUntil = min(entitiesValidUntil ?? boundary, boundary)
            }
        case .addRole, .includeRole:
            // The role hierarchy changed: every principal's ancestors may have.
            compiled.invalidate()
            entities = Self.entities(of: updated, at: now)
            entitiesValidUntil = Self.nextBoundary(of: updated, after: now)
            entitiesBuiltAt = now
        }
    }

    /// A change to one principal replaces only its entity (principals are leaves of the hierarchy)
    /// and its compiled grant list: microseconds, where rebuilding a hundred thousand principals'
    /// entities took a tenth of a second. Role membership is taken at the instant the graph was
    /// built, as for every other principal; `refresh` moves all of them forward together.
    private mutating func updatePrincipal(_ id: String, at now: Timestamp) {
        compiled.invalidate(principal: id)
        guard let principal = directory.principals[id] else { return }
        do {
            for department in principal.departments where entities.entity(CedarMapping.departmentUID(department)) == nil {
                try entities.upsertLeaf(Entity(uid: CedarMapping.departmentUID(department)))
            }
            try entities.upsertLeaf(directory.cedarEntity(of: principal, at: entitiesBuiltAt))
        } catch {
            // Not reachable with a checked directory; rebuild rather than decide on a partial graph.
            compiled.invalidate()
            entities = Self.entities(of: directory, at: now)
            entitiesValidUntil = Self.nextBoundary(of: directory, after: now)
            entitiesBuiltAt = now
        }
    }

    /// Rebuilds the entity graph when a role assignment started or ended since it was built.
    public mutating func refresh(at now: Timestamp) {
        if let until = entitiesValidUntil, now >= until {
            generation = GrantPolicyCache.nextGeneration()
            compiled.invalidate()
            entities = Self.entities(of: directory, at: now)
            entitiesValidUntil = Self.nextBoundary(of: directory, after: now)
            entitiesBuiltAt = now
        }
    }

    /// The bundle policies plus the grants not revoked.
    public var policyCount: Int { policies.count + directory.grants.values.lazy.filter { !$0.isRevoked }.count }

    /// The compiled policies of the grants `principal` holds now (not revoked; time windows are
    /// checked by the policies themselves).
    func grantPolicies(for principal: Principal) -> [Policy] {
        // Role membership as of the entity graph, so the held grants and `in Role` agree.
        compiled.policies(
            for: principal.id, generation: generation, { directory.grantsHeld(by: principal.id, at: entitiesBuiltAt) },
            granteeKind: { directory.grantKind($0) })
    }

    /// Decides a request. Unknown principals are a deny with a reason code, never an error.
    public func decide(_ request: AccessRequest) -> AccessDecision {
        guard let principal = directory.principals[request.subject.id] else {
            return Self.deny(["unknown_principal"], "`\(request.subject.id)` is not a known principal")
        }
        if let kind = request.subject.kind, kind != principal.kind {
            return Self.deny(["principal_kind_mismatch"], "`\(principal.id)` is a \(principal.kind.rawValue), not a \(kind.rawValue)")
        }
        let cedarRequest = Request(
            principal: CedarMapping.uid(principal), action: CedarMapping.actionUID(request.action), resource: request.resource.uid,
            context: request.context.cedarRecord(now: request.now))
        let requestEntities: Entities
        do {
            requestEntities = try entities.overlaying(request.resource.cedarEntities())
        } catch {
            return Self.deny(["invalid_resource"], "the resource description is inconsistent: \(error.message)")
        }
        let grantPolicies = grantPolicies(for: principal)
        let response = Authorizer.isAuthorized(cedarRequest, policies: policies, plus: grantPolicies, entities: requestEntities)
        func policy(_ id: PolicyID) -> Policy? { policies.policy(id) ?? grantPolicies.first { $0.id == id } }
        let errors = response.errors.map { AccessDecision.PolicyError(policyID: $0.policyID, message: $0.error.message) }
        if failClosed, !errors.isEmpty {
            var decision = Self.deny(["policy_error"], "a policy could not be evaluated, so PHIGuard denies (fail closed)")
            decision.errors = errors
            return decision
        }
        let grantIDs = response.reasons.compactMap(CedarMapping.grantID(ofPolicy:))
        if response.decision == .allow {
            // A matching grant makes break-glass unnecessary: report the access as granted.
            let deciding = grantIDs.isEmpty ? response.reasons : response.reasons.filter { policy($0)?.annotation("break_glass") == nil }
            var obligations: [String] = []
            for id in deciding {
                for code in policy(id)?.annotation("obligations")?.string.split(separator: ",") ?? []
                where !obligations.contains(String(code)) {
                    obligations.append(String(code))
                }
            }
            let breakGlass = grantIDs.isEmpty && deciding.contains { policy($0)?.annotation("break_glass") != nil }
            return AccessDecision(
                allowed: true, reasonCodes: [breakGlass ? "break_glass" : "grant"], policyIDs: deciding, grantIDs: grantIDs,
                obligations: obligations, explanation: nil, errors: errors, breakGlass: breakGlass)
        }
        if !response.reasons.isEmpty {
            let why = response.reasons.compactMap { policy($0)?.annotation("reason")?.string }
            var decision = Self.deny(
                ["forbidden"], "denied: " + (why.isEmpty ? "forbidden by \(response.reasons.joined(separator: ", "))" : why.joined(separator: "; ")))
            decision.policyIDs = response.reasons
            decision.errors = errors
            return decision
        }
        var decision = Self.deny(
            ["no_applicable_grant"],
            explainOutsideWindow(request, principal, cedarRequest, requestEntities) ?? explainDefaultDeny(request, principal))
        decision.errors = errors
        return decision
    }

    /// When a grant would have allowed the request but for its time window, says so, naming the
    /// grant: "expired" and "not yet started" are what an officer acts on, not a scope mismatch.
    func explainOutsideWindow(_ request: AccessRequest, _ principal: Principal, _ cedarRequest: Request, _ entities: Entities) -> String? {
        let outside = directory.grantsHeld(by: principal.id, at: entitiesBuiltAt).filter {
            !$0.isRevoked && !$0.isActive(at: request.now) && $0.actions.contains(request.action)
        }
        var compiler = GrantCompiler()
        for grant in outside.sorted(by: { $0.id < $1.id }) {
            var timeless = grant
            timeless.validFrom = Timestamp(milliseconds: 0)
            timeless.validUntil = nil
            guard let policy = try? compiler.compile(timeless, granteeKind: directory.grantKind(grant)),
                Authorizer.isAuthorized(cedarRequest, policies: policies, plus: [policy], entities: entities).reasons.contains(policy.id)
            else { continue }
            if grant.validFrom > request.now { return "grant `\(grant.id)` would allow this, but it starts only at \(grant.validFrom)" }
            if let until = grant.validUntil { return "grant `\(grant.id)` would allow this, but it expired at \(until)" }
        }
        return nil
    }

    static func deny(_ codes: [String], _ explanation: String) -> AccessDecision {
        AccessDecision(
            allowed: false, reasonCodes: codes, policyIDs: [], grantIDs: [], obligations: [], explanation: explanation, errors: [],
            breakGlass: false)
    }

    /// Why no grant applied, in words a security officer can act on.
    func explainDefaultDeny(_ request: AccessRequest, _ principal: Principal) -> String {
        let held = directory.grantsHeld(by: principal.id, at: request.now)
        let active = held.filter { $0.isActive(at: request.now) }
        let forAction = active.filter { $0.actions.contains(request.action) }
        guard !forAction.isEmpty else {
            let expired = held.filter { $0.actions.contains(request.action) && !$0.isRevoked && !$0.isActive(at: request.now) }
            if !expired.isEmpty { return "`\(principal.id)`'s grants for `\(request.action.rawValue)` are outside their time window" }
            return "`\(principal.id)` holds no active grant for `\(request.action.rawValue)`"
        }
        if let purpose = request.context.purposeOfUse, !forAction.contains(where: { $0.purposes.contains(purpose) }) {
            let allowed = Set(forAction.flatMap(\.purposes).map(\.rawValue)).sorted().joined(separator: ", ")
            return "`\(principal.id)`'s grants for `\(request.action.rawValue)` allow purposes \(allowed), not \(purpose.rawValue)"
        }
        if !request.resource.labels.isEmpty {
            return
                "no grant of `\(principal.id)` names every sensitivity label of this PHI (\(request.resource.labels.map(\.rawValue).joined(separator: ", ")))"
        }
        if request.resource.confidentiality != .normal {
            return "no grant of `\(principal.id)` reaches confidentiality \(request.resource.confidentiality.rawValue)"
        }
        return "no grant of `\(principal.id)` for `\(request.action.rawValue)` covers this patient's department or this record category"
    }
}
