public import AccessModel

/// One audit row as a backend stores it: the hashed body and the columns stored beside it, which
/// filters and searches read instead of the body.
public struct StoredAuditRow: Sendable {
    public var seq: Int64
    public var prevHash: String
    public var hash: String
    public var body: String
    public var actor: String
    public var action: String
    public var outcome: String
    public var patientRef: String?
    public var recordedAtMilliseconds: Int64
    public var kind: String
    public var target: String

    public init(
        seq: Int64, prevHash: String, hash: String, body: String, actor: String, action: String, outcome: String, patientRef: String?,
        recordedAtMilliseconds: Int64, kind: String, target: String
    ) {
        self.seq = seq
        self.prevHash = prevHash
        self.hash = hash
        self.body = body
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.patientRef = patientRef
        self.recordedAtMilliseconds = recordedAtMilliseconds
        self.kind = kind
        self.target = target
    }
}

/// A checkpoint held outside the database (`audit checkpoint --export`): the chain must still
/// hold record `seq` with exactly `hash`, which catches a truncated tail that deleted the signed
/// checkpoints inside the database along with the records.
public struct WitnessedCheckpoint: Sendable, Hashable {
    public var seq: Int64
    public var hash: String
    public var signature: String

    public init(seq: Int64, hash: String, signature: String) {
        self.seq = seq
        self.hash = hash
        self.signature = signature
    }
}

/// Verifies an audit chain streamed in `seq` order, whatever stores it: every link, every body
/// against its hash, every stored column against its body, and every signed checkpoint (those in
/// the database and those a witness kept) against the records. Pure: the backends read rows and
/// hand them in, so SQLite and PostgreSQL verify alike.
public struct AuditChainVerifier {
    private let keys: AuditKeys
    /// Checkpoint hashes by seq, read before the records so they are checked while streaming.
    private var expected: [Int64: (hash: String, source: String)] = [:]
    private var checkpointCount = 0
    private var expectedSeq: Int64 = 1
    private var previousHash = AuditRecord.genesisHash
    private var count = 0
    private var failure: AuditVerification?

    public init(keys: AuditKeys, checkpoints: [AuditCheckpoint], witnessed: [WitnessedCheckpoint] = []) {
        self.keys = keys
        checkpointCount = checkpoints.count
        // A witnessed checkpoint comes last and so overrides one in the database, which may have been rewritten.
        let all =
            checkpoints.map { ($0.seq, $0.hash, $0.signature, "the signed checkpoint") }
            + witnessed.map { ($0.seq, $0.hash, $0.signature, "the witnessed checkpoint") }
        for (seq, hash, signature, source) in all {
            guard keys.verify(seq: seq, hash: hash, signature: signature) else {
                failure = AuditVerification(
                    records: 0, checkpoints: checkpoints.count, firstBrokenSeq: seq, problem: .badCheckpoint,
                    message: "\(source) at record \(seq) has an invalid signature (not signed by this log's key)")
                return
            }
            expected[seq] = (hash, source)
        }
    }

    /// Whether verification already failed (the caller may stop reading rows).
    public var hasFailed: Bool { failure != nil }

    /// Checks the next row; the first problem found is kept and later rows are ignored.
    public mutating func add(_ row: StoredAuditRow) {
        guard failure == nil else { return }
        let seq = row.seq
        count += 1
        func broken(_ problem: AuditVerification.Problem, _ message: String) {
            failure = AuditVerification(records: count, checkpoints: checkpointCount, firstBrokenSeq: seq, problem: problem, message: message)
        }
        if seq > expectedSeq {
            return broken(.deleted, "record \(expectedSeq) is missing (the next record is \(seq)): records were deleted")
        }
        // The body is what the chain hashes; the columns beside it must agree with it.
        guard AuditRecord.chainHash(previous: row.prevHash, body: row.body) == row.hash,
            let record = try? AuditRecord.decode(body: row.body, hash: row.hash), record.prevHash == row.prevHash
        else {
            return broken(.edited, "record \(seq) does not match its hash: it was edited")
        }
        // Filters, searches and the review queue read these columns, not the body: a record
        // hidden from a filtered view by editing one of them is an edit too.
        let columns: [(String, Bool)] = [
            ("actor", record.actor == row.actor), ("action", record.action == row.action), ("outcome", record.outcome == row.outcome),
            ("patient_ref", record.patientRef == row.patientRef), ("recorded_at", record.recordedAt.milliseconds == row.recordedAtMilliseconds),
            ("kind", record.kind.rawValue == row.kind), ("target", record.target == row.target),
        ]
        if let column = columns.first(where: { !$0.1 })?.0 {
            return broken(.edited, "record \(seq)'s `\(column)` column differs from its hashed body: it was edited")
        }
        if record.seq != seq {
            return broken(.reordered, "record \(seq) holds record \(record.seq): records were reordered")
        }
        if row.prevHash != previousHash {
            return broken(.inserted, "record \(seq) does not link to record \(seq - 1): a record was inserted or replaced")
        }
        if let checkpoint = expected.removeValue(forKey: seq), checkpoint.hash != row.hash {
            return broken(.edited, "record \(seq) differs from \(checkpoint.source): the chain was rewritten")
        }
        previousHash = row.hash
        expectedSeq = seq + 1
    }

    /// The verdict once every row was added.
    public func finish() -> AuditVerification {
        if let failure { return failure }
        if let (seq, checkpoint) = expected.min(by: { $0.key < $1.key }) {
            return AuditVerification(
                records: count, checkpoints: checkpointCount, firstBrokenSeq: seq, problem: .truncated,
                message: "\(checkpoint.source) covers record \(seq), which no longer exists: the log was truncated")
        }
        return AuditVerification(
            records: count, checkpoints: checkpointCount, firstBrokenSeq: nil, problem: nil,
            message: "\(count) records and \(checkpointCount) signed checkpoints verified")
    }
}
