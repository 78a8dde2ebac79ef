import AccessModel
import Foundation
import GRDB
import Store
import Testing

/// The exact bytes the chain hashes, written out: a change to the serializer that would make
/// existing logs fail verification fails here first. The hashes and pseudonyms were computed apart
/// from PHIGuard (Python's hashlib and hmac over these bodies, HMAC key 32 bytes of 0x07).
@Suite("Audit record bytes")
struct AuditGoldenTests {
    static let t0 = Timestamp(parsing: "2026-06-01T10:00:00Z")!

    /// An admin change (revision 1), a decision on revision 1, and a decision without a revision,
    /// as records written before revisions existed are.
    static let golden: [(seq: Int64, body: String, hash: String)] = [
        (
            1,
            #"{"seq":1,"recordedAt":"2026-06-01T10:00:00.000Z","kind":"admin","actor":"privacy.officer","action":"role.add","target":"nurse","outcome":"success","purposeOfUse":null,"resourceType":null,"resourceRef":null,"patientRef":null,"reasonCodes":[],"policyIDs":[],"grantIDs":[],"obligations":[],"breakGlass":false,"details":"{\"addRole\":{\"_0\":{\"description\":\"registered nurse\",\"id\":\"nurse\",\"includes\":[]}}}","directoryRevision":1,"prevHash":"0000000000000000000000000000000000000000000000000000000000000000"}"#,
            "2c2cde39f86aedf4402c82ab7adc5581699e09fafaa1bfedca8711173401a9ce"
        ),
        (
            2,
            #"{"seq":2,"recordedAt":"2026-06-01T10:00:00.000Z","kind":"decision","actor":"nurse.ana","action":"read","target":"","outcome":"allow","purposeOfUse":"TREAT","resourceType":"Record","resourceRef":"hmac-sha256:2d17df4940756ea63ea8b9f09dd39146754987cfb779bcbe848e6ca8cd943638","patientRef":"hmac-sha256:e806ae3a8b4a292cf0784ad093d20bee4c61e2d2d9ceb0d4b8f764724513081a","reasonCodes":["grant"],"policyIDs":["grant:g1"],"grantIDs":["g1"],"obligations":["AUDTR"],"breakGlass":false,"details":null,"directoryRevision":1,"prevHash":"2c2cde39f86aedf4402c82ab7adc5581699e09fafaa1bfedca8711173401a9ce"}"#,
            "90c067369efae2e5cbfe3e93e5ff2c1e17f9f171510f418031eae78de45ee436"
        ),
        (
            3,
            #"{"seq":3,"recordedAt":"2026-06-01T10:00:00.000Z","kind":"decision","actor":"nurse.ana","action":"read","target":"","outcome":"allow","purposeOfUse":"TREAT","resourceType":"Record","resourceRef":"hmac-sha256:2d17df4940756ea63ea8b9f09dd39146754987cfb779bcbe848e6ca8cd943638","patientRef":"hmac-sha256:e806ae3a8b4a292cf0784ad093d20bee4c61e2d2d9ceb0d4b8f764724513081a","reasonCodes":["grant"],"policyIDs":["grant:g1"],"grantIDs":["g1"],"obligations":["AUDTR"],"breakGlass":false,"details":null,"prevHash":"90c067369efae2e5cbfe3e93e5ff2c1e17f9f171510f418031eae78de45ee436"}"#,
            "5780cfc7417590ee16a12e95a663b64ed8bb64f6716b1292e3a731ce8b238e56"
        ),
    ]

    static func store() throws -> SQLiteStore {
        let keys = try AuditKeys(hmacKey: Data(repeating: 7, count: 32), signingKey: Data(repeating: 9, count: 32))
        let store = try SQLiteStore.inMemory(keys: keys)
        try store.apply(.addRole(Role(id: "nurse", description: "registered nurse")), actor: "privacy.officer", at: t0)
        let request = AccessRequest(
            subject: SubjectReference(id: "nurse.ana"), action: .read, resource: ResourceDescription(kind: .record, id: "r-1", patientID: "p-77"),
            context: RequestContext(purposeOfUse: .treatment), now: t0)
        let decision = AccessDecision(
            allowed: true, reasonCodes: ["grant"], policyIDs: ["grant:g1"], grantIDs: ["g1"], obligations: ["AUDTR"], explanation: nil, errors: [],
            breakGlass: false)
        try store.appendDecisions([DecisionAuditEntry(request: request, decision: decision, revision: 1)], at: t0)
        try store.appendDecisions([DecisionAuditEntry(request: request, decision: decision)], at: t0)
        return store
    }

    @Test("bodies and hashes, byte for byte, as serialized and as stored")
    func goldenBytes() throws {
        let store = try Self.store()
        let records = try store.auditRecords(after: 0, limit: 10)
        #expect(records.count == Self.golden.count)
        for (record, expected) in zip(records, Self.golden) {
            #expect(record.seq == expected.seq)
            #expect(record.canonicalBody == expected.body)
            #expect(record.hash == expected.hash)
            #expect(record.computedHash() == expected.hash)
            let stored = try store.writer.read { try String.fetchOne($0, sql: "SELECT data FROM audit_log WHERE seq = ?", arguments: [expected.seq]) }
            #expect(stored == expected.body)
        }
        #expect(try store.verifyAudit().isIntact)
    }
}
