import AccessModel
import Cedar
import HTTPTypes
import Hummingbird
import Operations
import Store

/// The admin API under `/v1/`: directory, grants, break-glass reviews, audit, the access review
/// report, keys and reload. Every call is authorized by `Policies/service/` and every change is
/// audited with the calling key as actor.
struct AdminRoutes {
    let point: DecisionPoint
    let operations: Operations
    let keys: KeyRing
    let limits: RequestLimits

    func register(on group: RouterGroup<ServerRequestContext>) {
        // Principals
        group.get("principals") { request, context in
            try authorize(context, .directoryRead)
            let status = try request.uri.queryParameters["status"].map { try parseCode(String($0), Principal.Status.self, field: "status") }
            let department = request.uri.queryParameters["department"].map(String.init)
            let now = Timestamp.now
            let items = point.withDirectory { directory in
                directory.principals.values.filter { principal in
                    (status.map { principal.status == $0 } ?? true) && (department.map { principal.departments.contains($0) } ?? true)
                }.sorted { $0.id < $1.id }.map { $0.json(roles: directory.activeRoles(of: $0.id, at: now)) }
            }
            return try list(items, request)
        }
        group.post("principals") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let principal = Principal(
                id: try body.requiredString("id"), kind: try parseCode(try body.string("kind") ?? "user", Principal.Kind.self, field: "kind"),
                displayName: try body.requiredString("name"), departments: try body.strings("departments"),
                mfaEnrolled: try body.bool("mfa_enrolled") ?? false, breakGlassEligible: try body.bool("break_glass_eligible") ?? false,
                createdAt: .now)
            let actor = try context.operationsActor
            return created(principal.json(roles: []), try await point.blocking.run { try operations.addPrincipal(principal, by: actor) })
        }
        group.get("principals/:id") { _, context in
            try authorize(context, .directoryRead)
            let id = try context.parameters.require("id")
            return try point.withDirectory { directory in
                guard let principal = directory.principals[id] else { throw APIError.notFound("no principal with id `\(id)`") }
                return Response.json(principal.json(roles: directory.activeRoles(of: id, at: .now)))
            }
        }
        group.post("principals/:id/status") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let status = try parseCode(try body.requiredString("status"), Principal.Status.self, field: "status")
            let (id, actor) = (try context.parameters.require("id"), try context.operationsActor)
            return changed(try await point.blocking.run { try operations.setStatus(of: id, to: status, by: actor) })
        }
        group.post("principals/:id/credential-state") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let state = try parseCode(try body.requiredString("state"), Principal.CredentialState.self, field: "state")
            let (id, actor) = (try context.parameters.require("id"), try context.operationsActor)
            return changed(try await point.blocking.run { try operations.setCredentialState(of: id, to: state, by: actor) })
        }
        // Roles and assignments
        group.get("roles") { request, context in
            try authorize(context, .directoryRead)
            return try list(point.withDirectory { $0.roles.values.sorted { $0.id < $1.id }.map(\.json) }, request)
        }
        group.post("roles") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let role = Role(
                id: try body.requiredString("id"), description: try body.string("description") ?? "", includes: try body.strings("includes"))
            let actor = try context.operationsActor
            return created(role.json, try await point.blocking.run { try operations.addRole(role, by: actor) })
        }
        group.post("roles/:id/includes") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let (roleID, included, actor) = (try context.parameters.require("id"), try body.requiredString("role"), try context.operationsActor)
            return changed(try await point.blocking.run { try operations.includeRole(included, in: roleID, by: actor) })
        }
        group.post("assignments") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let (principal, role) = (try body.requiredString("principal"), try body.requiredString("role"))
            let (from, until, actor) = (try body.time("valid_from"), try body.time("valid_until"), try context.operationsActor)
            let assigned = try await point.blocking.run {
                try operations.assignRole(principalID: principal, roleID: role, validFrom: from, validUntil: until, by: actor)
            }
            return created(assigned.value.json, assigned)
        }
        group.delete("assignments/:principal/:role") { _, context in
            let (principal, role) = (try context.parameters.require("principal"), try context.parameters.require("role"))
            let actor = try context.operationsActor
            return changed(try await point.blocking.run { try operations.unassignRole(principalID: principal, roleID: role, by: actor) })
        }
        // Grants
        group.get("grants") { request, context in
            try authorize(context, .directoryRead)
            let query = request.uri.queryParameters
            let grantee = query["grantee"].map(String.init)
            let principal = query["principal"].map(String.init)
            let activeOnly = query["active"].map { $0 == "true" } ?? false
            let now = Timestamp.now
            let items = point.withDirectory { directory -> [JSON] in
                let candidates: [Grant] =
                    if let principal { directory.grantsHeld(by: principal, at: now) } else { Array(directory.grants.values) }
                return candidates.filter { grant in
                    (grantee.map { grant.grantee.description == $0 } ?? true) && (!activeOnly || grant.isActive(at: now))
                }.sorted { $0.id < $1.id }.map(\.json)
            }
            return try list(items, request)
        }
        group.post("grants") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let grant = try Self.grant(body, actor: context.actor)
            let actor = try context.operationsActor
            return created(grant.json, try await point.blocking.run { try operations.addGrant(grant, by: actor) })
        }
        group.get("grants/:id") { request, context in
            try authorize(context, .directoryRead)
            let id = try context.parameters.require("id")
            return try point.withDirectory { directory in
                guard let grant = directory.grants[id] else { throw APIError.notFound("no grant with id `\(id)`") }
                guard request.uri.queryParameters["cedar"] == "true" else { return Response.json(grant.json) }
                var kind: Principal.Kind?
                if case .principal(let principal) = grant.grantee { kind = directory.principals[principal]?.kind }
                var object = grant.json.objectValue ?? JSONObject()
                object.append("cedar", .string(PolicyFormatter.format(try grant.cedarPolicy(granteeKind: kind))))
                return Response.json(.object(object))
            }
        }
        group.post("grants/:id/revoke") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let (id, reason, actor) = (try context.parameters.require("id"), try body.requiredString("reason"), try context.operationsActor)
            return changed(try await point.blocking.run { try operations.revokeGrant(id, reason: reason, by: actor) })
        }
        // Break-the-glass reviews
        group.get("reviews") { request, context in
            try authorize(context, .reviewsRead)
            let status = try request.uri.queryParameters["status"].map { try parseCode(String($0), ReviewItem.Status.self, field: "status") }
            let store = point.store
            return try list(try await point.blocking.run { try store.reviews(status: status) }.map(\.json), request)
        }
        group.post("reviews/:id/close") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let outcome = try parseCode(try body.requiredString("outcome"), ReviewItem.Outcome.self, field: "outcome")
            let (id, notes, actor) = (try context.parameters.require("id"), try body.requiredString("notes"), try context.operationsActor)
            let item = try await point.blocking.run { try operations.closeReview(id, outcome: outcome, notes: notes, by: actor) }
            return Response.json(item.json)
        }
        // Audit
        group.get("audit") { request, context in
            try authorize(context, .auditRead)
            let after = try Self.integer(request, "after") ?? 0
            let limit = try Self.integer(request, "limit") ?? 100
            guard (1...limits.maximumPageSize).contains(limit), after >= 0 else {
                throw APIError.badRequest("invalid_page", "`limit` must be 1 to \(limits.maximumPageSize) and `after` at least 0")
            }
            let store = point.store
            let records = try await point.blocking.run { try store.auditRecords(after: Int64(after), limit: limit) }
            let next: JSON = records.count == limit ? .number(String(records.last!.seq)) : .null
            return Response.json(.object(JSONObject([("records", .array(records.map(\.json))), ("next_after", next)])))
        }
        group.post("audit/verify") { _, context in
            let actor = try context.operationsActor
            return Response.json(try await point.blocking.run { try operations.verifyAudit(by: actor) }.json)
        }
        group.get("reports/access-review") { request, context in
            try authorize(context, .reportRead)
            let department = request.uri.queryParameters["department"].map(String.init)
            let expiring = try Self.integer(request, "expiring_within_days") ?? 30
            let inactive = try Self.integer(request, "inactive_days") ?? 90
            // Bounded, so day arithmetic can never overflow (ten years is beyond any review cycle).
            guard (0...3_650).contains(expiring), (1...3_650).contains(inactive) else {
                throw APIError.badRequest("invalid_query", "`expiring_within_days` must be 0 to 3650 and `inactive_days` 1 to 3650")
            }
            var directory = point.withDirectory { $0 }
            let store = point.store
            directory.recordActivity(try await point.blocking.run { try store.lastActivity() })
            let report = AccessReviewReport(
                directory: directory, at: .now, department: department, expiringWithinDays: Int64(expiring), inactiveDays: Int64(inactive))
            return Response.json(report.json)
        }
        // Service
        group.post("admin/reload") { _, context in
            try authorize(context, .policiesReload)
            let live = try point.reload(actor: context.actor)
            return Response.json(ServiceRoutes.liveJSON(live))
        }
        group.get("keys") { request, context in
            try authorize(context, .keysManage)
            let store = point.store
            return try list(try await point.blocking.run { try store.apiKeys() }.map(Self.keyJSON), request)
        }
        group.post("keys") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let scopes = try body.codes("scopes", APIKey.Scope.self)
            let (name, actor) = (try body.requiredString("name"), try context.operationsActor)
            let created = try await point.blocking.run { try operations.createKey(name: name, scopes: scopes, by: actor) }
            var object = Self.keyJSON(created.key).objectValue ?? JSONObject()
            object.append("token", .string(created.token))
            return Response.json(.object(object), status: .created)
        }
        group.delete("keys/:id") { _, context in
            let (id, actor) = (try context.parameters.require("id"), try context.operationsActor)
            let key = try await point.blocking.run { try operations.revokeKey(id, by: actor) }
            keys.invalidate(id)
            return Response.json(Self.keyJSON(key))
        }
    }

    /// Reads are authorized here, by the same authorizer the operations use for changes.
    private func authorize(_ context: ServerRequestContext, _ action: AdminAction) throws {
        try operations.authorize(try context.operationsActor, action)
    }

    private func list(_ items: [JSON], _ request: Request) throws -> Response {
        let offset = try Self.integer(request, "offset") ?? 0
        let limit = try Self.integer(request, "limit") ?? 100
        guard (1...limits.maximumPageSize).contains(limit), offset >= 0 else {
            throw APIError.badRequest("invalid_page", "`limit` must be 1 to \(limits.maximumPageSize) and `offset` at least 0")
        }
        return Response.json(
            .object(JSONObject([("items", .array(Array(items.dropFirst(offset).prefix(limit)))), ("total", .number(String(items.count)))])))
    }

    private func created<Value>(_ value: JSON, _ change: Changed<Value>) -> Response {
        var object = value.objectValue ?? JSONObject()
        object.append("audit_record", .number(String(change.auditRecord)))
        if let revision = change.revision { object.append("revision", .number(String(revision))) }
        return Self.withRevision(Response.json(.object(object), status: .created), change.revision)
    }

    private func changed(_ change: Changed<ChangeReceipt>) -> Response {
        var object = JSONObject([
            ("action", .string(change.value.action)), ("target", .string(change.value.target)), ("audit_record", .number(String(change.auditRecord))),
        ])
        if let revision = change.revision { object.append("revision", .number(String(revision))) }
        return Self.withRevision(Response.json(.object(object)), change.revision)
    }

    /// The revision a change created, also as a header: a client passes it back as
    /// `PHIGuard-Min-Revision` to be decided on a directory that includes the change.
    static func withRevision(_ response: Response, _ revision: Int64?) -> Response {
        var response = response
        if let revision { response.headers[.phiguardRevision] = String(revision) }
        return response
    }

    static func integer(_ request: Request, _ name: String) throws(APIError) -> Int? {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let value = Int(String(text)) else { throw APIError.badRequest("invalid_query", "query parameter `\(name)` must be an integer") }
        return value
    }

    static func keyJSON(_ key: APIKey) -> JSON {
        .object(
            JSONObject([
                ("id", .string(key.id)), ("name", .string(key.name)), ("scopes", .array(key.scopes.map { .string($0.rawValue) })),
                ("created_at", .string(key.createdAt.description)), ("created_by", .string(key.createdBy)),
                ("revoked_at", key.revokedAt.map { .string($0.description) } ?? .null),
            ]))
    }

    static func grant(_ body: JSONObject, actor: String) throws(APIError) -> Grant {
        let granteeText = try body.requiredString("grantee")
        let parts = granteeText.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["principal", "role"].contains(parts[0]) else {
            throw APIError.badRequest("invalid_grantee", "`grantee` must be `principal:ID` or `role:ID`")
        }
        let actions = try body.codes("actions", PHIAction.self)
        let purposes = try body.codes("purposes", PurposeOfUse.self)
        guard !actions.isEmpty else { throw APIError.badRequest("missing_field", "`actions` needs at least one action") }
        guard !purposes.isEmpty else { throw APIError.badRequest("missing_field", "`purposes` needs at least one purpose of use") }
        return Grant(
            id: try body.requiredString("id"), grantee: parts[0] == "principal" ? .principal(parts[1]) : .role(parts[1]), actions: actions,
            scope: GrantScope(
                departments: try body.strings("departments"), patient: try body.string("patient"),
                categories: try body.codes("categories", RecordCategory.self)),
            labels: try body.codes("labels", SensitivityLabel.self), confidentiality: try body.codes("confidentiality", Confidentiality.self),
            purposes: purposes, validFrom: try body.time("valid_from") ?? .now, validUntil: try body.time("valid_until"),
            approver: try body.requiredString("approver"), justification: try body.requiredString("justification"), createdBy: actor, createdAt: .now)
    }
}
