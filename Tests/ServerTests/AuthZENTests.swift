import AccessModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Store
import Testing

@Suite("AuthZEN 1.0 endpoints (in-process router)")
struct AuthZENTests {
    @Test("an allowed evaluation names its grant, obligations and audit record, and echoes X-Request-ID")
    func evaluationAllows() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let response = try await client.call(
                .post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology,
                headers: [HTTPField.Name("X-Request-ID")!: "req-42"])
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "req-42")
            let body = try json(response.body)
            #expect(body["decision"] as? Bool == true)
            let context = try #require(body["context"] as? [String: Any])
            #expect(context["grants"] as? [String] == ["g-cardiology"])
            #expect((context["obligations"] as? [String])?.isEmpty == false)
            let seq = try #require(context["audit_record"] as? Int)
            let record = try #require(try fixture.store.auditRecords(after: Int64(seq - 1), limit: 1).first)
            #expect(record.kind == .decision && record.actor == "nurse.ana" && record.outcome == "allow")
        }
    }

    @Test("a deny is 200 with decision false, reason codes and an explanation")
    func evaluationDenies() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let body = ServerFixture.readCardiology.replacingOccurrences(of: "\"read\"", with: "\"delete\"")
            let response = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: body)
            #expect(response.status == .ok)
            let decoded = try json(response.body)
            #expect(decoded["decision"] as? Bool == false)
            let context = try #require(decoded["context"] as? [String: Any])
            #expect(context["reason_codes"] as? [String] == ["no_applicable_grant"])
            #expect((context["explanation"] as? String)?.contains("delete") == true)
            // Unknown principals are a deny with a reason, never an error.
            let unknown = ServerFixture.readCardiology.replacingOccurrences(of: "nurse.ana", with: "nobody")
            let second = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: unknown)
            #expect(second.status == .ok)
            #expect((try json(second.body)["context"] as? [String: Any])?["reason_codes"] as? [String] == ["unknown_principal"])
        }
    }

    @Test("evaluations: defaults with overrides, per-item errors, and the three semantics")
    func evaluations() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            func batch(_ semantic: String) -> String {
                """
                {"subject":{"type":"user","id":"nurse.ana"},"context":{"purpose_of_use":"TREAT","mfa":true},
                 "resource":{"type":"Patient","id":"p-1","properties":{"departments":["cardiology"]}},
                 "options":{"evaluations_semantic":"\(semantic)"},
                 "evaluations":[{"action":{"name":"read"}},{"action":{"name":"delete"}},{"action":{"name":"nonsense"}},{"action":{"name":"search"}}]}
                """
            }
            func decisions(_ semantic: String) async throws -> [Bool] {
                let response = try await client.call(.post, "/access/v1/evaluations", token: fixture.decideToken, body: batch(semantic))
                #expect(response.status == .ok)
                let items = try #require(try json(response.body)["evaluations"] as? [[String: Any]])
                return items.map { $0["decision"] as? Bool ?? true }
            }
            #expect(try await decisions("execute_all") == [true, false, false, true])
            #expect(try await decisions("deny_on_first_deny") == [true, false])
            #expect(try await decisions("permit_on_first_permit") == [true])
            let response = try await client.call(.post, "/access/v1/evaluations", token: fixture.decideToken, body: batch("execute_all"))
            let items = try #require(try json(response.body)["evaluations"] as? [[String: Any]])
            let error = try #require((items[2]["context"] as? [String: Any])?["error"] as? [String: Any])
            #expect(error["status"] as? Int == 400 && error["code"] as? String == "unknown_code")
            let bad = try await client.call(.post, "/access/v1/evaluations", token: fixture.decideToken, body: batch("sometimes"))
            #expect(bad.status == .badRequest)
        }
    }

    @Test("batch size is limited")
    func batchLimit() async throws {
        let fixture = try ServerFixture(maximumBatch: 3)
        try await fixture.routerApplication().test(.router) { client in
            let items = Array(repeating: #"{"action":{"name":"read"}}"#, count: 4).joined(separator: ",")
            let body = #"{"subject":{"type":"user","id":"nurse.ana"},"resource":{"type":"Patient","id":"p"},"evaluations":[\#(items)]}"#
            let response = try await client.call(.post, "/access/v1/evaluations", token: fixture.decideToken, body: body)
            #expect(response.status == .badRequest)
            #expect(try errorCode(response.body) == "batch_too_large")
        }
    }

    @Test("search: subjects, actions and resources, with page tokens bound to their query")
    func search() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let subjects = try await client.call(
                .post, "/access/v1/search/subject", token: fixture.decideToken,
                body: """
                    {"subject":{"type":"user"},"action":{"name":"read"},
                     "resource":{"type":"Patient","id":"p-1","properties":{"departments":["cardiology"]}},
                     "context":{"purpose_of_use":"TREAT","mfa":true}}
                    """)
            #expect(subjects.status == .ok)
            let results = try #require(try json(subjects.body)["results"] as? [[String: Any]])
            #expect(results.map { $0["id"] as? String } == ["nurse.ana"])
            // A search is audited like a decision, and says which record and revision.
            let searchContext = try #require(try json(subjects.body)["context"] as? [String: Any])
            let auditRecord = try #require(searchContext["audit_record"] as? Int)
            #expect(try fixture.store.auditRecords(after: Int64(auditRecord - 1), limit: 1).first?.action == "search.subject")
            #expect(searchContext["directory_revision"] is Int)
            let actions = try await client.call(
                .post, "/access/v1/search/action", token: fixture.decideToken,
                body: """
                    {"subject":{"type":"user","id":"nurse.ana"},"page":{"limit":1},
                     "resource":{"type":"Patient","id":"p-1","properties":{"departments":["cardiology"]}},
                     "context":{"purpose_of_use":"TREAT","mfa":true}}
                    """)
            let first = try json(actions.body)
            let page = try #require(first["page"] as? [String: Any])
            #expect(page["total"] as? Int == 2 && page["count"] as? Int == 1)
            let token = try #require(page["next_token"] as? String)
            #expect(!token.isEmpty)
            let replay = try await client.call(
                .post, "/access/v1/search/resource", token: fixture.decideToken,
                body: #"{"subject":{"type":"user","id":"nurse.ana"},"action":{"name":"read"},"page":{"token":"\#(token)"}}"#)
            #expect(replay.status == .badRequest)
            #expect(try errorCode(replay.body) == "invalid_page_token")
            let resources = try await client.call(
                .post, "/access/v1/search/resource", token: fixture.decideToken,
                body: #"{"subject":{"type":"user","id":"nurse.ana"},"action":{"name":"read"}}"#)
            let found = try #require(try json(resources.body)["results"] as? [[String: Any]])
            #expect(found.map { $0["id"] as? String } == ["cardiology"])
        }
    }

    @Test("discovery names every endpoint under the issuer")
    func discovery() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let response = try await client.call(.get, "/.well-known/authzen-configuration")
            let body = try json(response.body)
            #expect(body["policy_decision_point"] as? String == "http://127.0.0.1:8180")
            #expect(body["access_evaluations_endpoint"] as? String == "http://127.0.0.1:8180/access/v1/evaluations")
        }
    }

    @Test("discovery over a real socket names the port actually bound, not the configured 0")
    func discoveryBoundPort() async throws {
        let fixture = try ServerFixture()
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = try json(try await client.call(.get, "/.well-known/authzen-configuration").body)
            #expect(body["policy_decision_point"] as? String == "http://127.0.0.1:\(port)")
        }
    }
}
