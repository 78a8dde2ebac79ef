/// A policy's identifier. The parser assigns `policy0`, `policy1`, … in source order, as the
/// reference engine does; links get the id the caller chooses.
public typealias PolicyID = String

public enum Effect: String, Sendable, Hashable {
    case permit, forbid
}

/// A template slot.
public enum SlotID: String, Sendable, Hashable, CaseIterable {
    case principal = "?principal"
    case resource = "?resource"
}

/// The right-hand side of a principal or resource constraint: an entity, or a template slot.
public enum EntityReference: Sendable, Hashable {
    case entity(EntityUID)
    case slot(SlotID)
}

/// A principal or resource scope constraint.
public enum ScopeConstraint: Sendable, Hashable {
    case any
    case equals(EntityReference)
    case memberOf(EntityReference)
    case isType(EntityType)
    case isTypeMemberOf(EntityType, EntityReference)

    var slot: SlotID? {
        switch self {
        case .equals(.slot(let s)), .memberOf(.slot(let s)), .isTypeMemberOf(_, .slot(let s)): s
        default: nil
        }
    }

    /// The constraint with its slot replaced by `uid` (unchanged when it has no slot).
    func filling(_ slot: SlotID, with uid: EntityUID) -> ScopeConstraint {
        switch self {
        case .equals(.slot(slot)): .equals(.entity(uid))
        case .memberOf(.slot(slot)): .memberOf(.entity(uid))
        case .isTypeMemberOf(let type, .slot(slot)): .isTypeMemberOf(type, .entity(uid))
        default: self
        }
    }
}

/// The action scope constraint.
public enum ActionConstraint: Sendable, Hashable {
    case any
    case equals(EntityUID)
    case memberOf(EntityUID)
    case memberOfAny([EntityUID])
}

public struct Condition: Sendable, Equatable {
    public enum Kind: String, Sendable { case when, unless }
    public var kind: Kind
    public var body: Expr

    public init(kind: Kind, body: Expr) {
        self.kind = kind
        self.body = body
    }
}

/// A parsed policy or template. A template has at least one slot in its scope and never applies
/// until it is linked.
public struct Policy: Sendable, Equatable {
    public var id: PolicyID
    public var effect: Effect
    public var principal: ScopeConstraint
    public var action: ActionConstraint
    public var resource: ScopeConstraint
    public var conditions: [Condition]
    /// Annotations in source order (`@id("x")` is `("id", "x")`; a bare `@key` has value "").
    public var annotations: [(key: String, value: CedarString)]
    public var location: SourceLocation?
    /// For a template link, the template it was made from.
    public var templateID: PolicyID?

    public init(
        id: PolicyID, effect: Effect, principal: ScopeConstraint = .any, action: ActionConstraint = .any,
        resource: ScopeConstraint = .any, conditions: [Condition] = [], annotations: [(key: String, value: CedarString)] = [],
        location: SourceLocation? = nil, templateID: PolicyID? = nil
    ) {
        self.id = id
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
        self.annotations = annotations
        self.location = location
        self.templateID = templateID
    }

    /// The slots this policy's scope uses; non-empty means it is a template.
    public var slots: [SlotID] {
        [principal.slot, resource.slot].compactMap { $0 }
    }

    public var isTemplate: Bool { !slots.isEmpty }

    /// The value of annotation `key`, if present.
    public func annotation(_ key: String) -> CedarString? {
        annotations.first { $0.key == key }?.value
    }

    public static func == (lhs: Policy, rhs: Policy) -> Bool {
        lhs.id == rhs.id && lhs.effect == rhs.effect && lhs.principal == rhs.principal && lhs.action == rhs.action
            && lhs.resource == rhs.resource && lhs.conditions == rhs.conditions && lhs.templateID == rhs.templateID
            && lhs.annotations.map(\.key) == rhs.annotations.map(\.key) && lhs.annotations.map(\.value) == rhs.annotations.map(\.value)
    }
}
