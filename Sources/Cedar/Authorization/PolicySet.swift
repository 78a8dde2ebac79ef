/// A problem building a policy set or linking a template.
public struct PolicySetError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Static policies, templates and template links, with an index that finds the policies whose
/// scope can match a request without looking at the others.
public struct PolicySet: Sendable {
    /// Static policies and template links in the order they were added; removed ones leave a
    /// `nil` so that index positions stay valid.
    private var slots: [PolicyBox?] = []
    private var positions: [PolicyID: Int] = [:]
    private var removedCount = 0
    /// Templates by id, in the order they were added.
    public private(set) var templates: [Policy] = []
    private var templateIndex: [PolicyID: Int] = [:]
    private var ids: Set<PolicyID> = []
    private var index = PolicyIndex()

    public init() {}

    /// Parses policy text; policies and templates get positional ids `policy0`, `policy1`, ….
    public init(parsing text: String) throws(ParseErrors) {
        for policy in try PolicyParser.parse(text) {
            // Positional ids are unique by construction.
            try? add(policy)
        }
    }

    public init(_ policies: [Policy]) throws(PolicySetError) {
        for policy in policies { try add(policy) }
    }

    /// Static policies and template links, in the order they were added.
    public var policies: [Policy] { slots.compactMap { $0?.policy } }

    public var count: Int { slots.count - removedCount }

    public func policy(_ id: PolicyID) -> Policy? {
        positions[id].flatMap { slots[$0]?.policy } ?? template(id)
    }

    /// The policy at an index position, boxed so that handing it out costs one retain, not a copy.
    func box(at position: Int) -> PolicyBox? { slots[position] }

    /// Removes a static policy or link at once (for example a revoked grant); returns whether it existed.
    @discardableResult
    public mutating func remove(_ id: PolicyID) -> Bool {
        guard let position = positions.removeValue(forKey: id) else { return false }
        slots[position] = nil
        ids.remove(id)
        removedCount += 1
        return true
    }

    public func template(_ id: PolicyID) -> Policy? {
        templateIndex[id].map { templates[$0] }
    }

    /// Adds a static policy, or a template when its scope has slots.
    public mutating func add(_ policy: Policy) throws(PolicySetError) {
        guard ids.insert(policy.id).inserted else {
            throw PolicySetError(code: "duplicate_policy_id", "duplicate policy id `\(policy.id)`")
        }
        if policy.isTemplate {
            templateIndex[policy.id] = templates.count
            templates.append(policy)
        } else {
            index.insert(policy, at: slots.count)
            positions[policy.id] = slots.count
            slots.append(PolicyBox(policy))
        }
    }

    /// Links template `templateID` as a new policy `newID`, filling every slot.
    public mutating func link(templateID: PolicyID, newID: PolicyID, values: [SlotID: EntityUID]) throws(PolicySetError) {
        guard let template = template(templateID) else {
            throw PolicySetError(code: "unknown_template", "no template with id `\(templateID)`")
        }
        let slots = Set(template.slots)
        let missing = slots.subtracting(values.keys)
        guard missing.isEmpty else {
            let names = missing.map(\.rawValue).sorted().joined(separator: ", ")
            throw PolicySetError(code: "missing_slot_value", "template `\(templateID)` needs a value for \(names)")
        }
        let extra = Set(values.keys).subtracting(slots)
        guard extra.isEmpty else {
            let names = extra.map(\.rawValue).sorted().joined(separator: ", ")
            throw PolicySetError(code: "unexpected_slot_value", "template `\(templateID)` has no slot \(names)")
        }
        var linked = template
        linked.id = newID
        linked.templateID = templateID
        if let uid = values[.principal] { linked.principal = linked.principal.filling(.principal, with: uid) }
        if let uid = values[.resource] { linked.resource = linked.resource.filling(.resource, with: uid) }
        try add(linked)
    }

    /// Indices into `policies` whose scope may match `request`, in ascending order. Policies not
    /// returned cannot match, so evaluating only these gives the same answer as evaluating all.
    func candidates(for request: Request, entities: Entities) -> [Int] {
        index.candidates(for: request, entities: entities)
    }
}

/// A policy held by reference in the set, so evaluating it never copies its fields.
final class PolicyBox: Sendable {
    let policy: Policy

    init(_ policy: Policy) {
        self.policy = policy
    }
}

/// Buckets policies by the most selective part of their scope. Each policy sits under the
/// keys that a matching request must produce, so lookup never misses a policy that could match.
struct PolicyIndex: Sendable {
    enum Key: Hashable, Sendable {
        case principalEquals(EntityUID)
        case principalIn(EntityUID)
        case principalType(EntityType)
        case resourceEquals(EntityUID)
        case resourceIn(EntityUID)
        case resourceType(EntityType)
        case actionEquals(EntityUID)
        case actionIn(EntityUID)
    }

    private var buckets: [Key: [Int]] = [:]
    private var hasPrincipalType = false
    private var hasResourceType = false

    mutating func insert(_ policy: Policy, at position: Int) {
        for key in keys(for: policy) {
            buckets[key, default: []].append(position)
        }
    }

    private mutating func keys(for policy: Policy) -> [Key] {
        switch policy.principal {
        case .equals(.entity(let uid)): return [.principalEquals(uid)]
        case .memberOf(.entity(let uid)), .isTypeMemberOf(_, .entity(let uid)): return [.principalIn(uid)]
        default: break
        }
        switch policy.resource {
        case .equals(.entity(let uid)): return [.resourceEquals(uid)]
        case .memberOf(.entity(let uid)), .isTypeMemberOf(_, .entity(let uid)): return [.resourceIn(uid)]
        default: break
        }
        switch policy.action {
        case .equals(let uid): return [.actionEquals(uid)]
        case .memberOf(let uid): return [.actionIn(uid)]
        case .memberOfAny(let uids) where !uids.isEmpty: return Array(Set(uids)).map(Key.actionIn)
        case .memberOfAny: return []  // `action in []` matches nothing
        case .any: break
        }
        if case .isType(let type) = policy.principal {
            hasPrincipalType = true
            return [.principalType(type)]
        }
        if case .isType(let type) = policy.resource {
            hasResourceType = true
            return [.resourceType(type)]
        }
        return [.unconstrainedMarker]
    }

    func candidates(for request: Request, entities: Entities) -> [Int] {
        var result: [Int] = buckets[.unconstrainedMarker] ?? []
        func collect(_ key: Key) {
            if let bucket = buckets[key] { result.append(contentsOf: bucket) }
        }
        collect(.principalEquals(request.principal))
        collect(.principalIn(request.principal))
        for ancestor in entities.ancestors(of: request.principal) { collect(.principalIn(ancestor)) }
        collect(.resourceEquals(request.resource))
        collect(.resourceIn(request.resource))
        for ancestor in entities.ancestors(of: request.resource) { collect(.resourceIn(ancestor)) }
        collect(.actionEquals(request.action))
        collect(.actionIn(request.action))
        for ancestor in entities.ancestors(of: request.action) { collect(.actionIn(ancestor)) }
        if hasPrincipalType { collect(.principalType(request.principal.type)) }
        if hasResourceType { collect(.resourceType(request.resource.type)) }
        result.sort()
        // A policy `in` several listed actions may be found more than once.
        var unique: [Int] = []
        unique.reserveCapacity(result.count)
        for position in result where unique.last != position { unique.append(position) }
        return unique
    }
}

extension PolicyIndex.Key {
    /// Policies with no indexable constraint (checked against every request).
    static let unconstrainedMarker = PolicyIndex.Key.principalType(EntityType("__cedar::unconstrained"))
}
