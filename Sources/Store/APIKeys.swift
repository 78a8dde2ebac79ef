public import AccessModel
import Cedar
import Crypto
public import Foundation
import GRDB

/// A credential an application or administrator presents to the HTTP service. Only the SHA-256
/// of the secret is stored: the secret is 256 random bits, so a slow hash would add nothing.
public struct APIKey: Sendable, Hashable, Codable {
    /// What a key may call: `decide` the AuthZEN API, `admin` the admin API, `audit` the audit API.
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        case decide, admin, audit
    }

    /// Public part of the key, also the prefix of its secret (`phg_<id>_<secret>`).
    public var id: String
    public var name: String
    public var scopes: [Scope]
    public var createdAt: Timestamp
    public var createdBy: String
    public var revokedAt: Timestamp?
    public var revokedBy: String?

    public var isRevoked: Bool { revokedAt != nil }

    public init(id: String, name: String, scopes: [Scope], createdAt: Timestamp, createdBy: String) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Splits `phg_<id>_<secret>` into its id and secret; nil for anything else.
    public static func parse(_ token: String) -> (id: String, secret: String)? {
        // Byte-wise: every request is authenticated, and counting `Character`s walks grapheme
        // boundaries. `phg_` + 12 hex digits + `_` + 43 base64url characters, all ASCII.
        let bytes = Array(token.utf8)
        guard bytes.count == 60, bytes[0..<4].elementsEqual("phg_".utf8), bytes[16] == UInt8(ascii: "_"),
            bytes[4..<16].allSatisfy(isHexDigit), bytes[17...].allSatisfy(isBase64URL)
        else { return nil }
        return (String(decoding: bytes[4..<16], as: UTF8.self), String(decoding: bytes[17...], as: UTF8.self))
    }

    /// The stored digest of a secret.
    public static func digest(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

    /// Compares two digests without an early exit, so timing reveals nothing about where they differ.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

private func isHexDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }
private func isBase64URL(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 45 || byte == 95
}

/// A freshly created key: the only moment its secret exists outside the caller's hands.
public struct CreatedAPIKey: Sendable {
    public var key: APIKey
    public var token: String
}

extension SQLiteStore {
    /// Creates a key and audits its creation (never its secret).
    public func createAPIKey(name: String, scopes: [APIKey.Scope], actor: String, at time: Timestamp) throws -> CreatedAPIKey {
        guard !name.isEmpty, name.count <= 100 else { throw StoreError(.invalidState, "a key name must have 1 to 100 characters") }
        guard !scopes.isEmpty else { throw StoreError(.invalidState, "a key needs at least one scope (decide, admin or audit)") }
        var random = SystemRandomNumberGenerator()
        let id = hexString((0..<6).map { _ in UInt8.random(in: .min ... .max, using: &random) })
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        let secret = Data(secretBytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let key = APIKey(id: id, name: name, scopes: Array(Set(scopes)).sorted { $0.rawValue < $1.rawValue }, createdAt: time, createdBy: actor)
        try write { db in
            try db.execute(
                sql: "INSERT INTO api_keys (id, name, scopes, secret_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    key.id, key.name, key.scopes.map(\.rawValue).joined(separator: ","), Data(APIKey.digest(secret)), time.milliseconds, actor,
                ])
            _ = try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: "api_key.create", target: key.id, outcome: "success",
                    reasonCodes: [], policyIDs: [], grantIDs: [], obligations: [], breakGlass: false,
                    details: "{\"name\":\(JSONString(key.name)),\"scopes\":\"\(key.scopes.map(\.rawValue).joined(separator: ","))\"}",
                    prevHash: "", hash: ""))
        }
        return CreatedAPIKey(key: key, token: "phg_\(id)_\(secret)")
    }

    public func apiKeys() throws -> [APIKey] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY created_at, id").map(Self.apiKey) }
    }

    @discardableResult
    public func revokeAPIKey(_ id: String, actor: String, at time: Timestamp) throws -> APIKey {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no API key `\(id)`")
            }
            var key = Self.apiKey(row)
            guard !key.isRevoked else { throw StoreError(.conflict, "API key `\(id)` is already revoked") }
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?", arguments: [time.milliseconds, actor, id])
            key.revokedAt = time
            key.revokedBy = actor
            // Services cache keys; the feed tells each of them to forget this one at once.
            let revision = try Self.recordKeyChange(id, at: time, db)
            _ = try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: "api_key.revoke", target: id, outcome: "success",
                    reasonCodes: [], policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: nil, prevHash: "", hash: "",
                    directoryRevision: revision))
            return key
        }
    }

    static func apiKey(_ row: Row) -> APIKey {
        let scopes = (row["scopes"] as String).split(separator: ",").compactMap { APIKey.Scope(rawValue: String($0)) }
        var key = APIKey(
            id: row["id"], name: row["name"], scopes: scopes, createdAt: Timestamp(milliseconds: row["created_at"]), createdBy: row["created_by"])
        if let revoked: Int64 = row["revoked_at"] {
            key.revokedAt = Timestamp(milliseconds: revoked)
            key.revokedBy = row["revoked_by"]
        }
        return key
    }
}

/// A JSON string literal (quotes and escapes) for hand-built audit details.
func JSONString(_ text: String) -> String {
    Cedar.JSON.string(text).serialized
}

extension SQLiteStore {
    /// Audits a service event that changes no directory record (a policy reload, say).
    @discardableResult
    public func recordAdminEvent(action: String, target: String, actor: String, details: String?, at time: Timestamp) throws -> AuditRecord {
        try write { db in
            try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: action, target: target, outcome: "success", reasonCodes: [],
                    policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: details, prevHash: "", hash: ""))
        }
    }
}

extension SQLiteStore {
    /// A key with its stored digest (revoked keys included, so the caller can refuse them).
    public func apiKeyRecord(id: String) throws -> (key: APIKey, digest: [UInt8])? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]) else { return nil }
            let stored: Data = row["secret_sha256"]
            return (Self.apiKey(row), Array(stored))
        }
    }
}
