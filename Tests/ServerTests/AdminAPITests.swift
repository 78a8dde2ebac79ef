import AccessModel
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Store
import Testing

@Suite("Admin API, reload and health (in-process router)")
struct AdminAPITests {
    @Test("grant lifecycle: create, decide, revoke, decide again; every change audited")
    func grantLifecycle() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let admin = fixture.adminToken
            #expect(
                try await client.call(
                    .post, "/v1/principals", token: admin, body: #"{"id":"dr.lee","name":"Lee","departments":["oncology"],"mfa_enrolled":true}"#
                ).status == .created)
            let duplicate = try await client.call(.post, "/v1/principals", token: admin, body: #"{"id":"dr.lee","name":"Lee"}"#)
            #expect(duplicate.status == .conflict)
            #expect(try errorCode(duplicate.body) == "duplicate_id")
            let phiLike = try await client.call(.post, "/v1/principals", token: admin, body: #"{"id":"123-45-6789","name":"X"}"#)
            #expect(phiLike.status == .unprocessableContent)
            let grant = """
                {"id":"g-onc","grantee":"principal:dr.lee","actions":["read"],"departments":["oncology"],"purposes":["TREAT"],
                 "approver":"privacy.officer","justification":"attending"}
                """
            #expect(try await client.call(.post, "/v1/grants", token: admin, body: grant).status == .created)
            let backwards = grant.replacingOccurrences(of: "g-onc", with: "g-bad").replacingOccurrences(
                of: #""approver""#, with: #""valid_from":"2026-02-01T00:00:00Z","valid_until":"2026-01-01T00:00:00Z","approver""#)
            #expect(try await client.call(.post, "/v1/grants", token: admin, body: backwards).status == .unprocessableContent)
            let read = """
                {"subject":{"type":"user","id":"dr.lee"},"action":{"name":"read"},
                 "resource":{"type":"Patient","id":"p-9","properties":{"departments":["oncology"]}},"context":{"purpose_of_use":"TREAT","mfa":true}}
                """
            #expect(
                try json(try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: read).body)["decision"] as? Bool
                    == true)
            let cedar = try await client.call(.get, "/v1/grants/g-onc?cedar=true", token: admin)
            #expect((try json(cedar.body)["cedar"] as? String)?.contains("permit") == true)
            #expect(try await client.call(.post, "/v1/grants/g-onc/revoke", token: admin, body: #"{"reason":"rotation ended"}"#).status == .ok)
            let twice = try await client.call(.post, "/v1/grants/g-onc/revoke", token: admin, body: #"{"reason":"again"}"#)
            #expect(twice.status == .conflict)
            #expect(
                try json(try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: read).body)["decision"] as? Bool
                    == false)
            let actions = try fixture.store.auditRecords(after: 0, limit: 1_000).filter { $0.kind == .admin }.map(\.action)
            #expect(actions.contains("principal.add") && actions.contains("grant.add") && actions.contains("grant.revoke"))
            let verify = try await client.call(.post, "/v1/audit/verify", token: fixture.auditToken)
            #expect(try json(verify.body)["intact"] as? Bool == true)
            let missing = try await client.call(.get, "/v1/grants/none", token: admin)
            #expect(missing.status == .notFound)
        }
    }

    @Test("keys: created once with their token, listed without it, revoked at once")
    func keys() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let created = try json(
                try await client.call(.post, "/v1/keys", token: fixture.adminToken, body: #"{"name":"gateway","scopes":["decide"]}"#).body)
            let token = try #require(created["token"] as? String)
            let id = try #require(created["id"] as? String)
            #expect(try await client.call(.post, "/access/v1/evaluation", token: token, body: ServerFixture.readCardiology).status == .ok)
            let listed = try await client.call(.get, "/v1/keys", token: fixture.adminToken)
            #expect(!listed.body.contains(token) && listed.body.contains(id))
            #expect(try await client.call(.delete, "/v1/keys/\(id)", token: fixture.adminToken).status == .ok)
            #expect(try await client.call(.post, "/access/v1/evaluation", token: token, body: ServerFixture.readCardiology).status == .unauthorized)
        }
    }

    @Test("a broken policy set is refused and the last good set keeps serving; /health says which is live")
    func reloadRefusesBrokenSet() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let before = try json(try await client.call(.get, "/health").body)
            let live = try #require((before["policy_set"] as? [String: Any])?["fingerprint"] as? String)
            let broken = fixture.policies.appendingPathComponent("zz-broken.cedar")
            try "permit (principal, action, resource) when { principal.nope };".write(to: broken, atomically: true, encoding: .utf8)
            let refused = try await client.call(.post, "/v1/admin/reload", token: fixture.adminToken)
            #expect(refused.status == .unprocessableContent)
            #expect(try errorCode(refused.body) == "policy_set_invalid")
            let after = try json(try await client.call(.get, "/health").body)
            #expect((after["policy_set"] as? [String: Any])?["fingerprint"] as? String == live)
            #expect(after["last_reload_error"] != nil)
            #expect(
                try json(try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology).body)[
                    "decision"] as? Bool == true)
            // A valid change goes live.
            try FileManager.default.removeItem(at: broken)
            try "@id(\"extra-forbid\")\nforbid (principal, action == Action::\"delete\", resource);\n".write(
                to: fixture.policies.appendingPathComponent("zz-extra.cedar"), atomically: true, encoding: .utf8)
            let accepted = try await client.call(.post, "/v1/admin/reload", token: fixture.adminToken)
            #expect(accepted.status == .ok)
            #expect(try json(accepted.body)["fingerprint"] as? String != live)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.body.contains("phiguard_policy_reloads_total{result=\"failure\"} 1"))
        }
    }

    @Test("the access review report and the review queue answer for auditors")
    func reports() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let report = try json(try await client.call(.get, "/v1/reports/access-review", token: fixture.auditToken).body)
            #expect((report["access"] as? [[String: Any]])?.contains { $0["principal"] as? String == "nurse.ana" } == true)
            #expect(try await client.call(.get, "/v1/reviews?status=open", token: fixture.auditToken).status == .ok)
            #expect(try await client.call(.get, "/v1/reviews?status=maybe", token: fixture.auditToken).status == .badRequest)
        }
    }
}

extension AdminAPITests {
    @Test("a change answers its revision; PHIGuard-Min-Revision decides on it, and refuses one never created")
    func consistencyToken() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let created = try await client.call(
                .post, "/v1/principals", token: fixture.adminToken, body: #"{"id":"dr.kim","name":"Kim","departments":["oncology"]}"#)
            let revision = try #require(try json(created.body)["revision"] as? Int)
            #expect(created.headers[HTTPField.Name("PHIGuard-Revision")!] == String(revision))
            var headers = HTTPFields()
            headers[HTTPField.Name("PHIGuard-Min-Revision")!] = String(revision)
            let decided = try await client.call(
                .post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology, headers: headers)
            #expect(decided.status == .ok)
            let context = try #require(try json(decided.body)["context"] as? [String: Any])
            #expect((context["directory_revision"] as? Int ?? 0) >= revision)
            headers[HTTPField.Name("PHIGuard-Min-Revision")!] = String(revision + 1_000)
            let future = try await client.call(
                .post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology, headers: headers)
            #expect(future.status == .badRequest)
            #expect(try errorCode(future.body) == "invalid_header")
            headers[HTTPField.Name("PHIGuard-Min-Revision")!] = "-1"
            #expect(
                try await client.call(
                    .post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology, headers: headers
                )
                .status == .badRequest)
        }
    }
}

extension AdminAPITests {
    @Test("a change feed that cannot be read fails PHI decisions closed (503 stale_directory) and readiness, not liveness")
    func staleDirectoryFailsClosed() async throws {
        let fixture = try ServerFixture(staleAfterMilliseconds: 200)
        try await fixture.routerApplication().test(.router) { client in
            let evaluate = { try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology) }
            #expect(try await evaluate().status == .ok)
            // The feed becomes unreadable (as a corrupted or foreign database would make it).
            try await fixture.store.writer.write { db in try db.execute(sql: "ALTER TABLE directory_changes RENAME TO directory_changes_away") }
            try await Task.sleep(for: .milliseconds(300))
            let refused = try await evaluate()
            #expect(refused.status == .serviceUnavailable)
            #expect(try errorCode(refused.body) == "stale_directory")
            let ready = try await client.call(.get, "/health/ready")
            #expect(ready.status == .serviceUnavailable)
            #expect((try json(ready.body)["problems"] as? [String])?.first?.contains("change feed") == true)
            #expect(try await client.call(.get, "/health/live").status == .ok)
            // Readable again: decisions resume.
            try await fixture.store.writer.write { db in try db.execute(sql: "ALTER TABLE directory_changes_away RENAME TO directory_changes") }
            #expect(try await evaluate().status == .ok)
            #expect(try await client.call(.get, "/health/ready").status == .ok)
        }
    }
}
