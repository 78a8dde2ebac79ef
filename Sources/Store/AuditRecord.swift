public import AccessModel
import Cedar
import Crypto
import Foundation

/// One entry of the tamper-evident audit log: a decision or an administrative change.
///
/// Patient and resource identifiers are stored only as keyed HMACs (the key lives outside the
/// database), so the log can be searched for a known patient without holding PHI in clear.
public struct AuditRecord: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case decision, admin
    }

    public var seq: Int64
    public var recordedAt: Timestamp
    public var kind: Kind
    /// The principal who asked (decisions) or made the change (admin).
    public var actor: String
    /// `read`, `grant.add`, ...
    public var action: String
    /// The principal, role or grant an admin change is about; empty for decisions.
    public var target: String
    /// `allow` or `deny` for decisions, `success` for admin changes.
    public var outcome: String
    public var purposeOfUse: String?
    public var resourceType: String?
    public var resourceRef: String?
    public var patientRef: String?
    public var reasonCodes: [String]
    public var policyIDs: [String]
    public var grantIDs: [String]
    public var obligations: [String]
    public var breakGlass: Bool
    /// For admin changes: the change as JSON, with patient ids replaced by their HMAC.
    public var details: String?
    public var prevHash: String
    public var hash: String
    /// The directory revision the decision was made on, or the one an admin change created. Records
    /// written before revisions existed have none, and their bodies stay byte for byte as they were.
    public var directoryRevision: Int64? = nil

    /// The genesis link of the chain.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Every field but `hash` as compact JSON with keys in a fixed order: the bytes the chain hashes
    /// and the `data` column stores.
    public var canonicalBody: String { Self.canonicalBody(seq: seq, middle: canonicalMiddle, prevHash: prevHash) }

    /// The body's fields between `seq` and `prevHash`, which do not depend on the record's place in
    /// the chain: built before the chain head is known (and for a large batch, on several cores),
    /// so the writer only adds the two ends.
    var canonicalMiddle: String {
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        let object = JSON.object(
            JSONObject(
                [
                    ("recordedAt", .string(recordedAt.description)), ("kind", .string(kind.rawValue)),
                    ("actor", .string(actor)), ("action", .string(action)), ("target", .string(target)), ("outcome", .string(outcome)),
                    ("purposeOfUse", optional(purposeOfUse)), ("resourceType", optional(resourceType)), ("resourceRef", optional(resourceRef)),
                    ("patientRef", optional(patientRef)), ("reasonCodes", strings(reasonCodes)), ("policyIDs", strings(policyIDs)),
                    ("grantIDs", strings(grantIDs)), ("obligations", strings(obligations)), ("breakGlass", .bool(breakGlass)),
                    ("details", optional(details)),
                ] + (directoryRevision.map { [("directoryRevision", JSON.number(String($0)))] } ?? []))
        ).serializedBytes
        // Without the braces; sliced as bytes (a `Substring` would walk the characters to count them).
        return String(decoding: object[1..<object.count - 1], as: UTF8.self)
    }

    /// `{"seq":N,<middle>,"prevHash":"H"}`: byte for byte what serializing every field in order
    /// gives (the hash is lower-case hex, which JSON never escapes).
    static func canonicalBody(seq: Int64, middle: String, prevHash: String) -> String {
        "{\"seq\":\(seq),\(middle),\"prevHash\":\"\(prevHash)\"}"
    }

    /// SHA-256 (hex) of the previous hash, a newline and the canonical body.
    static func chainHash(previous: String, body: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(previous.utf8))
        hasher.update(data: Data([0x0A]))
        hasher.update(data: Data(body.utf8))
        return hexString(hasher.finalize())
    }

    public func computedHash() -> String { Self.chainHash(previous: prevHash, body: canonicalBody) }

    /// Reads a record back from its stored body and hash.
    static func decode(body: String, hash: String) throws -> AuditRecord {
        let json = try JSON.parse(body)
        func string(_ key: String) throws -> String {
            guard case .string(let value)? = json[key] else { throw StoreError(.corrupted, "audit record field `\(key)` is missing") }
            return value
        }
        func optional(_ key: String) -> String? { json[key]?.stringValue }
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        guard case .number(let seqText)? = json["seq"], let seq = Int64(seqText), let recorded = Timestamp(parsing: try string("recordedAt")),
            let kind = Kind(rawValue: try string("kind"))
        else { throw StoreError(.corrupted, "audit record header is unreadable") }
        return AuditRecord(
            seq: seq, recordedAt: recorded, kind: kind, actor: try string("actor"), action: try string("action"), target: try string("target"),
            outcome: try string("outcome"), purposeOfUse: optional("purposeOfUse"), resourceType: optional("resourceType"),
            resourceRef: optional("resourceRef"), patientRef: optional("patientRef"), reasonCodes: strings("reasonCodes"),
            policyIDs: strings("policyIDs"),
            grantIDs: strings("grantIDs"), obligations: strings("obligations"), breakGlass: json["breakGlass"]?.boolValue ?? false,
            details: optional("details"), prevHash: try string("prevHash"), hash: hash,
            directoryRevision: { if case .number(let text)? = json["directoryRevision"] { Int64(text) } else { nil } }())
    }
}

/// What the caller supplies for a decision's audit record; the log adds sequence, time and hashes.
public struct DecisionAuditEntry: Sendable {
    public var request: AccessRequest
    public var decision: AccessDecision
    /// The directory revision the decision was made on. The store refuses to record it once a later
    /// revision has committed (`StoreError.staleDirectory`): the caller decides again instead.
    public var revision: Int64?

    public init(request: AccessRequest, decision: AccessDecision, revision: Int64? = nil) {
        self.request = request
        self.decision = decision
        self.revision = revision
    }
}

/// A signed statement that the chain had `hash` at `seq`, made with a key kept outside the database.
public struct AuditCheckpoint: Sendable, Hashable {
    public var seq: Int64
    public var hash: String
    public var signedAt: Timestamp
    public var keyID: String
    public var signature: String
}

/// The outcome of checking the whole chain.
public struct AuditVerification: Sendable, Hashable {
    public enum Problem: String, Sendable {
        case edited, deleted, inserted, reordered
        case badCheckpoint = "bad_checkpoint"
        case truncated
    }

    public var records: Int
    public var checkpoints: Int
    /// The first broken link, if any.
    public var firstBrokenSeq: Int64?
    public var problem: Problem?
    public var message: String

    public var isIntact: Bool { problem == nil }
}

/// Lower-case hex of bytes (String(format:) is far too slow for the audit hot path).
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}
