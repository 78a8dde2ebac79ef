import AccessModel
import Cedar
import Foundation
import Hummingbird
import Store

/// AuthZEN search: `POST /access/v1/search/subject`, `/search/resource` and `/search/action`,
/// answered from the directory and checked with the decision engine, with opaque page tokens.
///
/// Searches report standing access (grants); break-the-glass is an emergency path, not access a
/// principal holds, so it is left out. Each search writes one audit record naming its kind and
/// result count.
struct SearchRoutes {
    let point: DecisionPoint
    let limits: RequestLimits

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("search/subject") { request, context in try await subjects(request, context) }
        group.post("search/resource") { request, context in try await resources(request, context) }
        group.post("search/action") { request, context in try await actions(request, context) }
    }

    /// Who may perform `action` on `resource`: principals whose grants could reach it, each
    /// confirmed by a decision.
    func subjects(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await JSONBody.object(request, limits: limits)
        let subject = try body.object("subject") ?? JSONObject()
        let kindText = try subject.string("type", in: "subject.")
        let kind = try kindText.map { (text: String) throws(APIError) -> Principal.Kind in
            try AuthZENRequest.subject(JSONObject([("type", .string(text)), ("id", .string("-"))])).kind!
        }
        guard let actionObject = try body.object("action") else { throw APIError.badRequest("missing_field", "`action` is required") }
        guard let resourceObject = try body.object("resource") else { throw APIError.badRequest("missing_field", "`resource` is required") }
        let action = try AuthZENRequest.action(actionObject)
        let resource = try AuthZENRequest.resource(resourceObject)
        let requestContext = try AuthZENRequest.context(try body.object("context"))
        let now = Timestamp.now
        let candidates = point.withDirectory { directory -> [String] in
            let granting = directory.grants.values.filter { $0.isActive(at: now) && $0.actions.contains(action) }
            var direct = Set<String>()
            var roles = Set<String>()
            for grant in granting {
                switch grant.grantee {
                case .principal(let id): direct.insert(id)
                case .role(let id): roles.insert(id)
                }
            }
            var result = direct
            if !roles.isEmpty {
                for (principalID, _) in directory.assignments where !result.contains(principalID) {
                    let held = directory.activeRoles(of: principalID, at: now).flatMap { directory.roleClosure(of: $0) }
                    if held.contains(where: roles.contains) { result.insert(principalID) }
                }
            }
            return result.filter { id in kind.map { directory.principals[id]?.kind == $0 } ?? true }.sorted()
        }
        let requests = candidates.map {
            AccessRequest(subject: SubjectReference(id: $0), action: action, resource: resource, context: requestContext, now: now)
        }
        try await point.ensureFresh()
        let (decisions, revision) = point.evaluate(requests)
        let allowed = zip(candidates, decisions).filter { $0.1.allowed && !$0.1.breakGlass }
        let results = point.withDirectory { directory in
            allowed.map { id, decision in
                JSON.object(
                    JSONObject([
                        ("type", .string(directory.principals[id]?.kind.rawValue ?? "user")), ("id", .string(id)),
                        ("properties", .object(JSONObject([("grants", .array(decision.grantIDs.map(JSON.string)))]))),
                    ]))
            }
        }
        return try await page(results, body: body, kind: "subject", context: context, revision: revision)
    }

    /// What a subject may reach with `action`: the scopes of its active grants (patients,
    /// departments), confirmed against the principal's standing (status, credentials).
    func resources(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await JSONBody.object(request, limits: limits)
        guard let subjectObject = try body.object("subject") else { throw APIError.badRequest("missing_field", "`subject` is required") }
        guard let actionObject = try body.object("action") else { throw APIError.badRequest("missing_field", "`action` is required") }
        let subject = try AuthZENRequest.subject(subjectObject)
        let action = try AuthZENRequest.action(actionObject)
        let requestedType = try body.object("resource")?.string("type", in: "resource.")
        let purpose = try AuthZENRequest.context(try body.object("context")).purposeOfUse
        let now = Timestamp.now
        try await point.ensureFresh()
        let revision = point.revision
        let results = point.withDirectory { directory -> [JSON] in
            guard let principal = directory.principals[subject.id], principal.kind == subject.kind, principal.status == .active,
                [.ok, .expiring].contains(principal.credentialState)
            else { return [] }
            var seen = Set<String>()
            var out: [JSON] = []
            let grants = directory.grantsHeld(by: principal.id, at: now).filter {
                $0.isActive(at: now) && $0.actions.contains(action) && (purpose.map($0.purposes.contains) ?? true)
            }
            for grant in grants.sorted(by: { $0.id < $1.id }) {
                var scopes: [(String, String)] = []
                if let patient = grant.scope.patient {
                    scopes.append(("Patient", patient))
                } else if grant.scope.departments.isEmpty {
                    scopes.append(("Department", "*"))
                } else {
                    scopes += grant.scope.departments.map { ("Department", $0) }
                }
                for (type, id) in scopes where requestedType.map({ $0.lowercased() == type.lowercased() || $0 == "Record" }) ?? true {
                    guard seen.insert("\(type)\u{0}\(id)\u{0}\(grant.id)").inserted else { continue }
                    out.append(
                        .object(
                            JSONObject([
                                ("type", .string(type)), ("id", .string(id)),
                                (
                                    "properties",
                                    .object(
                                        JSONObject([
                                            ("grant", .string(grant.id)), ("categories", .array(grant.scope.categories.map { .string($0.rawValue) })),
                                            ("labels", .array(grant.labels.map { .string($0.rawValue) })),
                                            ("purposes", .array(grant.purposes.map { .string($0.rawValue) })),
                                        ]))
                                ),
                            ])))
                }
            }
            return out
        }
        return try await page(results, body: body, kind: "resource", context: context, revision: revision)
    }

    /// Which actions `subject` may perform on `resource`: every action, decided.
    func actions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await JSONBody.object(request, limits: limits)
        guard let subjectObject = try body.object("subject") else { throw APIError.badRequest("missing_field", "`subject` is required") }
        guard let resourceObject = try body.object("resource") else { throw APIError.badRequest("missing_field", "`resource` is required") }
        let subject = try AuthZENRequest.subject(subjectObject)
        let resource = try AuthZENRequest.resource(resourceObject)
        let requestContext = try AuthZENRequest.context(try body.object("context"))
        let now = Timestamp.now
        let requests = PHIAction.allCases.map {
            AccessRequest(subject: subject, action: $0, resource: resource, context: requestContext, now: now)
        }
        try await point.ensureFresh()
        let (decisions, revision) = point.evaluate(requests)
        let results = zip(PHIAction.allCases, decisions).filter { $0.1.allowed && !$0.1.breakGlass }.map { action, decision in
            JSON.object(
                JSONObject([
                    ("name", .string(action.rawValue)),
                    ("properties", .object(JSONObject([("grants", .array(decision.grantIDs.map(JSON.string)))]))),
                ]))
        }
        return try await page(results, body: body, kind: "action", context: context, revision: revision)
    }

    /// Slices `results` by the request's `page` and audits the search.
    private func page(_ results: [JSON], body: JSONObject, kind: String, context: ServerRequestContext, revision: Int64) async throws -> Response {
        let pageRequest = try body.object("page") ?? JSONObject()
        let limit = try pageRequest.int("limit", in: "page.") ?? 100
        guard (1...limits.maximumPageSize).contains(limit) else {
            throw APIError.badRequest("invalid_page", "`page.limit` must be between 1 and \(limits.maximumPageSize)")
        }
        let fingerprint = SearchToken.fingerprint(body, kind: kind)
        var offset = 0
        if let token = try pageRequest.string("token", in: "page."), !token.isEmpty {
            guard let decoded = SearchToken.decode(token, fingerprint: fingerprint) else {
                throw APIError.badRequest("invalid_page_token", "`page.token` is not a token this search returned")
            }
            offset = decoded
        }
        let slice = results.dropFirst(offset).prefix(limit)
        let next = offset + slice.count < results.count ? SearchToken.encode(offset: offset + slice.count, fingerprint: fingerprint) : ""
        let store = point.store
        let actor = context.actor
        let record = try await point.blocking.run {
            try store.recordAdminEvent(action: "search.\(kind)", target: "", actor: actor, details: "{\"results\":\(results.count)}", at: .now)
        }
        return .json(
            .object(
                JSONObject([
                    (
                        "page",
                        .object(
                            JSONObject([
                                ("next_token", .string(next)), ("count", .number(String(slice.count))), ("total", .number(String(results.count))),
                            ]))
                    ),
                    (
                        "context",
                        .object(
                            JSONObject([
                                ("policy_set", .string(point.live.fingerprint)), ("audit_record", .number(String(record.seq))),
                                ("directory_revision", .number(String(revision))),
                            ]))
                    ),
                    ("results", .array(Array(slice))),
                ])))
    }
}

/// Page tokens: the offset bound to the query that produced it, so a token cannot be replayed
/// against another search. Opaque to clients (base64url), not a secret.
enum SearchToken {
    static func fingerprint(_ body: JSONObject, kind: String) -> String {
        var query = body
        query = JSONObject(query.members.filter { $0.key != "page" })
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (kind + JSON.object(query).serialized).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func encode(offset: Int, fingerprint: String) -> String {
        Data("v1:\(offset):\(fingerprint)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String, fingerprint: String) -> Int? {
        guard token.count <= 200 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 3, parts[0] == "v1", let offset = Int(parts[1]), offset >= 0, parts[2] == fingerprint else { return nil }
        return offset
    }
}
