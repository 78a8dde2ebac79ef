/// One administrative change to the directory, as data: applied to the in-memory model, persisted
/// by the store, and written to the audit log with its description (which never holds PHI).
public enum DirectoryChange: Sendable, Hashable, Codable {
    case addPrincipal(Principal)
    case setStatus(principalID: String, status: Principal.Status)
    case setCredentialState(principalID: String, state: Principal.CredentialState)
    case addRole(Role)
    case includeRole(roleID: String, includedID: String)
    case assignRole(RoleAssignment)
    case unassignRole(principalID: String, roleID: String)
    case addGrant(Grant)
    case revokeGrant(grantID: String, by: String, at: Timestamp, reason: String)

    /// Applies the change, enforcing every rule of the model.
    public func apply(to directory: inout AccessDirectory) throws(AccessModelError) {
        switch self {
        case .addPrincipal(let principal): try directory.addPrincipal(principal)
        case .setStatus(let id, let status): try directory.setStatus(id, status)
        case .setCredentialState(let id, let state): try directory.setCredentialState(id, state)
        case .addRole(let role): try directory.addRole(role)
        case .includeRole(let roleID, let includedID): try directory.include(includedID, in: roleID)
        case .assignRole(let assignment): try directory.assign(assignment)
        case .unassignRole(let principalID, let roleID): try directory.unassign(principalID: principalID, roleID: roleID)
        case .addGrant(let grant): try directory.addGrant(grant)
        case .revokeGrant(let id, let actor, let time, let reason): try directory.revokeGrant(id, by: actor, at: time, reason: reason)
        }
    }

    /// The audit action name of the change.
    public var action: String {
        switch self {
        case .addPrincipal: "principal.add"
        case .setStatus(_, let status): "principal.\(status == .active ? "reactivate" : status == .suspended ? "suspend" : "terminate")"
        case .setCredentialState: "principal.credential-state"
        case .addRole: "role.add"
        case .includeRole: "role.include"
        case .assignRole: "role.assign"
        case .unassignRole: "role.unassign"
        case .addGrant: "grant.add"
        case .revokeGrant: "grant.revoke"
        }
    }

    /// The kind of record the change writes, as the change feed names it.
    public var entity: String {
        switch self {
        case .addPrincipal, .setStatus, .setCredentialState: "principal"
        case .addRole, .includeRole: "role"
        case .assignRole, .unassignRole: "assignment"
        case .addGrant, .revokeGrant: "grant"
        }
    }

    /// The id of the record the change is about.
    public var target: String {
        switch self {
        case .addPrincipal(let principal): principal.id
        case .setStatus(let id, _), .setCredentialState(let id, _): id
        case .addRole(let role): role.id
        case .includeRole(let roleID, let includedID): "\(roleID)>\(includedID)"
        case .assignRole(let assignment): "\(assignment.principalID)>\(assignment.roleID)"
        case .unassignRole(let principalID, let roleID): "\(principalID)>\(roleID)"
        case .addGrant(let grant): grant.id
        case .revokeGrant(let id, _, _, _): id
        }
    }
}
