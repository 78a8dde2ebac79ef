import AccessModel
import Cedar
import HTTPTypes

/// Maps AuthZEN 1.0 subjects, actions, resources and contexts onto PHIGuard's access requests.
///
/// - subject: `{"type": "user" | "service-account", "id"}`
/// - action: `{"name": "create" | "read" | … | "disclose"}`
/// - resource: `{"type": "Patient" | "Record", "id", "properties": {"patient", "departments",
///   "category", "labels", "confidentiality", "restrictions", "care_team", "part2_consent"}}`
/// - context: `{"purpose_of_use", "justification", "mfa", "session_started"}`
///
/// Unknown fields are ignored, as AuthZEN requires; unknown codes are errors.
enum AuthZENRequest {
    static func subject(_ object: JSONObject) throws(APIError) -> SubjectReference {
        let type = try object.requiredString("type", in: "subject.")
        guard let kind = Principal.Kind(rawValue: type.lowercased()) ?? (type == "User" ? .user : type == "ServiceAccount" ? .serviceAccount : nil)
        else {
            throw APIError.badRequest("unknown_subject_type", "`subject.type` must be `user` or `service-account`, not `\(type)`")
        }
        return SubjectReference(id: try object.requiredString("id", in: "subject."), kind: kind)
    }

    static func action(_ object: JSONObject) throws(APIError) -> PHIAction {
        try parseCode(try object.requiredString("name", in: "action."), PHIAction.self, field: "action.name")
    }

    static func resourceKind(_ object: JSONObject) throws(APIError) -> ResourceDescription.Kind {
        let type = try object.requiredString("type", in: "resource.")
        guard let kind = ResourceDescription.Kind.allCases.first(where: { $0.rawValue.lowercased() == type.lowercased() }) else {
            throw APIError.badRequest("unknown_resource_type", "`resource.type` must be `Patient` or `Record`, not `\(type)`")
        }
        return kind
    }

    static func resource(_ object: JSONObject) throws(APIError) -> ResourceDescription {
        let kind = try resourceKind(object)
        let id = try object.requiredString("id", in: "resource.")
        let properties = try object.object("properties", in: "resource.") ?? JSONObject()
        do {
            return try ResourceDescription(kind: kind, id: id, properties: properties)
        } catch {
            throw APIError.badRequest(error.code.rawValue, error.message)
        }
    }

    static func context(_ object: JSONObject?) throws(APIError) -> RequestContext {
        guard let object else { return RequestContext() }
        do { return try RequestContext(json: object) } catch { throw APIError.badRequest(error.code.rawValue, error.message) }
    }

    /// A batch's top-level parts, each parsed once (not once per item); a part that fails to parse
    /// fails only the items that fall back to it.
    struct Defaults {
        var subject: Result<SubjectReference, APIError>?
        var action: Result<PHIAction, APIError>?
        var resource: Result<ResourceDescription, APIError>?
        var context: Result<RequestContext, APIError>

        init(_ body: JSONObject) {
            func parse<T>(_ key: String, _ parser: (JSONObject) throws(APIError) -> T) -> Result<T, APIError>? {
                do throws(APIError) {
                    guard let object = try body.object(key) else { return nil }
                    return .success(try parser(object))
                } catch {
                    return .failure(error)
                }
            }
            subject = parse("subject", AuthZENRequest.subject)
            action = parse("action", AuthZENRequest.action)
            resource = parse("resource", AuthZENRequest.resource)
            context = parse("context", { (object: JSONObject) throws(APIError) in try AuthZENRequest.context(object) }) ?? .success(RequestContext())
        }
    }

    /// One evaluation: each part from the item, or else from the batch's defaults.
    static func accessRequest(_ item: JSONObject, defaults: Defaults? = nil, now: Timestamp) throws(APIError) -> AccessRequest {
        func part<T>(_ key: String, _ parser: (JSONObject) throws(APIError) -> T, _ fallback: Result<T, APIError>?) throws(APIError) -> T {
            if let value = try item.object(key) { return try parser(value) }
            guard let fallback else { throw APIError.badRequest("missing_field", "`\(key)` is required") }
            return try fallback.get()
        }
        let requestContext: RequestContext
        if let object = try item.object("context") {
            requestContext = try context(object)
        } else {
            requestContext = try defaults?.context.get() ?? RequestContext()
        }
        return AccessRequest(
            subject: try part("subject", subject, defaults?.subject), action: try part("action", action, defaults?.action),
            resource: try part("resource", resource, defaults?.resource), context: requestContext, now: now)
    }

    /// The AuthZEN decision `context`: why, which grant and policies decided, what the PEP must do,
    /// and where the audit record is.
    static func decisionContext(_ decision: AccessDecision, auditRecord: Int64?, revision: Int64? = nil, policySet: String) -> JSON {
        var context = JSONObject()
        context.append("reason_codes", .array(decision.reasonCodes.map(JSON.string)))
        context.append("grants", .array(decision.grantIDs.map(JSON.string)))
        context.append("policies", .array(decision.policyIDs.map(JSON.string)))
        context.append("obligations", .array(decision.obligations.map(JSON.string)))
        context.append("break_glass", .bool(decision.breakGlass))
        if let explanation = decision.explanation { context.append("explanation", .string(explanation)) }
        if !decision.errors.isEmpty {
            context.append(
                "policy_errors",
                .array(decision.errors.map { .object(JSONObject([("policy", .string($0.policyID)), ("message", .string($0.message))])) }))
        }
        if let auditRecord { context.append("audit_record", .number(String(auditRecord))) }
        if let revision { context.append("directory_revision", .number(String(revision))) }
        context.append("policy_set", .string(policySet))
        return .object(context)
    }

    static func decision(_ decision: AccessDecision, auditRecord: Int64?, revision: Int64? = nil, policySet: String) -> JSON {
        .object(
            JSONObject([
                ("decision", .bool(decision.allowed)),
                ("context", decisionContext(decision, auditRecord: auditRecord, revision: revision, policySet: policySet)),
            ]))
    }

    /// An item that could not be evaluated: closed, with the error (AuthZEN batch semantics).
    static func failedItem(_ error: APIError) -> JSON {
        .object(
            JSONObject([
                ("decision", .bool(false)),
                (
                    "context",
                    .object(
                        JSONObject([
                            (
                                "error",
                                .object(
                                    JSONObject([
                                        ("status", .number(String(error.status.code))), ("code", .string(error.code)),
                                        ("message", .string(error.message)),
                                    ]))
                            )
                        ]))
                ),
            ]))
    }
}
