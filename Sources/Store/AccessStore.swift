public import AccessModel

/// A break-the-glass access waiting for (or past) its post-hoc review (164.308(a)(1)(ii)(D)).
public struct ReviewItem: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, closed }

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// The emergency justified the access.
        case justified
        /// Not justified: refer to the sanctions policy (164.308(a)(1)(ii)(C)).
        case unjustified
        /// Needs more information from the principal or their manager.
        case escalated
    }

    public var id: String
    public var auditSeq: Int64
    public var principalID: String
    public var openedAt: Timestamp
    public var dueAt: Timestamp
    public var status: Status
    public var outcome: Outcome?
    public var closedBy: String?
    public var closedAt: Timestamp?
    public var notes: String?
}

/// Where PHIGuard keeps its directory, audit log and review queue. The SQLite implementation
/// (`SQLiteStore`) is the embedded default; every method is synchronous and each write is one
/// durable transaction.
public protocol AccessStore: Sendable {
    /// The whole directory: principals, roles, assignments and grants.
    func loadDirectory() throws -> AccessDirectory

    /// Validates `change` against the stored directory, persists it and audits it, atomically.
    @discardableResult
    func apply(_ change: DirectoryChange, actor: String, at time: Timestamp) throws -> AuditRecord

    /// Appends decisions to the audit log in one durable transaction and opens a review item for
    /// each break-the-glass access.
    @discardableResult
    func appendDecisions(_ entries: [DecisionAuditEntry], at time: Timestamp) throws -> [AuditRecord]

    /// When each principal last received a decision, from the audit log.
    func lastActivity() throws -> [String: Timestamp]

    /// Audit records with `seq > after`, oldest first.
    func auditRecords(after seq: Int64, limit: Int) throws -> [AuditRecord]

    /// Checks every link of the audit chain and every checkpoint.
    func verifyAudit() throws -> AuditVerification

    /// Signs the current head of the chain; nil when the log is empty.
    @discardableResult
    func writeCheckpoint(at time: Timestamp) throws -> AuditCheckpoint?

    func reviews(status: ReviewItem.Status?) throws -> [ReviewItem]

    /// Closes a review item (an audited administrative action).
    @discardableResult
    func closeReview(_ id: String, outcome: ReviewItem.Outcome, by actor: String, notes: String, at time: Timestamp) throws -> ReviewItem

    /// The pseudonym stored for a patient or resource id, to search the log for it.
    func pseudonym(_ value: String) -> String
}
