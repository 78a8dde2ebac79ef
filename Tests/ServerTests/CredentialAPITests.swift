import AccessModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Store
import Testing

@Suite("Password and credential API (in-process router)")
struct CredentialAPITests {
    @Test("password checks: the CLI's JSON shape, decide keys allowed, errors with stable codes, the password never echoed")
    func passwordCheck() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let strong = try await client.call(
                .post, "/v1/passwords/check", token: fixture.decideToken, body: #"{"password":"violet anchor pebble quartz"}"#)
            #expect(strong.status == .ok)
            #expect(strong.body.hasPrefix(#"{"accepted":true,"score":4,"guesses_log10":"#))
            let weak = try await client.call(
                .post, "/v1/passwords/check", token: fixture.adminToken,
                body: #"{"password":"nurse.ana2026!","user":"nurse.ana","profile":"pci-dss-4","context_words":["Mercy"]}"#)
            let verdict = try json(weak.body)
            #expect(verdict["accepted"] as? Bool == false)
            let codes = (verdict["failures"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("contains_user_name"))
            #expect(!weak.body.contains("nurse.ana2026"))
            let unknown = try await client.call(.post, "/v1/passwords/check", token: fixture.adminToken, body: #"{"password":"x","profile":"nope"}"#)
            #expect(try unknown.status == .unprocessableContent && errorCode(unknown.body) == "unknown_profile")
            let missing = try await client.call(.post, "/v1/passwords/check", token: fixture.adminToken, body: #"{"user":"x"}"#)
            #expect(missing.status == .badRequest)
            let auditor = try await client.call(.post, "/v1/passwords/check", token: fixture.auditToken, body: #"{"password":"x"}"#)
            #expect(auditor.status == .forbidden)
            #expect(try await client.call(.post, "/v1/passwords/check", body: #"{"password":"x"}"#).status == .unauthorized)
        }
    }

    @Test("inventory: import all or nothing, compromise denies the principal at once, rotation restores, due listing")
    func inventory() async throws {
        let fixture = try ServerFixture()
        try await fixture.routerApplication().test(.router) { client in
            let admin = fixture.adminToken
            let rotated = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-85 * 86_400))
            let body = """
                {"credentials":[
                  {"id":"pw-ana","kind":"password","owner":"nurse.ana","class":"pci-person-password","principal":"nurse.ana","last_rotated_at":"\(rotated)"},
                  {"id":"db-ehr","kind":"database-login","owner":"svc-ehr","class":"database-login","target":"postgres://app:hunter2@db1/ehr","username":"ehr_app"}]}
                """
            let imported = try await client.call(.post, "/v1/credentials", token: admin, body: body)
            #expect(imported.status == .created, "\(imported.body)")
            let again = try await client.call(.post, "/v1/credentials", token: admin, body: body)
            #expect(again.status == .conflict)
            let badRow = try await client.call(
                .post, "/v1/credentials", token: admin,
                body:
                    #"{"credentials":[{"id":"k1","kind":"api-key","owner":"x","class":"api-key"},{"id":"k2","kind":"nope","owner":"x","class":"api-key"}]}"#
            )
            #expect(badRow.status == .unprocessableContent && badRow.body.contains("item 2"))
            #expect(try await client.call(.get, "/v1/credentials/k1", token: admin).status == .notFound)
            let list = try await client.call(.get, "/v1/credentials", token: fixture.auditToken)
            #expect(list.status == .ok && !list.body.contains("hunter2"))
            #expect((try json(list.body)["items"] as? [Any])?.count == 2)

            #expect(
                try json(try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology).body)[
                    "decision"] as? Bool == true)
            let compromised = try await client.call(.post, "/v1/credentials/pw-ana/compromised", token: admin)
            #expect(compromised.status == .ok)
            #expect(try json(compromised.body)["principal_credential_state"] as? String == "compromised")
            let denied = try json(
                try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology).body)
            #expect(denied["decision"] as? Bool == false)
            #expect(try await client.call(.post, "/v1/credentials/pw-ana/compromised", token: fixture.auditToken).status == .forbidden)
            let due = try json(try await client.call(.get, "/v1/rotation/due?within=30d", token: admin).body)
            #expect((due["items"] as? [[String: Any]])?.first?["reason"] as? String == "compromised")
            #expect(try await client.call(.get, "/v1/rotation/due?within=soon", token: admin).status == .badRequest)
            let restored = try await client.call(.post, "/v1/credentials/pw-ana/rotated", token: admin, body: "{}")
            #expect(try json(restored.body)["principal_credential_state"] as? String == "ok")
            #expect(
                try json(try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology).body)[
                    "decision"] as? Bool == true)
            for _ in 0..<10 { _ = try await client.call(.post, "/v1/credentials/pw-ana/failed-attempt", token: admin) }
            let shown = try json(try await client.call(.get, "/v1/credentials/pw-ana", token: admin).body)
            #expect(shown["state"] as? String == "locked")
            #expect(try await client.call(.post, "/v1/credentials/pw-ana/unlock", token: admin).status == .ok)
            #expect(try await client.call(.post, "/v1/credentials/nope/unlock", token: admin).status == .notFound)
            let audit = try await client.call(.get, "/v1/audit?limit=100", token: fixture.auditToken)
            #expect(audit.body.contains("credential.compromised") && audit.body.contains("credential.locked"))
        }
    }
}
