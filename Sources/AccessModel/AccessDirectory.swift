/// Principals, roles, role assignments and grants, with every change checked against the
/// model's rules. Pure: the store persists it and the decision core reads snapshots of it.
public struct AccessDirectory: Sendable {
    public private(set) var principals: [String: Principal] = [:]
    public private(set) var roles: [String: Role] = [:]
    /// Assignments by principal id.
    public private(set) var assignments: [String: [RoleAssignment]] = [:]
    public private(set) var grants = GrantTable()
    /// Grant positions in `grants` by grantee, so "what does this principal hold" never scans every grant.
    private var grantsByGrantee: [Grantee: [Int]] = [:]

    public init() {}

    // MARK: Loading stored records

    /// Inserts records read back from the store, which were checked when they were first stored.
    public mutating func load(principal: Principal) { principals[principal.id] = principal }
    public mutating func load(role: Role) { roles[role.id] = role }
    public mutating func load(assignment: RoleAssignment) { assignments[assignment.principalID, default: []].append(assignment) }
    public mutating func load(grant: Grant) {
        let (position, inserted) = grants.upsert(grant)
        if inserted { grantsByGrantee[grant.grantee, default: []].append(position) }
    }

    /// Loads many grants read back from the store, each list in one bulk copy.
    public mutating func load(grants lists: [[Grant]]) {
        // Headroom past what is loaded: the first grant added to a running service must not grow
        // (copy) a million-element table while decisions wait on the write lock (156 ms measured).
        let loaded = grants.count + lists.reduce(0) { $0 + $1.count }
        grants.reserveCapacity(loaded + max(1_024, loaded / 16))
        grantsByGrantee.reserveCapacity(principals.count + roles.count)  // the most grantees there can be
        for list in lists {
            for position in grants.upsert(contentsOf: list) {
                grantsByGrantee[grants[position: position].grantee, default: []].append(position)
            }
        }
    }

    // MARK: Principals

    public mutating func addPrincipal(_ principal: Principal) throws(AccessModelError) {
        try IdentifierHygiene.check(principal.id, what: "principal id")
        for department in principal.departments { try IdentifierHygiene.check(department, what: "department id") }
        guard principals[principal.id] == nil else {
            throw AccessModelError(.duplicateID, "a principal with id `\(principal.id)` already exists")
        }
        guard roles[principal.id] == nil else {
            throw AccessModelError(.duplicateID, "`\(principal.id)` is already a role id")
        }
        principals[principal.id] = principal
    }

    public func principal(_ id: String) throws(AccessModelError) -> Principal {
        guard let principal = principals[id] else { throw AccessModelError(.notFound, "no principal with id `\(id)`") }
        return principal
    }

    /// Suspends, reactivates or terminates a principal. Termination is final (164.308(a)(3)(ii)(C)).
    public mutating func setStatus(_ id: String, _ status: Principal.Status) throws(AccessModelError) {
        var principal = try self.principal(id)
        if principal.status == .terminated, status != .terminated {
            throw AccessModelError(.invalidState, "principal `\(id)` is terminated; create a new principal instead of reactivating it")
        }
        principal.status = status
        principals[id] = principal
    }

    public mutating func setCredentialState(_ id: String, _ state: Principal.CredentialState) throws(AccessModelError) {
        var principal = try self.principal(id)
        principal.credentialState = state
        principals[id] = principal
    }

    public mutating func recordActivity(_ id: String, at time: Timestamp) {
        principals[id]?.lastActiveAt = time
    }

    /// Sets each principal's last activity from `activity` (for example the audit log's).
    public mutating func recordActivity(_ activity: [String: Timestamp]) {
        for (id, time) in activity { principals[id]?.lastActiveAt = time }
    }

    // MARK: Roles

    public mutating func addRole(_ role: Role) throws(AccessModelError) {
        try IdentifierHygiene.check(role.id, what: "role id")
        guard roles[role.id] == nil, principals[role.id] == nil else {
            throw AccessModelError(.duplicateID, "a role or principal with id `\(role.id)` already exists")
        }
        for included in role.includes where roles[included] == nil {
            throw AccessModelError(.notFound, "role `\(role.id)` includes unknown role `\(included)`")
        }
        roles[role.id] = role
    }

    /// Makes `roleID` include `includedID`: members of `roleID` also hold `includedID`'s grants.
    public mutating func include(_ includedID: String, in roleID: String) throws(AccessModelError) {
        guard var role = roles[roleID] else { throw AccessModelError(.notFound, "no role with id `\(roleID)`") }
        guard roles[includedID] != nil else { throw AccessModelError(.notFound, "no role with id `\(includedID)`") }
        if includedID == roleID || roleClosure(of: includedID).contains(roleID) {
            throw AccessModelError(.roleCycle, "role `\(roleID)` cannot include `\(includedID)`: `\(includedID)` already includes `\(roleID)`")
        }
        if !role.includes.contains(includedID) { role.includes.append(includedID) }
        roles[roleID] = role
    }

    /// `roleID` and every role it includes, transitively.
    public func roleClosure(of roleID: String) -> Set<String> {
        var seen: Set<String> = [roleID]
        var pending = roles[roleID]?.includes ?? []
        while let next = pending.popLast() {
            if seen.insert(next).inserted { pending.append(contentsOf: roles[next]?.includes ?? []) }
        }
        return seen
    }

    public mutating func assign(_ assignment: RoleAssignment) throws(AccessModelError) {
        let principal = try principal(assignment.principalID)
        // Termination is final: nothing new reaches a terminated principal. A suspended one may
        // be given roles, which take effect on reactivation.
        guard principal.status != .terminated else {
            throw AccessModelError(.invalidState, "principal `\(principal.id)` is terminated; it cannot be assigned roles")
        }
        guard roles[assignment.roleID] != nil else { throw AccessModelError(.notFound, "no role with id `\(assignment.roleID)`") }
        if let from = assignment.validFrom, let until = assignment.validUntil, until <= from {
            throw AccessModelError(.invalidTimeWindow, "the assignment ends (\(until)) before or when it starts (\(from))")
        }
        var list = assignments[assignment.principalID] ?? []
        list.removeAll { $0.roleID == assignment.roleID }
        list.append(assignment)
        assignments[assignment.principalID] = list
    }

    public mutating func unassign(principalID: String, roleID: String) throws(AccessModelError) {
        guard var list = assignments[principalID], list.contains(where: { $0.roleID == roleID }) else {
            throw AccessModelError(.notFound, "principal `\(principalID)` is not assigned role `\(roleID)`")
        }
        list.removeAll { $0.roleID == roleID }
        assignments[principalID] = list.isEmpty ? nil : list
    }

    /// Whether `principalID` is assigned `roleID` or a role that includes it, at any time (an
    /// assignment that starts later still makes the approval self-serving).
    func holdsRole(_ principalID: String, _ roleID: String) -> Bool {
        (assignments[principalID] ?? []).contains { roleClosure(of: $0.roleID).contains(roleID) }
    }

    /// The roles a principal holds at `now` (directly, not through inclusion).
    public func activeRoles(of principalID: String, at now: Timestamp) -> [String] {
        (assignments[principalID] ?? []).filter { $0.isActive(at: now) }.map(\.roleID)
    }

    // MARK: Grants

    public mutating func addGrant(_ grant: Grant) throws(AccessModelError) {
        try grant.check()
        guard grants[grant.id] == nil else { throw AccessModelError(.duplicateID, "a grant with id `\(grant.id)` already exists") }
        switch grant.grantee {
        case .principal(let id):
            guard try principal(id).status != .terminated else {
                throw AccessModelError(.invalidState, "principal `\(id)` is terminated; it cannot receive grants")
            }
        case .role(let id):
            guard roles[id] != nil else { throw AccessModelError(.notFound, "no role with id `\(id)`") }
            // Separation of duties: an approver who holds the role (directly or through a role
            // that includes it) would approve their own access.
            if holdsRole(grant.approver, id) {
                throw AccessModelError(
                    .selfApproval, "grant `\(grant.id)`: `\(grant.approver)` holds role `\(id)` and cannot approve a grant to it")
            }
        }
        for department in grant.scope.departments { try IdentifierHygiene.check(department, what: "department id") }
        if let patient = grant.scope.patient { try IdentifierHygiene.check(patient, what: "patient id") }
        load(grant: grant)
    }

    /// The grants a principal holds at `now`, directly or through its roles (and the roles they include).
    public func grantsHeld(by principalID: String, at now: Timestamp) -> [Grant] {
        let roles = Set(activeRoles(of: principalID, at: now).flatMap { roleClosure(of: $0) })
        let positions = (grantsByGrantee[.principal(principalID)] ?? []) + roles.flatMap { grantsByGrantee[.role($0)] ?? [] }
        return positions.map { grants[position: $0] }
    }

    public func grant(_ id: String) throws(AccessModelError) -> Grant {
        guard let grant = grants[id] else { throw AccessModelError(.notFound, "no grant with id `\(id)`") }
        return grant
    }

    /// Revokes a grant at once; revoking twice is an error, so the first revocation stays on record.
    public mutating func revokeGrant(_ id: String, by actor: String, at time: Timestamp, reason: String) throws(AccessModelError) {
        var grant = try self.grant(id)
        guard grant.revokedAt == nil else {
            throw AccessModelError(.alreadyRevoked, "grant `\(id)` was already revoked at \(grant.revokedAt!) by \(grant.revokedBy ?? "?")")
        }
        grant.revokedAt = time
        grant.revokedBy = actor
        grant.revocationReason = reason
        grants.upsert(grant)
    }
}
