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

    /// One evaluation: each part from the item, or else from the batch's defaults.
    static func accessRequest(_ item: JSONObject, defaults: JSONObject = JSONObject(), now: Timestamp) throws(APIError) -> AccessRequest {
        func part(_ key: String) throws(APIError) -> JSONObject {
            if let value = try item.object(key) { return value }
            guard let value = try defaults.object(key) else { throw APIError.badRequest("missing_field", "`\(key)` is required") }
            return value
        }
        var contextObject = try item.object("context")
        if contextObject == nil { contextObject = try defaults.object("context") }
        return AccessRequest(
            subject: try subject(try part("subject")), action: try action(try part("action")), resource: try resource(try part("resource")),
            context: try context(contextObject), now: now)
    }

    /// The AuthZEN decision `context`: why, which grant and policies decided, what the PEP must do,
    /// and where the audit record is.
    static func decisionContext(_ decision: AccessDecision, auditRecord: Int64?, policySet: String) -> JSON {
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
        context.append("policy_set", .string(policySet))
        return .object(context)
    }

    static func decision(_ decision: AccessDecision, auditRecord: Int64?, policySet: String) -> JSON {
        .object(
            JSONObject([
                ("decision", .bool(decision.allowed)),
                ("context", decisionContext(decision, auditRecord: auditRecord, policySet: policySet)),
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
