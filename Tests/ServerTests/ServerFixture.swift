import AccessModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Server
import Store
import Testing

/// A service over an in-memory store with a small hospital: a nurse with a cardiology grant,
/// a suspended user, and keys for each scope.
struct ServerFixture {
    let store: SQLiteStore
    let service: PHIGuardService
    let policies: URL
    let adminToken: String
    let decideToken: String
    let auditToken: String

    static let repositoryPolicies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Policies")

    /// `policies`: a private copy of the repository's Policies/, so reload tests can break it.
    init(
        failureLimit: Int = 10, maximumBatch: Int = 1_000, bodyTimeoutSeconds: Int = 10, idleTimeoutSeconds: Int = 60,
        staleAfterMilliseconds: Int = 2_000
    ) throws {
        policies = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-policies-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repositoryPolicies, to: policies)
        store = try SQLiteStore.inMemory()
        let now = Timestamp.now
        try store.apply(
            .addPrincipal(
                Principal(id: "nurse.ana", kind: .user, displayName: "Ana", departments: ["cardiology"], mfaEnrolled: true, createdAt: now)),
            actor: "test", at: now)
        try store.apply(
            .addPrincipal(Principal(id: "clerk.sam", kind: .user, displayName: "Sam", departments: ["billing"], mfaEnrolled: true, createdAt: now)),
            actor: "test", at: now)
        try store.apply(.setStatus(principalID: "clerk.sam", status: .suspended), actor: "test", at: now)
        try store.apply(.addRole(Role(id: "cardiology-nurse")), actor: "test", at: now)
        try store.apply(
            .assignRole(RoleAssignment(principalID: "nurse.ana", roleID: "cardiology-nurse", assignedBy: "test", assignedAt: now)), actor: "test",
            at: now)
        try store.apply(
            .addGrant(
                Grant(
                    id: "g-cardiology", grantee: .role("cardiology-nurse"), actions: [.read, .search], scope: GrantScope(departments: ["cardiology"]),
                    purposes: [.treatment], validFrom: now.adding(seconds: -60), approver: "privacy.officer", justification: "ward care",
                    createdBy: "test", createdAt: now)), actor: "test", at: now)
        adminToken = try store.createAPIKey(name: "admin", scopes: [.admin], actor: "test", at: now).token
        decideToken = try store.createAPIKey(name: "ehr", scopes: [.decide], actor: "test", at: now).token
        auditToken = try store.createAPIKey(name: "auditor", scopes: [.audit], actor: "test", at: now).token
        var configuration = ServerConfiguration()
        configuration.policies = policies.path
        configuration.keys = policies.appendingPathComponent("keys").path
        configuration.wordlists =
            ProcessInfo.processInfo.environment["PHIGUARD_WORDLISTS"]
            ?? Self.repositoryPolicies.deletingLastPathComponent().appendingPathComponent("var/wordlists").path
        configuration.port = 0
        configuration.reloadPollSeconds = 0
        configuration.authenticationFailureLimit = failureLimit
        configuration.maximumBatch = maximumBatch
        configuration.maximumBodyBytes = 64 * 1024
        configuration.bodyTimeoutSeconds = bodyTimeoutSeconds
        configuration.idleTimeoutSeconds = idleTimeoutSeconds
        configuration.staleAfterMilliseconds = staleAfterMilliseconds
        service = try PHIGuardService(configuration: configuration, store: store)
    }

    func routerApplication() -> some ApplicationProtocol {
        // With the service's background work (the audit writer above all), as `serve` runs it.
        Application(router: service.router(issuer: "http://127.0.0.1:8180"), services: service.backgroundServices(logger: Logger(label: "test")))
    }

    static let readCardiology = """
        {"subject":{"type":"user","id":"nurse.ana"},"action":{"name":"read"},
         "resource":{"type":"Patient","id":"p-1","properties":{"departments":["cardiology"]}},
         "context":{"purpose_of_use":"TREAT","mfa":true}}
        """
}

extension TestClientProtocol {
    /// Sends JSON with a bearer token; returns status, headers and the body parsed as text.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }
}

/// The body parsed as JSON (fails the test on invalid JSON).
func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

func errorCode(_ text: String) throws -> String? {
    (try json(text)["error"] as? [String: Any])?["code"] as? String
}

/// Drives a router in process without a fixture key table.
enum HummingbirdTestingBridge {
    static func post(_ service: PHIGuardService, _ uri: String, token: String, body: String) async throws {
        try await Application(router: service.router(), services: service.backgroundServices(logger: Logger(label: "test"))).test(.router) {
            client in
            let response = try await client.call(.post, uri, token: token, body: body)
            #expect(response.status == .ok, "\(response.body)")
        }
    }
}
