public import AccessModel
import Credentials
public import Foundation
public import GRDB
import Synchronization

/// How far a committed transaction has travelled before the call returns.
public enum Durability: String, Sendable, CaseIterable {
    /// On disk: every commit is fsynced (SQLite `synchronous=FULL`). Survives power loss.
    case disk
    /// In the operating system: every commit is written to the WAL file before the call returns, so
    /// it survives a crash of PHIGuard; fsync happens when `syncToDisk()` runs (the service does so
    /// on a short timer), which bounds what a power loss can take (`synchronous=NORMAL`).
    case os
}

/// The embedded store: one SQLite database (WAL mode) and audit keys kept in files beside it,
/// never inside it.
public final class SQLiteStore: AccessStore {
    let database: any DatabaseWriter
    let keys: AuditKeys
    /// How long a break-the-glass review may stay open.
    public let reviewWindowSeconds: Int64
    /// A signed checkpoint is written automatically whenever the chain passes a multiple of this.
    public let checkpointInterval: Int64

    /// Opens (creating if needed) the database at `path` and the keys in `keysFolder`, and runs migrations.
    public convenience init(
        path: String, keysFolder: URL, reviewWindowSeconds: Int64 = 86_400, checkpointInterval: Int64 = 10_000, durability: Durability = .disk
    ) throws {
        var configuration = Configuration()
        // Several processes share the file (services, the CLI, cron): a writer waits for another's
        // transaction instead of failing at once. Write transactions are short (milliseconds).
        configuration.busyMode = .timeout(Self.busyTimeoutSeconds)
        let synchronous = durability == .disk ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Read through a memory map: start-up reads the whole directory.
            try db.execute(sql: "PRAGMA mmap_size = 4294967296")
            // Checkpoint every 32 MiB of WAL rather than every 4 MiB: each checkpoint ends in an
            // fsync of the database file, which under durable audit batches cost as much as the
            // batches themselves.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB's pool enables WAL after `prepareDatabase` has run and sets `synchronous = NORMAL`
            // while doing so (an fsync only at checkpoints), which would quietly make `.disk` the
            // same as `.os`. So it is set again here, on the one connection that writes.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        } catch {
            throw Self.storeError(error, path: path)
        }
        try self.init(
            writer: pool, keys: try AuditKeys.loadOrCreate(in: keysFolder), reviewWindowSeconds: reviewWindowSeconds,
            checkpointInterval: checkpointInterval, path: path)
    }

    /// An in-memory database (tests).
    public static func inMemory(keys: AuditKeys = .generate(), checkpointInterval: Int64 = 10_000) throws -> SQLiteStore {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        return try SQLiteStore(
            writer: try DatabaseQueue(configuration: configuration), keys: keys, reviewWindowSeconds: 86_400, checkpointInterval: checkpointInterval,
            path: ":memory:")
    }

    init(writer: any DatabaseWriter, keys: AuditKeys, reviewWindowSeconds: Int64, checkpointInterval: Int64, path: String) throws {
        database = writer
        self.keys = keys
        self.reviewWindowSeconds = reviewWindowSeconds
        self.checkpointInterval = max(1, checkpointInterval)
        do {
            try Migrations.migrator.migrate(writer)
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// How long a write waits for another process's transaction before it fails (`database_error`).
    static let busyTimeoutSeconds: TimeInterval = 10

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
        } catch let error as CredentialsError {
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

    /// SQLite's `synchronous` level on the writing connection (2: FULL, 1: NORMAL), for tests.
    package func writerSynchronousLevel() throws -> Int {
        try database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Forces what is committed onto the disk (a passive WAL checkpoint syncs the WAL first). With
    /// `Durability.os` the service calls this on a timer; with `.disk` every commit already is.
    public func syncToDisk() throws {
        do {
            try database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw Self.storeError(error, path: database.path)
        }
    }

    // MARK: Directory

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public func loadDirectory() throws -> AccessDirectory {
        guard database is DatabasePool else { return try read { db in try Self.loadDirectory(db) } }
        // Grants dominate start-up: read them in rowid ranges on concurrent read connections,
        // alongside the rest of the directory (work item 0, handed out first). More ranges than
        // cores keep both cores busy to the end.
        let (low, high) = try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1) FROM grants")
            return (row?[0] ?? 0, row?[1] ?? -1) as (Int64, Int64)
        }
        let parts = 2 * Processors.active
        let span = (high - low + 1 + Int64(parts) - 1) / Int64(parts)
        let rest = Mutex<Result<AccessDirectory, any Error>?>(nil)
        let results = Mutex<[Int: Result<[Grant], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: parts + 1) { item in
            guard item > 0 else {
                let result = Result { try self.read { db in try Self.loadDirectory(db, grants: false) } }
                rest.withLock { $0 = result }
                return
            }
            let part = item - 1
            let from = low + Int64(part) * span
            let result = Result { () throws -> [Grant] in
                try self.read { db in
                    var grants: [Grant] = []
                    grants.reserveCapacity(Int(max(0, span)))  // at most one grant per rowid: no regrowth
                    var decoder = DirectoryRows.GrantDecoder()
                    let cursor = try Row.fetchCursor(
                        db, sql: "SELECT \(DirectoryRows.grantColumns) FROM grants WHERE rowid >= ? AND rowid < ?", arguments: [from, from + span])
                    while let row = try cursor.next() { grants.append(try decoder.grant(row)) }
                    return grants
                }
            }
            results.withLock { $0[part] = result }
        }
        guard var directory = try rest.withLock({ $0 })?.get() else { throw StoreError(.corrupted, "the directory could not be read") }
        let collected = results.withLock { $0 }
        directory.load(grants: try (0..<parts).map { try collected[$0]?.get() ?? [] })
        return directory
    }

    static func loadDirectory(_ db: Database, grants loadGrants: Bool = true) throws -> AccessDirectory {
        var directory = AccessDirectory()
        let principals = try Row.fetchCursor(db, sql: "SELECT \(DirectoryRows.principalColumns) FROM principals")
        while let row = try principals.next() { directory.load(principal: try DirectoryRows.principal(row)) }
        let roles = try Row.fetchCursor(db, sql: "SELECT id, description, includes FROM roles")
        while let row = try roles.next() { directory.load(role: DirectoryRows.role(row)) }
        let assignments = try Row.fetchCursor(db, sql: "SELECT \(DirectoryRows.assignmentColumns) FROM role_assignments")
        while let row = try assignments.next() { directory.load(assignment: DirectoryRows.assignment(row)) }
        if loadGrants {
            var decoder = DirectoryRows.GrantDecoder()
            let grants = try Row.fetchCursor(db, sql: "SELECT \(DirectoryRows.grantColumns) FROM grants")
            while let row = try grants.next() { directory.load(grant: try decoder.grant(row)) }
        }
        return directory
    }

    /// The part of the directory a change reads to validate itself: every role (few, and a role
    /// change needs the hierarchy), the principals, assignments and grants it names. A revocation
    /// in a store of a million grants reads one grant, not the million.
    static func loadDirectory(_ db: Database, touching change: DirectoryChange) throws -> AccessDirectory {
        var directory = AccessDirectory()
        let roles = try Row.fetchCursor(db, sql: "SELECT id, description, includes FROM roles")
        while let row = try roles.next() { directory.load(role: DirectoryRows.role(row)) }
        var principalIDs: [String] = []
        var grantIDs: [String] = []
        switch change {
        case .addPrincipal(let principal): principalIDs = [principal.id]
        case .setStatus(let id, _), .setCredentialState(let id, _): principalIDs = [id]
        case .addRole(let role): principalIDs = [role.id]  // a role id must not be a principal's
        case .includeRole: break
        case .assignRole(let assignment): principalIDs = [assignment.principalID]
        case .unassignRole(let principalID, _): principalIDs = [principalID]
        case .addGrant(let grant):
            grantIDs = [grant.id]
            // The approver's assignments: an approver who holds the granted role is refused.
            principalIDs = [grant.approver]
            if case .principal(let id) = grant.grantee, id != grant.approver { principalIDs.append(id) }
        case .revokeGrant(let id, _, _, _): grantIDs = [id]
        }
        for id in principalIDs {
            if let row = try Row.fetchOne(db, sql: "SELECT \(DirectoryRows.principalColumns) FROM principals WHERE id = ?", arguments: [id]) {
                directory.load(principal: try DirectoryRows.principal(row))
            }
            let assignments = try Row.fetchCursor(
                db, sql: "SELECT \(DirectoryRows.assignmentColumns) FROM role_assignments WHERE principal_id = ?", arguments: [id])
            while let row = try assignments.next() { directory.load(assignment: DirectoryRows.assignment(row)) }
        }
        for id in grantIDs {
            if let row = try Row.fetchOne(db, sql: "SELECT \(DirectoryRows.grantColumns) FROM grants WHERE id = ?", arguments: [id]) {
                directory.load(grant: try DirectoryRows.grant(row))
            }
        }
        return directory
    }

    public func apply(_ change: DirectoryChange, actor: String, at time: Timestamp) throws -> AuditRecord {
        try write { db in
            var directory = try Self.loadDirectory(db, touching: change)
            try change.apply(to: &directory)
            try Self.persist(change, result: directory, db)
            let revision = try Self.recordChange(change, at: time, db)
            return try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: change.action, target: change.target, outcome: "success",
                    reasonCodes: [], policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: try self.details(of: change),
                    prevHash: "", hash: "", directoryRevision: revision))
        }
    }

    /// Loads a whole directory into an empty store in one transaction (migrating from another
    /// system, or building a benchmark data set), audited as one `directory.import` record.
    @discardableResult
    public func importDirectory(_ directory: AccessDirectory, actor: String, at time: Timestamp) throws -> AuditRecord {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM principals") == 0 else {
                throw StoreError(.invalidState, "import needs an empty directory")
            }
            for principal in directory.principals.values { try Self.savePrincipal(principal, db) }
            for role in directory.roles.values { try Self.saveRole(role, db) }
            for assignment in directory.assignments.values.joined() { try Self.saveAssignment(assignment, db) }
            for grant in directory.grants.values { try Self.saveGrant(grant, db) }
            let summary = "{\"principals\":\(directory.principals.count),\"roles\":\(directory.roles.count),\"grants\":\(directory.grants.count)}"
            let revision = try Self.recordReload(entity: "directory", id: "import", at: time, db)
            return try self.appendAudit(
                db,
                AuditRecord(
                    seq: 0, recordedAt: time, kind: .admin, actor: actor, action: "directory.import", target: "", outcome: "success", reasonCodes: [],
                    policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: summary, prevHash: "", hash: "",
                    directoryRevision: revision))
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

    static func savePrincipal(_ principal: Principal, _ db: Database) throws {
        try db.cachedStatement(
            sql:
                "INSERT OR REPLACE INTO principals (\(DirectoryRows.principalColumns)) VALUES (\(DirectoryRows.placeholders(DirectoryRows.principalColumns)))"
        ).execute(arguments: DirectoryRows.principalArguments(principal))
    }

    static func saveRole(_ role: Role, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO roles (id, description, includes) VALUES (?, ?, ?)")
            .execute(arguments: [role.id, role.description, DirectoryRows.list(role.includes)])
    }

    static func saveAssignment(_ assignment: RoleAssignment, _ db: Database) throws {
        try db.cachedStatement(
            sql:
                "INSERT OR REPLACE INTO role_assignments (\(DirectoryRows.assignmentColumns)) VALUES (\(DirectoryRows.placeholders(DirectoryRows.assignmentColumns)))"
        ).execute(arguments: DirectoryRows.assignmentArguments(assignment))
    }

    static func saveGrant(_ grant: Grant, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO grants (\(DirectoryRows.grantColumns)) VALUES (\(DirectoryRows.placeholders(DirectoryRows.grantColumns)))"
        ).execute(arguments: DirectoryRows.grantArguments(grant))
    }

    static func persist(_ change: DirectoryChange, result directory: AccessDirectory, _ db: Database) throws {
        switch change {
        case .addPrincipal(let principal): try savePrincipal(principal, db)
        case .setStatus(let id, _), .setCredentialState(let id, _): if let principal = directory.principals[id] { try savePrincipal(principal, db) }
        case .addRole(let role): try saveRole(role, db)
        case .includeRole(let roleID, _): if let role = directory.roles[roleID] { try saveRole(role, db) }
        case .assignRole(let assignment): try saveAssignment(assignment, db)
        case .unassignRole(let principalID, let roleID):
            try db.execute(sql: "DELETE FROM role_assignments WHERE principal_id = ? AND role_id = ?", arguments: [principalID, roleID])
        case .addGrant(let grant): try saveGrant(grant, db)
        case .revokeGrant(let id, _, _, _): if let grant = directory.grants[id] { try saveGrant(grant, db) }
        }
    }

    // MARK: Directory revisions and the change feed

    /// Appends `change` to the change feed inside the caller's transaction; returns its revision.
    static func recordChange(_ change: DirectoryChange, at time: Timestamp, _ db: Database) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO directory_changes (recorded_at, entity, entity_id, change) VALUES (?, ?, ?, ?)")
            .execute(arguments: [time.milliseconds, change.entity, change.target, try json(change)])
        return db.lastInsertedRowID
    }

    /// Appends a change that followers apply by reading the whole directory again.
    static func recordReload(entity: String, id: String, at time: Timestamp, _ db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO directory_changes (recorded_at, entity, entity_id, reload) VALUES (?, ?, ?, 1)",
            arguments: [time.milliseconds, entity, id])
        return db.lastInsertedRowID
    }

    /// Appends an API key change (a revocation): followers drop the key from their caches.
    static func recordKeyChange(_ id: String, at time: Timestamp, _ db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO directory_changes (recorded_at, entity, entity_id) VALUES (?, ?, ?)",
            arguments: [time.milliseconds, FeedEntry.apiKeyEntity, id])
        return db.lastInsertedRowID
    }

    static func directoryRevision(_ db: Database) throws -> Int64 {
        // The table's largest rowid: one step down the b-tree's right edge.
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(revision), 0) FROM directory_changes")) ?? 0
    }

    public func directoryRevision() throws -> Int64 {
        try read { db in try Self.directoryRevision(db) }
    }

    /// The change feed after `revision`, oldest first, at most `limit` entries.
    public func directoryChanges(after revision: Int64, limit: Int) throws -> [FeedEntry] {
        try read { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT revision, entity, entity_id, change, reload FROM directory_changes WHERE revision > ? ORDER BY revision LIMIT ?"),
                arguments: [revision, limit])
            var entries: [FeedEntry] = []
            let decoder = JSONDecoder()
            while let row = try rows.next() {
                let revision: Int64 = row[0]
                var entry = FeedEntry(revision: revision, entity: row[1], entityID: row[2], change: nil, reload: row[4] as Int64 != 0)
                if let text = row[3] as String? {
                    guard let change = try? decoder.decode(DirectoryChange.self, from: Data(text.utf8)) else {
                        throw StoreError(.corrupted, "directory change \(revision) is unreadable")
                    }
                    entry.change = change
                }
                entries.append(entry)
            }
            return entries
        }
    }

    public func loadDirectorySnapshot() throws -> (AccessDirectory, revision: Int64) {
        // The grants are read on several connections at once, which do not share one snapshot. A
        // load is consistent when no directory change committed while it ran: every change moves
        // the revision. Otherwise load again, and after a few tries read everything in one
        // transaction (slower, always consistent).
        for _ in 0..<3 {
            let before = try directoryRevision()
            let directory = try loadDirectory()
            if try directoryRevision() == before { return (directory, before) }
        }
        return try read { db in (try Self.loadDirectory(db), try Self.directoryRevision(db)) }
    }

    // MARK: Audit log

    func lastHash(_ db: Database) throws -> (Int64, String) {
        // Cached: every group commit asks, and preparing the statement cost more than running it.
        let statement = try db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        if let row = try Row.fetchOne(statement) {
            return (row[0], row[1])
        }
        return (0, AuditRecord.genesisHash)
    }

    /// Appends records to the chain inside the caller's transaction; the head is read once.
    func appendAudit(_ db: Database, _ drafts: [AuditRecord]) throws -> [AuditRecord] {
        try appendAudit(db, drafts, middles: drafts.map(\.canonicalMiddle))
    }

    /// Appends drafts whose canonical middles were built beforehand.
    func appendAudit(_ db: Database, _ drafts: [AuditRecord], middles: [String]) throws -> [AuditRecord] {
        var (lastSeq, lastHash) = try lastHash(db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (seq, recorded_at, kind, actor, action, target, outcome, patient_ref, data, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var records: [AuditRecord] = []
        records.reserveCapacity(drafts.count)
        for (draft, middle) in zip(drafts, middles) {
            var record = draft
            record.seq = lastSeq + 1
            record.prevHash = lastHash
            let body = AuditRecord.canonicalBody(seq: record.seq, middle: middle, prevHash: lastHash)
            record.hash = AuditRecord.chainHash(previous: lastHash, body: body)
            try statement.execute(arguments: [
                record.seq, record.recordedAt.milliseconds, record.kind.rawValue, record.actor, record.action, record.target, record.outcome,
                record.patientRef, body, record.prevHash, record.hash,
            ])
            lastSeq = record.seq
            lastHash = record.hash
            records.append(record)
            if record.seq % checkpointInterval == 0 {
                try insertCheckpoint(db, seq: record.seq, hash: record.hash, at: record.recordedAt)
            }
        }
        return records
    }

    @discardableResult
    func insertCheckpoint(_ db: Database, seq: Int64, hash: String, at time: Timestamp) throws -> AuditCheckpoint {
        let checkpoint = AuditCheckpoint(seq: seq, hash: hash, signedAt: time, keyID: keys.keyID, signature: keys.sign(seq: seq, hash: hash))
        try db.execute(
            sql: "INSERT OR REPLACE INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
            arguments: [checkpoint.seq, checkpoint.hash, time.milliseconds, checkpoint.keyID, checkpoint.signature])
        return checkpoint
    }

    func appendAudit(_ db: Database, _ draft: AuditRecord) throws -> AuditRecord {
        try appendAudit(db, [draft])[0]
    }

    public func appendDecisions(_ entries: [DecisionAuditEntry], at time: Timestamp) throws -> [AuditRecord] {
        try appendDecisionGroups([entries], at: time)[0].get()
    }

    /// Appends several callers' decisions in one durable transaction (a group commit). A group
    /// decided on a directory revision older than the committed one is not recorded and gets
    /// `StoreError.staleDirectory`: its caller decides again on the newer directory, so no answer
    /// is ever given on a directory that a committed change (a revocation, a termination) has
    /// already replaced. The SQLite write lock orders this check after every committed change.
    public func appendDecisionGroups(_ groups: [[DecisionAuditEntry]], at time: Timestamp) throws -> [Result<[AuditRecord], StoreError>] {
        // Pseudonyms and the chain-independent part of each body are built before the write
        // lock; a large batch splits that work across the cores.
        @Sendable func draft(_ entry: DecisionAuditEntry) -> (AuditRecord, String) {
            let request = entry.request
            let decision = entry.decision
            let record = AuditRecord(
                seq: 0, recordedAt: time, kind: .decision, actor: request.subject.id, action: request.action.rawValue, target: "",
                outcome: decision.allowed ? "allow" : "deny", purposeOfUse: request.context.purposeOfUse?.rawValue,
                resourceType: request.resource.kind.rawValue, resourceRef: keys.pseudonym(request.resource.id),
                patientRef: keys.pseudonym(request.resource.patientID), reasonCodes: decision.reasonCodes, policyIDs: decision.policyIDs,
                grantIDs: decision.grantIDs, obligations: decision.obligations, breakGlass: decision.breakGlass, details: nil, prevHash: "",
                hash: "", directoryRevision: entry.revision)
            return (record, record.canonicalMiddle)
        }
        let entries = groups.flatMap { $0 }
        let prepared = entries.concurrentMap(minimumPartSize: 64, draft)
        return try write { db in
            let needsRevision = entries.contains { $0.revision != nil }
            let current = needsRevision ? try Self.directoryRevision(db) : 0
            var results: [Result<[AuditRecord], StoreError>] = []
            results.reserveCapacity(groups.count)
            var keptDrafts: [AuditRecord] = []
            var keptMiddles: [String] = []
            var keptEntries: [DecisionAuditEntry] = []
            var keptCounts: [Int?] = []
            var offset = 0
            for group in groups {
                defer { offset += group.count }
                if let oldest = group.lazy.compactMap(\.revision).min(), oldest < current {
                    keptCounts.append(nil)
                    continue
                }
                keptCounts.append(group.count)
                for index in offset..<offset + group.count {
                    keptDrafts.append(prepared[index].0)
                    keptMiddles.append(prepared[index].1)
                    keptEntries.append(entries[index])
                }
            }
            let records = try self.appendAudit(db, keptDrafts, middles: keptMiddles)
            for (record, entry) in zip(records, keptEntries) where entry.decision.breakGlass {
                try db.execute(
                    sql: "INSERT INTO review_items (id, audit_seq, principal_id, opened_at, due_at, status) VALUES (?, ?, ?, ?, ?, 'open')",
                    arguments: [
                        "review-\(record.seq)", record.seq, entry.request.subject.id, time.milliseconds,
                        time.adding(seconds: reviewWindowSeconds).milliseconds,
                    ])
            }
            // Activity is not written here (see lastActivity): the log only grows at its tail.
            var next = 0
            for (group, count) in zip(groups, keptCounts) {
                guard let count else {
                    let oldest = group.lazy.compactMap(\.revision).min() ?? 0
                    results.append(.failure(StoreError.stale(decidedAt: oldest, current: current)))
                    continue
                }
                results.append(.success(Array(records[next..<next + count])))
                next += count
            }
            return results
        }
    }

    /// Each principal's last decision. Derived from the audit log when asked (an access review),
    /// not written with every decision, which would put each durable batch on as many random
    /// pages as it has actors: `principal_activity` holds it up to a watermark, and the records
    /// appended since are folded in first, in one pass over the log's tail.
    public func lastActivity() throws -> [String: Timestamp] {
        try write { db in
            let through = try Int64.fetchOne(db, sql: "SELECT seq FROM activity_through WHERE id = 1") ?? 0
            var latest: [String: Int64] = [:]
            var head = through
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, actor, recorded_at, kind FROM audit_log WHERE seq > ? ORDER BY seq", arguments: [through])
            while let row = try rows.next() {
                head = row[0]
                guard row[3] as String == AuditRecord.Kind.decision.rawValue else { continue }
                let actor: String = row[1]
                let at: Int64 = row[2]
                if at > latest[actor, default: .min] { latest[actor] = at }
            }
            if head > through {
                let upsert = try db.cachedStatement(
                    sql: """
                        INSERT INTO principal_activity (actor, last_at) VALUES (?, ?)
                        ON CONFLICT (actor) DO UPDATE SET last_at = max(last_at, excluded.last_at)
                        """)
                for (actor, at) in latest.sorted(by: { $0.key < $1.key }) { try upsert.execute(arguments: [actor, at]) }
                try db.execute(sql: "INSERT OR REPLACE INTO activity_through (id, seq) VALUES (1, ?)", arguments: [head])
            }
            var result: [String: Timestamp] = [:]
            let all = try Row.fetchCursor(db, sql: "SELECT actor, last_at FROM principal_activity")
            while let row = try all.next() { result[row[0]] = Timestamp(milliseconds: row[1]) }
            return result
        }
    }

    public func auditRecords(after seq: Int64, limit: Int) throws -> [AuditRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT data, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map {
                try AuditRecord.decode(body: $0[0], hash: $0[1])
            }
        }
    }

    public func verifyAudit() throws -> AuditVerification {
        try verifyAudit(witnessed: [])
    }

    /// Verifies the chain (see `AuditChainVerifier`), also against checkpoints kept outside the
    /// database, in one read transaction.
    public func verifyAudit(witnessed: [WitnessedCheckpoint]) throws -> AuditVerification {
        try read { db in
            let checkpoints = try Row.fetchAll(db, sql: "SELECT seq, hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY seq").map {
                AuditCheckpoint(seq: $0[0], hash: $0[1], signedAt: Timestamp(milliseconds: $0[2]), keyID: $0[3], signature: $0[4])
            }
            var verifier = AuditChainVerifier(keys: keys, checkpoints: checkpoints, witnessed: witnessed)
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT seq, prev_hash, hash, data, actor, action, outcome, patient_ref, recorded_at, kind, target FROM audit_log ORDER BY seq")
            while !verifier.hasFailed, let row = try rows.next() {
                verifier.add(
                    StoredAuditRow(
                        seq: row[0], prevHash: row[1], hash: row[2], body: row[3], actor: row[4], action: row[5], outcome: row[6], patientRef: row[7],
                        recordedAtMilliseconds: row[8], kind: row[9], target: row[10]))
            }
            return verifier.finish()
        }
    }

    /// Signs the head of the chain when it moved past the last checkpoint (a timer calls this, so
    /// a truncated tail is detectable within the timer's period); nil when nothing is new.
    public func writeCheckpointIfBehind(at time: Timestamp) throws -> AuditCheckpoint? {
        try write { db in
            let (seq, hash) = try self.lastHash(db)
            let latest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM audit_checkpoints") ?? 0
            guard seq > latest else { return nil }
            return try self.insertCheckpoint(db, seq: seq, hash: hash, at: time)
        }
    }

    public func writeCheckpoint(at time: Timestamp) throws -> AuditCheckpoint? {
        try write { db in
            let (seq, hash) = try self.lastHash(db)
            guard seq > 0 else { return nil }
            return try self.insertCheckpoint(db, seq: seq, hash: hash, at: time)
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
