import AccessModel
import Cedar
import CredentialServices
import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import Operations
import Store

/// The credentials half of the admin API: `/v1/passwords/check` and `/v1/credentials/…`, the same
/// operations as `phiguard password` and `phiguard credentials`. A compromise or a lockout that
/// touches a principal reaches the live engine before the answer, so the next decision denies.
struct CredentialRoutes {
    let point: DecisionPoint
    let operations: Operations
    let limits: RequestLimits
    let domain: CredentialDomain

    func registerPasswords(on group: RouterGroup<ServerRequestContext>) {
        group.post("check") { request, context in
            try authorize(context, .passwordsCheck)
            let body = try await JSONBody.object(request, limits: limits)
            let password = try body.requiredString("password")
            let contextWords = try body.strings("context_words")
            let passwordContext = PasswordContext(
                userName: try body.string("user"), contextWords: contextWords, usesMFA: try body.bool("mfa") ?? false)
            let profile = try body.string("profile")
            // Off the cooperative pool, on threads of their own: loading word lists, Argon2id
            // history hashes (up to 24 at ~40 ms each) and a breach lookup block for a long time,
            // and decisions must not wait behind them.
            let verdict = try await domain.work.run { [domain] in
                try domain.passwords().check(password, profile: profile, context: passwordContext, at: .now)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: verdict.jsonLine)))
        }
    }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("credentials") { request, context in
            try authorize(context, .credentialsRead)
            let query = request.uri.queryParameters
            let kind = try query["kind"].map { try parseCode(String($0), CredentialRecord.Kind.self, field: "kind") }
            let state = try query["state"].map { try parseCode(String($0), CredentialRecord.State.self, field: "state") }
            let limit = try AdminRoutes.integer(request, "limit") ?? 100
            guard (1...limits.maximumPageSize).contains(limit) else {
                throw APIError.badRequest("invalid_page", "`limit` must be 1 to \(limits.maximumPageSize)")
            }
            let rules = try domain.rules()
            let (owner, after, store) = (query["owner"].map(String.init), query["after"].map(String.init), point.store)
            let records = try await point.blocking.run { try store.credentials(kind: kind, owner: owner, state: state, after: after, limit: limit) }
            var object = JSONObject([("items", .array(records.map { $0.json(dueAt: $0.dueAt(rules.classes[$0.rotationClass])) }))])
            object.append("next", records.count == limit ? .string(records.last!.id) : .null)
            return Response.json(.object(object))
        }
        group.post("credentials") { request, context in
            try authorize(context, .credentialsWrite)
            let body = try await JSONBody.object(request, limits: limits)
            guard case .array(let items)? = body["credentials"] else {
                throw APIError.badRequest("missing_field", "`credentials` must be an array of credential objects")
            }
            var rows: [(Int, [String: String])] = []
            for (index, item) in items.enumerated() {
                guard case .object(let fields) = item else {
                    throw APIError("invalid_import", "item \(index + 1) is not an object; nothing was imported")
                }
                var row: [String: String] = [:]
                for (key, value) in fields.members {
                    guard CredentialImport.fields.contains(key) else {
                        throw APIError("invalid_import", "item \(index + 1): unknown field `\(key)`; nothing was imported")
                    }
                    switch value {
                    case .string(let text): row[key] = text
                    case .null: continue
                    default:
                        throw APIError("invalid_import", "item \(index + 1): `\(key)` must be a string; nothing was imported")
                    }
                }
                rows.append((index + 1, row))
            }
            let records = try CredentialImport.records(from: rows, rules: try domain.rules(), now: .now, unit: "item")
            let actor = try context.operationsActor
            let audit = try await point.blocking.run { try operations.importCredentials(records, by: actor) }
            return Response.json(
                .object(JSONObject([("imported", .number(String(records.count))), ("audit_record", .number(String(audit)))])), status: .created)
        }
        group.get("credentials/:id") { _, context in
            try authorize(context, .credentialsRead)
            let (id, store) = (try context.parameters.require("id"), point.store)
            let record = try await point.blocking.run { try store.credential(id) }
            return Response.json(record.json(dueAt: record.dueAt(try domain.rules().classes[record.rotationClass])))
        }
        group.post("credentials/:id/rotated") { request, context in
            let body = try await JSONBody.object(request, limits: limits)
            let (id, expiry, actor) = (try context.parameters.require("id"), try body.time("expires_at"), try context.operationsActor)
            return try answer(try await point.blocking.run { try operations.markRotated(id, expiresAt: expiry, by: actor) })
        }
        group.post("credentials/:id/compromised") { _, context in
            let (id, actor) = (try context.parameters.require("id"), try context.operationsActor)
            return try answer(try await point.blocking.run { try operations.markCompromised(id, by: actor) })
        }
        group.post("credentials/:id/failed-attempt") { _, context in
            let (id, rules, actor) = (try context.parameters.require("id"), try domain.rules(), try context.operationsActor)
            return try answer(try await point.blocking.run { try operations.recordFailedAttempt(id, rules: rules, by: actor) })
        }
        group.post("credentials/:id/unlock") { _, context in
            let (id, actor) = (try context.parameters.require("id"), try context.operationsActor)
            return try answer(try await point.blocking.run { try operations.unlock(id, by: actor) })
        }
        group.get("rotation/due") { request, context in
            try authorize(context, .credentialsRead)
            let within: Period
            do {
                within = try Period(parsing: request.uri.queryParameters["within"].map(String.init) ?? "30d")
            } catch {
                throw APIError.badRequest("invalid_duration", "`within` must be a duration such as 30d, 12h or 2w")
            }
            let now = Timestamp.now
            let (rules, store, cap) = (try domain.rules(), point.store, limits.maximumPageSize * 10)
            var due = try await point.blocking.run {
                var due: [DueCredential] = []
                try store.forEachDue(rules: rules, until: now.adding(within)) { item in
                    if due.count < cap { due.append(item) }
                }
                return due
            }
            due.sort { ($0.dueAt.milliseconds, $0.credential.id) < ($1.dueAt.milliseconds, $1.credential.id) }
            let items = due.map { item -> JSON in
                var object = item.credential.json(dueAt: item.dueAt).objectValue ?? JSONObject()
                object.append("days_left", .number(String(item.daysLeft(at: now))))
                object.append("reason", .string(item.reason.rawValue))
                return .object(object)
            }
            return Response.json(.object(JSONObject([("items", .array(items)), ("total", .number(String(items.count)))])))
        }
    }

    /// The record after a change (a principal credential state it set is already live).
    private func answer(_ changed: CredentialChanged) throws -> Response {
        let record = changed.record
        var object = record.json(dueAt: record.dueAt(try domain.rules().classes[record.rotationClass])).objectValue ?? JSONObject()
        object.append("principal_credential_state", principalState(record))
        return Response.json(.object(object))
    }

    /// The credential state of the principal a credential belongs to, after the change.
    private func principalState(_ record: CredentialRecord) -> JSON {
        guard let principalID = record.principalID else { return .null }
        return point.withDirectory { $0.principals[principalID].map { .string($0.credentialState.rawValue) } ?? .null }
    }

    private func authorize(_ context: ServerRequestContext, _ action: AdminAction) throws {
        try operations.authorize(try context.operationsActor, action)
    }
}

/// The credential domain's files for the service: password profiles and word lists (loaded on first
/// use, so a service without word lists still decides), and the rotation rules (re-read when
/// `Policies/rotation.yaml` changes; the last good rules keep serving when it breaks).
final class CredentialDomain: @unchecked Sendable {
    let policyFolder: String
    let wordListFolder: String
    let store: any PHIGuardStore
    let pepperFile: String
    private let lock = NSLock()
    private var service: PasswordService?
    private var cachedRules: (rules: RotationRules, stamp: Date?)?
    /// Password checks run here: at most two at a time, whatever the number of requests.
    let work = BlockingExecutor(label: "phiguard-passwords", threads: 2)

    init(policyFolder: String, wordListFolder: String, store: any PHIGuardStore, pepperFile: String) {
        self.policyFolder = policyFolder
        self.wordListFolder = wordListFolder
        self.store = store
        self.pepperFile = pepperFile
    }

    func passwords() throws(APIError) -> PasswordService {
        lock.lock()
        defer { lock.unlock() }
        if let service { return service }
        do {
            let factory = try PasswordCheckerFactory(policyFolder: policyFolder, wordListFolder: wordListFolder)
            let made = try PasswordService(factory: factory, inventory: store, pepperFile: pepperFile)
            service = made
            return made
        } catch {
            throw APIError(error.code.rawValue, "password checks are unavailable: \(error.message)")
        }
    }

    func rules() throws(APIError) -> RotationRules {
        let path = (policyFolder as NSString).appendingPathComponent("rotation.yaml")
        let stamp = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        lock.lock()
        defer { lock.unlock() }
        if let cachedRules, cachedRules.stamp == stamp { return cachedRules.rules }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            if let cachedRules { return cachedRules.rules }
            throw APIError("rotation_rules_unavailable", "Policies/rotation.yaml cannot be read")
        }
        do {
            let rules = try RotationRules(yaml: text, file: "rotation.yaml")
            cachedRules = (rules, stamp)
            return rules
        } catch {
            if let cachedRules { return cachedRules.rules }
            throw APIError(error.code.rawValue, error.message)
        }
    }
}
