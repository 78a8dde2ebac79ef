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
        for uid in entities.keys where result[uid] == nil {
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

    public var count: Int { storage.count }

    public func entity(_ uid: EntityUID) -> Entity? { storage[uid]?.entity }

    /// Every entity, in no particular order.
    public var all: some Collection<Entity> { storage.values.lazy.map(\.entity) }

    /// The transitive ancestors of `uid` (empty for an entity that is not in the store).
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { storage[uid]?.ancestors ?? [] }

    /// Cedar's `in`: equal, or `ancestor` is among `uid`'s transitive ancestors.
    public func isDescendant(_ uid: EntityUID, of ancestor: EntityUID) -> Bool {
        uid == ancestor || (storage[uid]?.ancestors.contains(ancestor) ?? false)
    }

    /// A store with `extra` added; entities already present are kept, extra ones with the same uid are errors.
    public func adding(_ extra: [Entity]) throws(EntitiesError) -> Entities {
        try Entities(storage.values.map(\.entity) + extra)
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
