import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing

@Suite("Authentication, limits and bad input (in-process router)")
struct EdgeCaseTests {
    @Test("missing or wrong keys get 401 with WWW-Authenticate; a key without the scope gets 403")
    func authentication() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let missing = try await client.call(.post, "/access/v1/evaluation", body: ServerFixture.readCardiology)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try errorCode(missing.body) == "missing_credentials")
            let forged = String(fixture.decideToken.dropLast()) + (fixture.decideToken.last == "A" ? "B" : "A")
            let wrong = try await client.call(.post, "/access/v1/evaluation", token: forged, body: ServerFixture.readCardiology)
            #expect(wrong.status == .unauthorized)
            #expect(try errorCode(wrong.body) == "invalid_credentials")
            let scope = try await client.call(.post, "/access/v1/evaluation", token: fixture.auditToken, body: ServerFixture.readCardiology)
            #expect(scope.status == .forbidden)
            // The admin API's own permissions come from Policies/service/: an audit key reads the
            // audit log but may not create principals.
            let audit = try await client.call(.get, "/v1/audit?limit=5", token: fixture.auditToken)
            #expect(audit.status == .ok)
            let write = try await client.call(.post, "/v1/principals", token: fixture.auditToken, body: #"{"id":"x.y","name":"X"}"#)
            #expect(write.status == .forbidden)
            #expect(try errorCode(write.body) == "forbidden")
        }
    }

    @Test("repeated authentication failures from one address are throttled")
    func throttling() async throws {
        let fixture = try ServerFixture(failureLimit: 3)
        try await fixture.routerApplication().test(.router) { client in
            for _ in 0..<3 {
                let response = try await client.call(
                    .post, "/access/v1/evaluation", token: "phg_000000000000_" + String(repeating: "a", count: 43), body: "{}")
                #expect(response.status == .unauthorized)
            }
            let throttled = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
        }
    }

    @Test("bad bodies get 4xx with stable codes, never a 500")
    func badInput() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("{", .badRequest, "invalid_json"),
                ("[]", .badRequest, "invalid_request"),
                ("", .badRequest, "empty_body"),
                (#"{"subject":{"type":"user"}}"#, .badRequest, "missing_field"),
                (
                    #"{"subject":{"type":"robot","id":"r"},"action":{"name":"read"},"resource":{"type":"Patient","id":"p"}}"#, .badRequest,
                    "unknown_subject_type"
                ),
                (
                    #"{"subject":{"type":"user","id":7},"action":{"name":"read"},"resource":{"type":"Patient","id":"p"}}"#, .badRequest,
                    "invalid_field"
                ),
                (
                    #"{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"Patient","id":"p"},"context":{"purpose_of_use":"FUN"}}"#,
                    .badRequest, "unknown_code"
                ),
                (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), .badRequest, "json_too_deep"),
                (String(repeating: "[", count: 5000), .badRequest, "invalid_json"),
                (#"{"pad":""# + String(repeating: "x", count: 70_000) + #""}"#, .contentTooLarge, "body_too_large"),
            ]
            for (body, status, code) in cases {
                let response = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: body)
                #expect(response.status == status, "\(body.prefix(60))")
                #expect(try errorCode(response.body) == code, "\(body.prefix(60))")
            }
            var invalidUTF8 = ByteBuffer(string: #"{"subject":""#)
            invalidUTF8.writeBytes([0xC3, 0x28])
            invalidUTF8.writeString(#""}"#)
            let utf8 = try await client.execute(
                uri: "/access/v1/evaluation", method: .post,
                headers: [.authorization: "Bearer \(fixture.decideToken)", .contentType: "application/json"], body: invalidUTF8
            ) { response in (response.status, String(buffer: response.body)) }
            #expect(utf8.0 == .badRequest)
            #expect(try errorCode(utf8.1) == "invalid_utf8")
            let form = try await client.call(
                .post, "/access/v1/evaluation", token: fixture.decideToken, body: "a=b", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)
            let unknown = try await client.call(.get, "/no/such/endpoint")
            #expect(unknown.status == .notFound)
            #expect(try errorCode(unknown.body) == "not_found")
            // A known path with another method is 405 with the methods it does answer.
            let wrongMethod = try await client.call(.get, "/access/v1/evaluation", token: fixture.decideToken)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            #expect(try errorCode(wrongMethod.body) == "method_not_allowed")
            let withCapture = try await client.call(.put, "/v1/principals/nurse.ana")
            #expect(withCapture.status == .methodNotAllowed)
            #expect(withCapture.headers[.allow] == "GET")
            let both = try await client.call(.delete, "/v1/principals")
            #expect(both.headers[.allow] == "GET, POST")
            let deeper = try await client.call(.get, "/v1/principals/nurse.ana/nothing")
            #expect(deeper.status == .notFound)
        }
    }

    @Test("unknown fields are ignored, as AuthZEN requires")
    func unknownFields() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let body = ServerFixture.readCardiology.replacingOccurrences(of: #""action":{"#, with: #""future":{"x":1},"action":{"extra":true,"#)
            let response = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: body)
            #expect(response.status == .ok)
            #expect(try json(response.body)["decision"] as? Bool == true)
        }
    }
}

@Suite("Query parameters at the edges")
struct QueryEdgeTests {
    @Test("out-of-range report parameters are 400, never an overflow (found by schemathesis)")
    func reportBounds() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            for query in ["expiring_within_days=-1485162523496", "inactive_days=99999999999999", "inactive_days=abc"] {
                let response = try await client.call(.get, "/v1/reports/access-review?\(query)", token: fixture.auditToken)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try errorCode(response.body) == "invalid_query")
            }
        }
    }
}
