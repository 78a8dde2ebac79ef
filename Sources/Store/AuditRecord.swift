public import AccessModel
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

    /// The genesis link of the chain.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over the previous hash and every field but `hash`, in a canonical encoding.
    public func computedHash() -> String {
        var copy = self
        copy.hash = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(copy)) ?? Data()
        var hasher = SHA256()
        hasher.update(data: Data(prevHash.utf8))
        hasher.update(data: Data([0x0A]))
        hasher.update(data: body)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// What the caller supplies for a decision's audit record; the log adds sequence, time and hashes.
public struct DecisionAuditEntry: Sendable {
    public var request: AccessRequest
    public var decision: AccessDecision

    public init(request: AccessRequest, decision: AccessDecision) {
        self.request = request
        self.decision = decision
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
