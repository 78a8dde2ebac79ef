import Cedar
import Synchronization

/// Compiled grant policies, by grant and by principal, shared by every copy of an engine and safe
/// to use from many threads. A compiled grant depends only on the grant's own content, which never
/// changes (revocation removes it), so compiled grants survive directory changes. A principal's
/// list depends on the directory state it was built from, so it is stored with that state's
/// generation and served only to an engine at the same generation: an engine copy built for one
/// directory state never receives a list built from another, whatever the order of their calls.
final class GrantPolicyCache: Sendable {
    private struct State {
        var byGrant: [String: Policy] = [:]
        var byPrincipal: [String: (generation: UInt64, policies: [Policy])] = [:]
        var compiler = GrantCompiler()
    }

    private let state = Mutex(State())
    /// Generations are unique across every engine in the process, so two copies changed apart
    /// never share one.
    private static let generations = Atomic<UInt64>(0)

    /// A generation no directory state has had before.
    static func nextGeneration() -> UInt64 { generations.add(1, ordering: .relaxed).newValue }

    /// The compiled policies of `grants`, cached under `principalID` for directory state `generation`.
    func policies(for principalID: String, generation: UInt64, _ grants: () -> [Grant], granteeKind: (Grant) -> Principal.Kind?) -> [Policy] {
        if let cached = state.withLock({ $0.byPrincipal[principalID] }), cached.generation == generation { return cached.policies }
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
            // A newer state's list is never replaced by an older one's.
            if (state.byPrincipal[principalID]?.generation ?? 0) <= generation { state.byPrincipal[principalID] = (generation, list) }
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
