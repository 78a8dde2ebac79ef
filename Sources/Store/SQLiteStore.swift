public import AccessModel
public import Foundation
public import GRDB

/// The embedded store: one SQLite database (WAL mode, synchronous=FULL so every committed
/// transaction is on disk) and audit keys kept in files beside it, never inside it.
public final class SQLiteStore: AccessStore {
    let database: any DatabaseWriter
    let keys: AuditKeys
    /// How long a break-the-glass review may stay open.
    public let reviewWindowSeconds: Int64

    /// Opens (creating if needed) the database at `path` and the keys in `keysFolder`, and runs migrations.
    public convenience init(path: String, keysFolder: URL, reviewWindowSeconds: Int64 = 86_400) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, path: path)
        }
        try self.init(writer: pool, keys: try AuditKeys.loadOrCreate(in: keysFolder), reviewWindowSeconds: reviewWindowSeconds, path: path)
    }

    /// An in-memory database (tests).
    public static func inMemory(keys: AuditKeys = .generate()) throws -> SQLiteStore {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        return try SQLiteStore(writer: try DatabaseQueue(configuration: configuration), keys: keys, reviewWindowSeconds: 86_400, path: ":memory:")
    }

    init(writer: any DatabaseWriter, keys: AuditKeys, reviewWindowSeconds: Int64, path: String) throws {
        database = writer
        self.keys = keys
        self.reviewWindowSeconds = reviewWindowSeconds
        do {
            try Migrations.migrator.migrate(writer)
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// The writer, for tests that tamper with the audit table on purpose.
    public var writer: any DatabaseWriter { database }

    static func storeError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StoreError(.corrupted, "`\(path)` is not a PHIGuard database or is corrupted (\(error.resultCode))")
            case .SQLITE_CONSTRAINT:
                return StoreError(.conflict, "the change conflicts with stored data (\(error.message ?? "constraint"))")
            default:
                return StoreError(.database, "database error \(error.resultCode) at `\(path)`")
            }
        }
        return StoreError(.database, "\(error)")
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as AccessModelError {
            throw error
        } catch {
            throw Self.storeError(error, path: database.path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw Self.storeError(error, path: database.path)
        }
    }

    public func pseudonym(_ value: String) -> String { keys.pseudonym(value) }

    // MARK: Directory

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public func loadDirectory() throws -> AccessDirectory {
        try read { db in try Self.loadDirectory(db) }
    }

    static func loadDirectory(_ db: Database) throws -> AccessDirectory {
        var directory = AccessDirectory()
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(db, sql: "SELECT data FROM principals ORDER BY id") {
            try directory.load(principal: decoder.decode(Principal.self, from: Data((row["data"] as String).utf8)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT data FROM roles ORDER BY rowid") {
            try directory.load(role: decoder.decode(Role.self, from: Data((row["data"] as String).utf8)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT data FROM role_assignments") {
            try directory.load(assignment: decoder.decode(RoleAssignment.self, from: Data((row["data"] as String).utf8)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT data FROM grants") {
            try directory.load(grant: decoder.decode(Grant.self, from: Data((row["data"] as String).utf8)))
        }
        return directory
    }

    public func apply(_ change: DirectoryChange, actor: String, at time: Timestamp) throws -> AuditRecord {
        try write { db in
            var directory = try Self.loadDirectory(db)
            try change.apply(to: &directory)
            try Self.persist(change, result: directory, db)
            return try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: change.action, target: change.target, outcome: "success",
                    reasonCodes: [], policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: try self.details(of: change),
                    prevHash: "", hash: ""))
        }
    }

    /// The change as JSON for the audit record, with patient ids pseudonymised.
    func details(of change: DirectoryChange) throws -> String {
        var safe = change
        if case .addGrant(var grant) = change, let patient = grant.scope.patient {
            grant.scope.patient = keys.pseudonym(patient)
            safe = .addGrant(grant)
        }
        return String(decoding: try Self.encoder.encode(safe), as: UTF8.self)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func persist(_ change: DirectoryChange, result directory: AccessDirectory, _ db: Database) throws {
        func savePrincipal(_ id: String) throws {
            guard let principal = directory.principals[id] else { return }
            try db.execute(
                sql:
                    "INSERT INTO principals (id, kind, status, data) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, data = excluded.data",
                arguments: [principal.id, principal.kind.rawValue, principal.status.rawValue, try json(principal)])
        }
        func saveRole(_ id: String) throws {
            guard let role = directory.roles[id] else { return }
            try db.execute(
                sql: "INSERT INTO roles (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                arguments: [role.id, try json(role)])
        }
        func saveGrant(_ id: String) throws {
            guard let grant = directory.grants[id] else { return }
            try db.execute(
                sql: """
                    INSERT INTO grants (id, grantee, valid_until, revoked_at, data) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET revoked_at = excluded.revoked_at, data = excluded.data
                    """,
                arguments: [grant.id, grant.grantee.description, grant.validUntil?.milliseconds, grant.revokedAt?.milliseconds, try json(grant)])
        }
        switch change {
        case .addPrincipal(let principal): try savePrincipal(principal.id)
        case .setStatus(let id, _), .setCredentialState(let id, _): try savePrincipal(id)
        case .addRole(let role): try saveRole(role.id)
        case .includeRole(let roleID, _): try saveRole(roleID)
        case .assignRole(let assignment):
            try db.execute(
                sql: """
                    INSERT INTO role_assignments (principal_id, role_id, data) VALUES (?, ?, ?)
                    ON CONFLICT(principal_id, role_id) DO UPDATE SET data = excluded.data
                    """,
                arguments: [assignment.principalID, assignment.roleID, try json(assignment)])
        case .unassignRole(let principalID, let roleID):
            try db.execute(sql: "DELETE FROM role_assignments WHERE principal_id = ? AND role_id = ?", arguments: [principalID, roleID])
        case .addGrant(let grant): try saveGrant(grant.id)
        case .revokeGrant(let id, _, _, _): try saveGrant(id)
        }
    }

    // MARK: Audit log

    func lastHash(_ db: Database) throws -> (Int64, String) {
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") {
            return (row["seq"], row["hash"])
        }
        return (0, AuditRecord.genesisHash)
    }

    func appendAudit(_ db: Database, _ draft: AuditRecord) throws -> AuditRecord {
        let (lastSeq, lastHash) = try lastHash(db)
        var record = draft
        record.seq = lastSeq + 1
        record.prevHash = lastHash
        record.hash = record.computedHash()
        try db.execute(
            sql: """
                INSERT INTO audit_log (seq, recorded_at, kind, actor, action, target, outcome, patient_ref, data, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.seq, record.recordedAt.milliseconds, record.kind.rawValue, record.actor, record.action, record.target, record.outcome,
                record.patientRef, try Self.json(record), record.prevHash, record.hash,
            ])
        return record
    }

    public func appendDecisions(_ entries: [DecisionAuditEntry], at time: Timestamp) throws -> [AuditRecord] {
        try write { db in
            var records: [AuditRecord] = []
            for entry in entries {
                let request = entry.request
                let decision = entry.decision
                let record = try self.appendAudit(
                    db,
                    AuditRecord(
                        seq: 0, recordedAt: time, kind: .decision, actor: request.subject.id, action: request.action.rawValue, target: "",
                        outcome: decision.allowed ? "allow" : "deny", purposeOfUse: request.context.purposeOfUse?.rawValue,
                        resourceType: request.resource.kind.rawValue, resourceRef: keys.pseudonym(request.resource.id),
                        patientRef: keys.pseudonym(request.resource.patientID), reasonCodes: decision.reasonCodes, policyIDs: decision.policyIDs,
                        grantIDs: decision.grantIDs, obligations: decision.obligations, breakGlass: decision.breakGlass, details: nil,
                        prevHash: "", hash: ""))
                records.append(record)
                if decision.breakGlass {
                    try db.execute(
                        sql: "INSERT INTO review_items (id, audit_seq, principal_id, opened_at, due_at, status) VALUES (?, ?, ?, ?, ?, 'open')",
                        arguments: [
                            "review-\(record.seq)", record.seq, request.subject.id, time.milliseconds,
                            time.adding(seconds: reviewWindowSeconds).milliseconds,
                        ])
                }
                try db.execute(
                    sql: "UPDATE principals SET data = json_set(data, '$.lastActiveAt', ?) WHERE id = ?",
                    arguments: [time.description, request.subject.id])
            }
            return records
        }
    }

    public func auditRecords(after seq: Int64, limit: Int) throws -> [AuditRecord] {
        try read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(db, sql: "SELECT data FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map {
                try decoder.decode(AuditRecord.self, from: Data(($0["data"] as String).utf8))
            }
        }
    }

    public func verifyAudit() throws -> AuditVerification {
        try read { db in
            var expectedSeq: Int64 = 1
            var previousHash = AuditRecord.genesisHash
            var count = 0
            var hashes: [Int64: String] = [:]
            let decoder = JSONDecoder()
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, prev_hash, hash, data FROM audit_log ORDER BY seq")
            while let row = try rows.next() {
                let seq: Int64 = row["seq"]
                let storedHash: String = row["hash"]
                let storedPrev: String = row["prev_hash"]
                count += 1
                func broken(_ problem: AuditVerification.Problem, _ message: String) -> AuditVerification {
                    AuditVerification(records: count, checkpoints: 0, firstBrokenSeq: seq, problem: problem, message: message)
                }
                if seq > expectedSeq {
                    return broken(.deleted, "record \(expectedSeq) is missing (the next record is \(seq)): records were deleted")
                }
                guard let record = try? decoder.decode(AuditRecord.self, from: Data((row["data"] as String).utf8)) else {
                    return broken(.edited, "record \(seq) cannot be read: it was edited")
                }
                if record.seq != seq || record.hash != storedHash || record.prevHash != storedPrev || record.computedHash() != storedHash {
                    if record.prevHash != previousHash, record.computedHash() == record.hash {
                        return broken(.reordered, "record \(seq) does not follow record \(seq - 1): records were reordered or inserted")
                    }
                    return broken(.edited, "record \(seq) does not match its hash: it was edited")
                }
                if record.prevHash != previousHash {
                    return broken(
                        record.seq == seq ? .inserted : .reordered,
                        "record \(seq) does not link to record \(seq - 1): a record was inserted, replaced or reordered")
                }
                previousHash = storedHash
                hashes[seq] = storedHash
                expectedSeq = seq + 1
            }
            var checkpoints = 0
            for row in try Row.fetchAll(db, sql: "SELECT seq, hash, signature FROM audit_checkpoints ORDER BY seq") {
                checkpoints += 1
                let seq: Int64 = row["seq"]
                let hash: String = row["hash"]
                guard keys.verify(seq: seq, hash: hash, signature: row["signature"]) else {
                    return AuditVerification(
                        records: count, checkpoints: checkpoints, firstBrokenSeq: seq, problem: .badCheckpoint,
                        message: "the checkpoint at record \(seq) has an invalid signature")
                }
                guard let recorded = hashes[seq] else {
                    return AuditVerification(
                        records: count, checkpoints: checkpoints, firstBrokenSeq: seq, problem: .truncated,
                        message: "a signed checkpoint covers record \(seq), which no longer exists: the log was truncated")
                }
                guard recorded == hash else {
                    return AuditVerification(
                        records: count, checkpoints: checkpoints, firstBrokenSeq: seq, problem: .edited,
                        message: "record \(seq) differs from the signed checkpoint: the chain was rewritten")
                }
            }
            return AuditVerification(
                records: count, checkpoints: checkpoints, firstBrokenSeq: nil, problem: nil,
                message: "\(count) records and \(checkpoints) signed checkpoints verified")
        }
    }

    public func writeCheckpoint(at time: Timestamp) throws -> AuditCheckpoint? {
        try write { db in
            let (seq, hash) = try self.lastHash(db)
            guard seq > 0 else { return nil }
            let checkpoint = AuditCheckpoint(seq: seq, hash: hash, signedAt: time, keyID: keys.keyID, signature: keys.sign(seq: seq, hash: hash))
            try db.execute(
                sql: "INSERT OR REPLACE INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                arguments: [checkpoint.seq, checkpoint.hash, time.milliseconds, checkpoint.keyID, checkpoint.signature])
            return checkpoint
        }
    }

    // MARK: Reviews

    static func reviewItem(_ row: Row) -> ReviewItem {
        ReviewItem(
            id: row["id"], auditSeq: row["audit_seq"], principalID: row["principal_id"], openedAt: Timestamp(milliseconds: row["opened_at"]),
            dueAt: Timestamp(milliseconds: row["due_at"]), status: ReviewItem.Status(rawValue: row["status"]) ?? .open,
            outcome: (row["outcome"] as String?).flatMap(ReviewItem.Outcome.init(rawValue:)), closedBy: row["closed_by"],
            closedAt: (row["closed_at"] as Int64?).map(Timestamp.init(milliseconds:)), notes: row["notes"])
    }

    public func reviews(status: ReviewItem.Status?) throws -> [ReviewItem] {
        try read { db in
            let rows =
                if let status {
                    try Row.fetchAll(db, sql: "SELECT * FROM review_items WHERE status = ? ORDER BY opened_at, id", arguments: [status.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM review_items ORDER BY opened_at, id")
                }
            return rows.map(Self.reviewItem)
        }
    }

    public func closeReview(_ id: String, outcome: ReviewItem.Outcome, by actor: String, notes: String, at time: Timestamp) throws -> ReviewItem {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review_items WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no review item `\(id)`")
            }
            guard Self.reviewItem(row).status == .open else { throw StoreError(.invalidState, "review item `\(id)` is already closed") }
            try db.execute(
                sql: "UPDATE review_items SET status = 'closed', outcome = ?, closed_by = ?, closed_at = ?, notes = ? WHERE id = ?",
                arguments: [outcome.rawValue, actor, time.milliseconds, notes, id])
            _ = try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: "review.close", target: id, outcome: "success",
                    reasonCodes: [outcome.rawValue], policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: nil, prevHash: "",
                    hash: ""))
            guard let updated = try Row.fetchOne(db, sql: "SELECT * FROM review_items WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no review item `\(id)`")
            }
            return Self.reviewItem(updated)
        }
    }
}

extension DatabaseWriter {
    /// The database file path (`:memory:` for in-memory databases).
    var path: String { (self as? DatabasePool)?.path ?? ":memory:" }
}
