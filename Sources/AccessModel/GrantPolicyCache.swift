import Cedar
import Synchronization

/// Compiled grant policies, by grant and by principal, shared by every copy of an engine and safe
/// to use from many threads. A compiled grant depends only on the grant's own content, which never
/// changes (revocation removes it), so compiled grants survive directory changes; the per-principal
/// lists are dropped on every change and whenever the entity graph is rebuilt.
final class GrantPolicyCache: Sendable {
    private struct State {
        var byGrant: [String: Policy] = [:]
        var byPrincipal: [String: [Policy]] = [:]
        var compiler = GrantCompiler()
    }

    private let state = Mutex(State())

    /// The compiled policies of `grants`, cached under `principalID`.
    func policies(for principalID: String, _ grants: () -> [Grant], granteeKind: (Grant) -> Principal.Kind?) -> [Policy] {
        if let cached = state.withLock({ $0.byPrincipal[principalID] }) { return cached }
        let held = grants()
        return state.withLock { state in
            var list: [Policy] = []
            list.reserveCapacity(held.count)
            for grant in held where !grant.isRevoked {
                if let policy = state.byGrant[grant.id] {
                    list.append(policy)
                } else if let policy = try? state.compiler.compile(grant, granteeKind: granteeKind(grant)) {
                    state.byGrant[grant.id] = policy
                    list.append(policy)
                }
            }
            state.byPrincipal[principalID] = list
            return list
        }
    }

    /// Forgets every principal's list (after any directory change), and a revoked grant's policy.
    func invalidate(revokedGrant: String? = nil) {
        state.withLock { state in
            state.byPrincipal.removeAll(keepingCapacity: true)
            if let revokedGrant { state.byGrant.removeValue(forKey: revokedGrant) }
        }
    }

    /// After a change to one principal (status, credentials, role assignments): only its list.
    func invalidate(principal principalID: String) {
        _ = state.withLock { $0.byPrincipal.removeValue(forKey: principalID) }
    }

    /// After a grant is added or revoked: a grant held by one principal changes only that
    /// principal's list, so only it is dropped (dropping a hundred thousand lists would hold the
    /// lock for most of a second); a role's grant reaches many principals, so all are dropped.
    func invalidate(changed grant: Grant, revoked: Bool) {
        guard case .principal(let principalID) = grant.grantee else { return invalidate(revokedGrant: revoked ? grant.id : nil) }
        state.withLock { state in
            state.byPrincipal.removeValue(forKey: principalID)
            if revoked { state.byGrant.removeValue(forKey: grant.id) }
        }
    }
}
