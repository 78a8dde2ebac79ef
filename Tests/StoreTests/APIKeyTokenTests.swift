import AccessModel
import Store
import Testing

@Suite("API key tokens")
struct APIKeyTokenTests {
    static let id = "0123456789ab"
    static let secret = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234"

    @Test("a created key's token parses into the id and secret it was made of, and its digest matches")
    func createdTokenParses() throws {
        let store = try SQLiteStore.inMemory()
        let created = try store.createAPIKey(name: "ci", scopes: [.decide], actor: "admin", at: Timestamp(milliseconds: 0))
        let parsed = try #require(APIKey.parse(created.token))
        #expect(parsed.id == created.key.id)
        let record = try #require(try store.apiKeyRecord(id: parsed.id))
        #expect(APIKey.constantTimeEqual(record.digest, APIKey.digest(parsed.secret)))
    }

    @Test("a well-formed token splits at its two underscores")
    func wellFormed() throws {
        let parsed = try #require(APIKey.parse("phg_\(Self.id)_\(Self.secret)"))
        #expect(parsed.id == Self.id)
        #expect(parsed.secret == Self.secret)
    }

    @Test(
        "malformed tokens are refused",
        arguments: [
            "",
            "phg_",
            "pHg_\(id)_\(secret)",  // prefix
            "phx_\(id)_\(secret)",
            "phg_\(id)-\(secret)",  // separator
            "phg_0123456789AB_\(secret)",  // id is lower-case hex
            "phg_0123456789a_\(secret)a",  // id one short
            "phg_\(id)_\(secret.dropLast())",  // secret one short
            "phg_\(id)_\(secret)a",  // secret one long
            "phg_\(id)_\(secret.dropLast())=",  // not base64url
            "phg_\(id)_\(secret.dropLast(2))é",  // the same count of characters, more bytes
            "phg_\(id)_\(secret.dropLast())\u{301}",  // a combining mark: one character fewer, more bytes
        ])
    func malformed(_ token: String) {
        #expect(APIKey.parse(token) == nil)
    }
}
