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

/// Where PHIGuard keeps its directory, its change feed, the audit log and the review queue. The
/// SQLite implementation (`SQLiteStore`) is the embedded default; every method is synchronous and
/// each write is one durable transaction. `StoreConformance` (in the store tests) is the suite a
/// backend must pass: revisions, the feed, concurrent writers, the audit chain and each entity's
/// lifecycle.
public protocol AccessStore: Sendable {
    /// The whole directory: principals, roles, assignments and grants.
    func loadDirectory() throws -> AccessDirectory

    /// The whole directory and the revision it is at, consistent with each other.
    func loadDirectorySnapshot() throws -> (AccessDirectory, revision: Int64)

    /// Loads a whole directory into an empty store in one transaction (migrating from another
    /// system, or building a benchmark data set), audited as one `directory.import` record.
    @discardableResult
    func importDirectory(_ directory: AccessDirectory, actor: String, at time: Timestamp) throws -> AuditRecord

    /// Validates `change` against the stored directory, persists it, appends it to the change feed
    /// (a new revision) and audits it, atomically. The record carries the revision.
    @discardableResult
    func apply(_ change: DirectoryChange, actor: String, at time: Timestamp) throws -> AuditRecord

    /// The latest committed revision (0 before any change).
    func directoryRevision() throws -> Int64

    /// The change feed after `revision`, oldest first: revisions in commit order, without gaps
    /// among committed changes.
    func directoryChanges(after revision: Int64, limit: Int) throws -> [FeedEntry]

    /// Appends decisions to the audit log in one durable transaction and opens a review item for
    /// each break-the-glass access.
    @discardableResult
    func appendDecisions(_ entries: [DecisionAuditEntry], at time: Timestamp) throws -> [AuditRecord]

    /// Several callers' decisions in one transaction; a group decided on a revision older than the
    /// committed one is refused with `StoreError.staleDirectory` and nothing of it is written.
    func appendDecisionGroups(_ groups: [[DecisionAuditEntry]], at time: Timestamp) throws -> [Result<[AuditRecord], StoreError>]

    /// When each principal last received a decision, from the audit log.
    func lastActivity() throws -> [String: Timestamp]

    /// Audit records with `seq > after`, oldest first.
    func auditRecords(after seq: Int64, limit: Int) throws -> [AuditRecord]

    /// Checks every link of the audit chain, every stored column and every checkpoint.
    func verifyAudit() throws -> AuditVerification

    /// The same, also against checkpoints kept outside the database.
    func verifyAudit(witnessed: [WitnessedCheckpoint]) throws -> AuditVerification

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
