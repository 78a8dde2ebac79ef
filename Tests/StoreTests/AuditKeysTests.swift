import Crypto
import Foundation
import Store
import Testing

@Suite("Audit keys")
struct AuditKeysTests {
    @Test("pseudonyms are HMAC-SHA256 of the id under the audit key (RFC 2104)")
    func pseudonymIsHMAC() throws {
        let key = Data((0..<32).map { UInt8($0) })
        let keys = try AuditKeys(hmacKey: key, signingKey: Curve25519.Signing.PrivateKey().rawRepresentation)
        for value in ["p-77", "", "patient/ünïcode", String(repeating: "x", count: 200)] {
            let reference = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: key))
            let hex = reference.map { String(format: "%02x", $0) }.joined()
            #expect(keys.pseudonym(value) == "hmac-sha256:" + hex)
        }
    }
}
