/// One entity: its uid, attributes, direct parents and tags.
public struct Entity: Sendable, Equatable {
    public var uid: EntityUID
    public var attributes: Record
    public var parents: Set<EntityUID>
    public var tags: Record

    public init(uid: EntityUID, attributes: Record = [:], parents: Set<EntityUID> = [], tags: Record = [:]) {
        self.uid = uid
        self.attributes = attributes
        self.parents = parents
        self.tags = tags
    }
}

/// A problem in a set of entities.
public struct EntitiesError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// An immutable entity store with the transitive closure of the parent relation precomputed,
/// so `in` is a set lookup.
public struct Entities: Sendable {
    struct Stored: Sendable {
        var entity: Entity
        var ancestors: Set<EntityUID>
    }

    private var storage: [EntityUID: Stored]
    /// Per-request entities layered over `storage` without copying it (see `overlaying`).
    private var overlay: [EntityUID: Stored] = [:]

    public static let empty = Entities()

    private init() {
        storage = [:]
    }

    /// Builds the store. Duplicate uids and cycles in the parent relation are errors.
    public init(_ entities: [Entity]) throws(EntitiesError) {
        var byUID: [EntityUID: Entity] = [:]
        byUID.reserveCapacity(entities.count)
        for entity in entities {
            if byUID.updateValue(entity, forKey: entity.uid) != nil {
                throw EntitiesError(code: "duplicate_entity", "duplicate entity entry `\(entity.uid)`")
            }
        }
        storage = try Self.closure(of: byUID)
    }

    /// Computes every entity's ancestors by depth-first search with memoisation; a back edge is a cycle.
    private static func closure(of entities: [EntityUID: Entity]) throws(EntitiesError) -> [EntityUID: Stored] {
        var result: [EntityUID: Stored] = [:]
        result.reserveCapacity(entities.count)
        var visiting = Set<EntityUID>()
        for (uid, entity) in entities where result[uid] == nil {
            // Most entities' parents are already resolved (or are not entities): no search needed.
            if entity.parents.allSatisfy({ result[$0] != nil || entities[$0] == nil }) {
                var ancestors = entity.parents
                for parent in entity.parents {
                    if let stored = result[parent] { ancestors.formUnion(stored.ancestors) }
                }
                result[uid] = Stored(entity: entity, ancestors: ancestors)
                continue
            }
            // Iterative DFS: (uid, parents still to visit).
            var stack: [(EntityUID, [EntityUID])] = [(uid, Array(entities[uid]!.parents))]
            visiting.insert(uid)
            while let (current, pending) = stack.last {
                if let next = pending.last {
                    stack[stack.count - 1].1.removeLast()
                    if visiting.contains(next) {
                        throw EntitiesError(code: "parent_cycle", "entity hierarchy has a cycle: `\(next)` is its own ancestor")
                    }
                    if result[next] == nil, let parent = entities[next] {
                        visiting.insert(next)
                        stack.append((next, Array(parent.parents)))
                    }
                    continue
                }
                stack.removeLast()
                visiting.remove(current)
                let entity = entities[current]!
                var ancestors = entity.parents
                for parent in entity.parents {
                    if let stored = result[parent] { ancestors.formUnion(stored.ancestors) }
                }
                result[current] = Stored(entity: entity, ancestors: ancestors)
            }
        }
        return result
    }

    public var count: Int { storage.count + overlay.count }

    @inline(__always)
    private func stored(_ uid: EntityUID) -> Stored? {
        overlay.isEmpty ? storage[uid] : (overlay[uid] ?? storage[uid])
    }

    public func entity(_ uid: EntityUID) -> Entity? { stored(uid)?.entity }

    /// Every entity, in no particular order.
    public var all: [Entity] {
        storage.values.filter { overlay[$0.entity.uid] == nil }.map(\.entity) + overlay.values.map(\.entity)
    }

    /// The transitive ancestors of `uid` (empty for an entity that is not in the store).
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { stored(uid)?.ancestors ?? [] }

    /// Cedar's `in`: equal, or `ancestor` is among `uid`'s transitive ancestors.
    public func isDescendant(_ uid: EntityUID, of ancestor: EntityUID) -> Bool {
        uid == ancestor || (stored(uid)?.ancestors.contains(ancestor) ?? false)
    }

    /// Adds or replaces an entity that no other entity has as a parent (a leaf, such as a user in
    /// a directory of users, roles and groups), in time proportional to its parents rather than
    /// to the store: its ancestors are its parents and theirs. The caller guarantees it is a leaf;
    /// replacing an entity that others descend from would leave their ancestors stale.
    public mutating func upsertLeaf(_ entity: Entity) throws(EntitiesError) {
        var ancestors = entity.parents
        for parent in entity.parents { ancestors.formUnion(stored(parent)?.ancestors ?? []) }
        if ancestors.contains(entity.uid) {
            throw EntitiesError(code: "parent_cycle", "entity hierarchy has a cycle: `\(entity.uid)` is its own ancestor")
        }
        storage[entity.uid] = Stored(entity: entity, ancestors: ancestors)
    }

    /// A store with `extra` added; entities already present are kept, extra ones with the same uid are errors.
    public func adding(_ extra: [Entity]) throws(EntitiesError) -> Entities {
        try Entities(all + extra)
    }

    /// This store with a few `extra` entities layered on top, in time proportional to `extra`
    /// alone: the base is shared, not copied. An extra entity replaces a base entity with the same
    /// uid. The extra entities' ancestors are computed through both layers; base entities keep
    /// theirs. Used for per-request entities (such as the resource an application describes).
    public func overlaying(_ extra: [Entity]) throws(EntitiesError) -> Entities {
        var result = self
        var pending: [EntityUID: Entity] = [:]
        for entity in extra {
            if pending.updateValue(entity, forKey: entity.uid) != nil {
                throw EntitiesError(code: "duplicate_entity", "duplicate entity entry `\(entity.uid)`")
            }
        }
        var visiting = Set<EntityUID>()
        func resolve(_ uid: EntityUID) throws(EntitiesError) -> Set<EntityUID> {
            if let done = result.overlay[uid] { return done.ancestors }
            guard let entity = pending[uid] else { return result.storage[uid]?.ancestors ?? [] }
            guard visiting.insert(uid).inserted else {
                throw EntitiesError(code: "parent_cycle", "entity hierarchy has a cycle: `\(uid)` is its own ancestor")
            }
            var ancestors = entity.parents
            for parent in entity.parents { ancestors.formUnion(try resolve(parent)) }
            visiting.remove(uid)
            if ancestors.contains(uid) {
                throw EntitiesError(code: "parent_cycle", "entity hierarchy has a cycle: `\(uid)` is its own ancestor")
            }
            result.overlay[uid] = Stored(entity: entity, ancestors: ancestors)
            return ancestors
        }
        for uid in pending.keys { _ = try resolve(uid) }
        return result
    }
}

/// An authorization request: who, what, on which resource, in which context.
public struct Request: Sendable, Equatable {
    public var principal: EntityUID
    public var action: EntityUID
    public var resource: EntityUID
    public var context: Record

    public init(principal: EntityUID, action: EntityUID, resource: EntityUID, context: Record = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}
