import AccessModel
import Cedar
import HTTPTypes
import Hummingbird
import Store

/// `POST /access/v1/evaluation` and `POST /access/v1/evaluations`.
struct AuthZENRoutes {
    let point: DecisionPoint
    let limits: RequestLimits

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("evaluation") { request, _ in try await evaluation(request) }
        group.post("evaluations") { request, _ in try await evaluations(request) }
    }

    func evaluation(_ request: Request) async throws -> Response {
        let body = try await JSONBody.object(request, limits: limits)
        try await awaitConsistency(request)
        let accessRequest = try AuthZENRequest.accessRequest(body, now: .now)
        let decided = try await point.decide([accessRequest])
        return answer(
            AuthZENRequest.decision(
                decided.decisions[0], auditRecord: decided.records[0].seq, revision: decided.revision, policySet: point.live.fingerprint),
            revision: decided.revision)
    }

    /// A client that made a directory change passes the revision it got back in
    /// `PHIGuard-Min-Revision`; the request is decided on that revision or a later one.
    func awaitConsistency(_ request: Request) async throws {
        guard let text = request.headers[.phiguardMinRevision] else { return }
        guard let wanted = Int64(text), wanted >= 0 else {
            throw APIError.badRequest(
                "invalid_header", "`PHIGuard-Min-Revision` must be a non-negative integer (a revision an admin change returned)")
        }
        try await point.awaitRevision(wanted)
    }

    func answer(_ body: JSON, revision: Int64) -> Response {
        var response = Response.json(body)
        response.headers[.phiguardRevision] = String(revision)
        return response
    }

    enum Semantic: String, CaseIterable {
        case executeAll = "execute_all"
        case denyOnFirstDeny = "deny_on_first_deny"
        case permitOnFirstPermit = "permit_on_first_permit"
    }

    func evaluations(_ request: Request) async throws -> Response {
        let body = try await JSONBody.object(request, limits: limits)
        let semantic = try parseCode(
            try body.object("options")?.string("evaluations_semantic", in: "options.") ?? "execute_all", Semantic.self,
            field: "options.evaluations_semantic")
        guard let value = body["evaluations"], value != .null else {
            // Without `evaluations` the request is a single evaluation (AuthZEN 1.0 §7.1).
            let single = try await evaluation(AuthZENRequest.accessRequest(body, now: .now))
            return .json(.object(JSONObject([("evaluations", .array([single]))])))
        }
        guard case .array(let items) = value else { throw APIError.badRequest("invalid_field", "`evaluations` must be an array") }
        guard items.count <= limits.maximumBatch else {
            throw APIError.badRequest("batch_too_large", "`evaluations` has \(items.count) items; the limit is \(limits.maximumBatch)")
        }
        let now = Timestamp.now
        let defaults = AuthZENRequest.Defaults(body)
        // Parse every item; an item that fails is a closed decision with its error, not a failed batch.
        var parsed: [Result<AccessRequest, APIError>] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else {
                parsed.append(.failure(.badRequest("invalid_field", "`evaluations[\(index)]` must be an object")))
                continue
            }
            do throws(APIError) {
                parsed.append(.success(try AuthZENRequest.accessRequest(object, defaults: defaults, now: now)))
            } catch {
                parsed.append(.failure(error))
            }
        }
        // Decide in order, stopping where the semantic says; only decided items are audited.
        try await awaitConsistency(request)
        let requests = parsed.compactMap { try? $0.get() }
        var cut = parsed.count
        let decided = try await point.decide(requests) { decisions in
            cut = parsed.count
            var position = 0
            for (index, item) in parsed.enumerated() {
                let allowed: Bool
                if case .success = item {
                    allowed = decisions[position].allowed
                    position += 1
                } else {
                    allowed = false
                }
                if (semantic == .denyOnFirstDeny && !allowed) || (semantic == .permitOnFirstPermit && allowed) {
                    cut = index + 1
                    break
                }
            }
            return parsed.prefix(cut).filter { (try? $0.get()) != nil }.count
        }
        var out: [JSON] = []
        var next = 0
        let policySet = point.live.fingerprint
        for item in parsed.prefix(cut) {
            switch item {
            case .success:
                out.append(
                    AuthZENRequest.decision(
                        decided.decisions[next], auditRecord: decided.records[next].seq, revision: decided.revision, policySet: policySet))
                next += 1
            case .failure(let error):
                out.append(AuthZENRequest.failedItem(error))
            }
        }
        return answer(.object(JSONObject([("evaluations", .array(out))])), revision: decided.revision)
    }

    private func evaluation(_ request: AccessRequest) async throws -> JSON {
        let decided = try await point.decide([request])
        return AuthZENRequest.decision(
            decided.decisions[0], auditRecord: decided.records[0].seq, revision: decided.revision, policySet: point.live.fingerprint)
    }
}

extension HTTPField.Name {
    /// A consistency token: decide on this directory revision or a later one.
    static let phiguardMinRevision = HTTPField.Name("PHIGuard-Min-Revision")!
    /// The directory revision an answer was decided on, or an admin change created.
    static let phiguardRevision = HTTPField.Name("PHIGuard-Revision")!
}
