import AccessModel
import Cedar
import Foundation
import Hummingbird
import NIOCore

/// Unauthenticated endpoints: health, metrics, AuthZEN discovery and the OpenAPI document. None
/// of them reveals PHI or a key.
struct ServiceRoutes {
    let point: DecisionPoint
    /// Read per request: the bound port is known only once the listener runs.
    let issuer: @Sendable () -> String

    func register(on router: Router<ServerRequestContext>) {
        router.get("health") { _, _ in await health() }
        // Liveness: the process answers. Orchestrators restart it only when this fails.
        router.get("health/live") { _, _ in Response.json(.object(JSONObject([("status", .string("ok"))]))) }
        // Readiness: PHI decisions can be made now. A load balancer sends no traffic otherwise.
        router.get("health/ready") { _, _ in await health() }
        router.get("metrics") { _, _ in
            let text = point.metrics.render(
                auditBacklog: point.audit.backlog, auditWritten: point.audit.recordsWritten, auditFailures: point.audit.writeFailures,
                policyCount: point.live.policyCount, feedLagSeconds: Double(point.feedAge.milliseconds) / 1000)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get(".well-known/authzen-configuration") { _, _ in
            let issuer = issuer()
            return Response.json(
                .object(
                    JSONObject([
                        ("policy_decision_point", .string(issuer)),
                        ("access_evaluation_endpoint", .string(issuer + "/access/v1/evaluation")),
                        ("access_evaluations_endpoint", .string(issuer + "/access/v1/evaluations")),
                        ("search_subject_endpoint", .string(issuer + "/access/v1/search/subject")),
                        ("search_resource_endpoint", .string(issuer + "/access/v1/search/resource")),
                        ("search_action_endpoint", .string(issuer + "/access/v1/search/action")),
                    ])))
        }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }

    /// 200 when decisions can be made; 503 with the reasons when the change feed is stale, the
    /// store is unreadable, the last policy reload failed to load, or the audit writer is failing.
    private func health() async -> Response {
        try? await point.ensureFresh()
        var problems: [String] = []
        if let staleness = point.staleness { problems.append(staleness) }
        if point.audit.isFailing { problems.append("the audit log cannot be written") }
        var object = JSONObject()
        object.append("status", .string(problems.isEmpty ? "ok" : "unavailable"))
        if !problems.isEmpty { object.append("problems", .array(problems.map(JSON.string))) }
        object.append("policy_set", Self.liveJSON(point.live))
        if let error = point.reloadError { object.append("last_reload_error", .string(error)) }
        object.append("directory_revision", .number(String(point.revision)))
        object.append("feed_lag_ms", .number(String(point.feedAge.milliseconds)))
        object.append("audit_backlog", .number(String(point.audit.backlog)))
        return Response.json(.object(object), status: problems.isEmpty ? .ok : .serviceUnavailable)
    }

    static func liveJSON(_ live: LivePolicySet) -> JSON {
        .object(
            JSONObject([
                ("fingerprint", .string(live.fingerprint)), ("service_fingerprint", .string(live.serviceFingerprint)),
                ("loaded_at", .string(live.loadedAt.description)), ("policies", .number(String(live.policyCount))),
            ]))
    }
}

/// The committed OpenAPI 3.1 document (`Sources/Server/openapi.json`), served as is.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Array(#"{"openapi":"3.1.0","info":{"title":"PHIGuard","version":"unavailable"},"paths":{}}"#.utf8)
        }
        return Array(data)
    }()
}
