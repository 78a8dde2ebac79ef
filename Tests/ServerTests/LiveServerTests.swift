import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Store
import Testing

@Suite("The whole path over a real socket")
struct LiveServerTests {
    @Test("key creation, evaluation over loopback HTTP, audit record")
    func wholePath() async throws {
        let fixture = try ServerFixture()
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let created = try json(
                try await client.call(.post, "/v1/keys", token: fixture.adminToken, body: #"{"name":"live","scopes":["decide"]}"#).body)
            let token = try #require(created["token"] as? String)
            let response = try await client.call(.post, "/access/v1/evaluation", token: token, body: ServerFixture.readCardiology)
            #expect(response.status == .ok)
            let seq = try #require((try json(response.body)["context"] as? [String: Any])?["audit_record"] as? Int)
            let records = try fixture.store.auditRecords(after: Int64(seq - 1), limit: 1)
            #expect(records.first?.outcome == "allow")
            #expect(try fixture.store.verifyAudit().isIntact)
        }
    }
}
