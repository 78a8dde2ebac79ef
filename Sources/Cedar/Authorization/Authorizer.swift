/// The outcome of an authorization request.
public enum Decision: String, Sendable, Hashable {
    case allow, deny
}

/// A policy that errored while being evaluated; it was skipped.
public struct PolicyEvaluationError: Sendable, Hashable {
    public let policyID: PolicyID
    public let error: EvaluationError
}

/// A decision with its diagnostics: the determining policies and the policies that errored.
public struct Response: Sendable, Hashable {
    public let decision: Decision
    /// Satisfied permits when allowed; satisfied forbids when denied by a forbid; empty on default deny.
    public let reasons: [PolicyID]
    public let errors: [PolicyEvaluationError]
}

/// Cedar's authorization algorithm: forbid overrides permit, default deny, and a policy whose
/// evaluation errors is skipped (neither satisfied nor unsatisfied) and reported.
public enum Authorizer {
    public static func isAuthorized(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        isAuthorized(request, policies: policies, plus: [], entities: entities)
    }

    /// Decides over an indexed policy set plus `extra` policies the caller already selected for
    /// this request (for example the grants its principal holds, found through another index).
    /// `extra` policies are evaluated after the set's candidates; every policy id must be unique.
    public static func isAuthorized(_ request: Request, policies: PolicySet, plus extra: [Policy], entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        let candidates = policies.candidates(for: request, entities: entities)
        var permits: [PolicyID] = []
        var forbids: [PolicyID] = []
        var errors: [PolicyEvaluationError] = []
        for position in candidates {
            guard let box = policies.box(at: position) else { continue }
            evaluate(box.policy, evaluator, &permits, &forbids, &errors)
        }
        for policy in extra { evaluate(policy, evaluator, &permits, &forbids, &errors) }
        return combine(permits, forbids, errors)
    }

    /// The same algorithm over every policy, with no index; used to check the index.
    public static func isAuthorizedWithoutIndex(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        decide(policies.policies, Evaluator(request: request, entities: entities))
    }

    private static func decide(_ policies: some Sequence<Policy>, _ evaluator: Evaluator) -> Response {
        var permits: [PolicyID] = []
        var forbids: [PolicyID] = []
        var errors: [PolicyEvaluationError] = []
        for policy in policies { evaluate(policy, evaluator, &permits, &forbids, &errors) }
        return combine(permits, forbids, errors)
    }

    @inline(__always)
    private static func evaluate(
        _ policy: borrowing Policy, _ evaluator: Evaluator, _ permits: inout [PolicyID], _ forbids: inout [PolicyID],
        _ errors: inout [PolicyEvaluationError]
    ) {
        do {
            if try evaluator.isSatisfied(policy) {
                if policy.effect == .permit { permits.append(policy.id) } else { forbids.append(policy.id) }
            }
        } catch {
            errors.append(PolicyEvaluationError(policyID: policy.id, error: error))
        }
    }

    private static func combine(_ permits: [PolicyID], _ forbids: [PolicyID], _ errors: [PolicyEvaluationError]) -> Response {
        if !forbids.isEmpty { return Response(decision: .deny, reasons: forbids, errors: errors) }
        if !permits.isEmpty { return Response(decision: .allow, reasons: permits, errors: errors) }
        return Response(decision: .deny, reasons: [], errors: errors)
    }
}
