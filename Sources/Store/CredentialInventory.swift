public import AccessModel
public import Credentials
import Foundation
import GRDB

/// The formats of the due listing.
public enum DueListingFormat: String, Sendable, CaseIterable { case text, json, csv }

/// A notice recorded for a credential's due date: pending until a sink accepted it, then sent.
public struct RecordedReminder: Sendable, Hashable {
    public var key: ReminderKey
    public var recipient: String
    public var status: String
    public var attempts: Int
    public var lastError: String?
}

/// The credential inventory, rotation notices and password history. Every change to a credential
/// is audited in the same transaction; when a credential belongs to a principal, compromise and
/// lockout also set the principal's credential state there, so decisions deny at once. The returned
/// `DirectoryChange` lets a running service mirror that in its engine.
public protocol CredentialInventory: Sendable {
    /// Adds records that must all be new; nothing is added when one id exists already.
    @discardableResult
    func importCredentials(_ records: [CredentialRecord], actor: String, at time: Timestamp) throws -> AuditRecord
    func credential(_ id: String) throws -> CredentialRecord
    func credentials(kind: CredentialRecord.Kind?, owner: String?, state: CredentialRecord.State?, after: String?, limit: Int) throws
        -> [CredentialRecord]
    func markRotated(_ id: String, expiresAt: Timestamp?, actor: String, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?)
    func markCompromised(_ id: String, actor: String, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?)
    func recordFailedAttempt(_ id: String, rules: RotationRules, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?)
    func unlock(_ id: String, actor: String, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?)
    /// Inserts certificates or updates their expiry (a new notAfter counts as a rotation).
    @discardableResult
    func recordCertificates(_ records: [CredentialRecord], actor: String, at time: Timestamp) throws -> Int
    /// Adds database logins a posture scan found; for a login already known, takes a newer
    /// password-changed time the server reports (MariaDB's `password_last_changed`) as its last rotation.
    @discardableResult
    func recordDatabaseLogins(_ records: [CredentialRecord], actor: String, at time: Timestamp) throws -> Int
    /// Calls `body` for every credential due at or before `until`, without loading the others.
    func forEachDue(rules: RotationRules, until: Timestamp, _ body: (DueCredential) throws -> Void) throws
    /// The due listing as ready lines of text, JSON or CSV, built by the backend (`rotation due` over
    /// a million credentials); `mask` hides passwords inside targets.
    func forEachDueLine(
        rules: RotationRules, until: Timestamp, now: Timestamp, format: DueListingFormat, mask: (String) -> String,
        _ body: (String) throws -> Void) throws
    /// Notices already recorded (pending or sent) for these credentials.
    func recordedReminders(for credentialIDs: [String]) throws -> [RecordedReminder]
    func recordPendingReminders(_ reminders: [Reminder], at time: Timestamp) throws
    func markReminderSent(_ key: ReminderKey, at time: Timestamp) throws
    func markReminderFailed(_ key: ReminderKey, error: String) throws
    /// Argon2id entries of a user's earlier passwords, newest first.
    func passwordHistory(user: String, limit: Int) throws -> [String]
    func lastPasswordChange(user: String) throws -> Timestamp?
    /// Records a new password's hash, keeping the newest `keep` entries.
    func recordPasswordChange(user: String, phc: String, pepperID: String, keep: Int, actor: String, at time: Timestamp) throws
}

extension SQLiteStore: CredentialInventory {
    static let credentialColumns =
        "id, kind, owner, contact, rotation_class, principal_id, last_rotated_at, age_base_at, expires_at, target, username, state, failed_attempts, locked_until, compromised_at, created_at"

    static func credentialArguments(_ record: CredentialRecord) -> StatementArguments {
        [
            record.id, record.kind.rawValue, record.owner, record.contact, record.rotationClass, record.principalID,
            record.lastRotatedAt?.milliseconds, (record.lastRotatedAt ?? record.createdAt).milliseconds, record.expiresAt?.milliseconds,
            record.target, record.username, record.state.rawValue, record.failedAttempts, record.lockedUntil?.milliseconds,
            record.compromisedAt?.milliseconds, record.createdAt.milliseconds,
        ]
    }

    static func credential(_ row: Row) throws -> CredentialRecord {
        func time(_ index: Int) -> Timestamp? { (row[index] as Int64?).map(Timestamp.init(milliseconds:)) }
        guard let kind = CredentialRecord.Kind(rawValue: row[1]), let state = CredentialRecord.State(rawValue: row[11]) else {
            throw StoreError(.corrupted, "credential `\(row[0] as String)` has an unknown kind or state")
        }
        return CredentialRecord(
            id: row[0], kind: kind, owner: row[2], contact: row[3], rotationClass: row[4], principalID: row[5], lastRotatedAt: time(6),
            expiresAt: time(8), target: row[9], username: row[10], state: state, failedAttempts: row[12], lockedUntil: time(13),
            compromisedAt: time(14), createdAt: Timestamp(milliseconds: row[15]))
    }

    func saveCredential(_ record: CredentialRecord, _ db: Database, replace: Bool = true) throws {
        try db.cachedStatement(
            sql:
                "\(replace ? "INSERT OR REPLACE" : "INSERT") INTO credentials (\(Self.credentialColumns)) VALUES (\(DirectoryRows.placeholders(Self.credentialColumns)))"
        ).execute(arguments: Self.credentialArguments(record))
    }

    func loadCredential(_ id: String, _ db: Database) throws -> CredentialRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.credentialColumns) FROM credentials WHERE id = ?", arguments: [id]) else {
            throw StoreError(.notFound, "no credential `\(id)`")
        }
        return try Self.credential(row)
    }

    func auditCredential(_ db: Database, action: String, target: String, actor: String, details: String, at time: Timestamp) throws
        -> AuditRecord
    {
        try appendAudit(
            db,
            AuditRecord(
                seq: 0, recordedAt: time, kind: .admin, actor: actor, action: action, target: target, outcome: "success", reasonCodes: [],
                policyIDs: [], grantIDs: [], obligations: [], breakGlass: false, details: details, prevHash: "", hash: ""))
    }

    /// Sets a principal's credential state (when it has one and the state changes), audited.
    func setPrincipalCredentialState(_ principalID: String?, _ state: Principal.CredentialState, actor: String, at time: Timestamp, _ db: Database)
        throws -> DirectoryChange?
    {
        guard let principalID else { return nil }
        guard let current = try String.fetchOne(db, sql: "SELECT credential_state FROM principals WHERE id = ?", arguments: [principalID]) else {
            return nil  // the credential names a principal this directory does not hold (yet)
        }
        guard current != state.rawValue else { return nil }
        try db.execute(sql: "UPDATE principals SET credential_state = ? WHERE id = ?", arguments: [state.rawValue, principalID])
        let change = DirectoryChange.setCredentialState(principalID: principalID, state: state)
        _ = try Self.recordChange(change, at: time, db)
        _ = try auditCredential(db, action: change.action, target: principalID, actor: actor, details: try details(of: change), at: time)
        return change
    }

    public func importCredentials(_ records: [CredentialRecord], actor: String, at time: Timestamp) throws -> AuditRecord {
        try write { db in
            for record in records {
                try record.validate()
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM credentials WHERE id = ?", arguments: [record.id]) == true {
                    throw StoreError(.conflict, "credential `\(record.id)` already exists; nothing was imported")
                }
                try saveCredential(record, db, replace: false)
            }
            return try auditCredential(
                db, action: "credential.import", target: "", actor: actor, details: "{\"credentials\":\(records.count)}", at: time)
        }
    }

    public func credential(_ id: String) throws -> CredentialRecord {
        try read { db in try loadCredential(id, db) }
    }

    public func credentials(kind: CredentialRecord.Kind?, owner: String?, state: CredentialRecord.State?, after: String?, limit: Int) throws
        -> [CredentialRecord]
    {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let owner {
            conditions.append("owner = ?")
            arguments += [owner]
        }
        if let state {
            conditions.append("state = ?")
            arguments += [state.rawValue]
        }
        if let after {
            conditions.append("id > ?")
            arguments += [after]
        }
        arguments += [max(1, min(limit, 100_000))]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.credentialColumns) FROM credentials \(filter) ORDER BY id LIMIT ?", arguments: arguments)
                .map(Self.credential)
        }
    }

    public func markRotated(_ id: String, expiresAt: Timestamp?, actor: String, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?) {
        try write { db in
            var record = try loadCredential(id, db)
            guard record.state != .retired else { throw StoreError(.invalidState, "credential `\(id)` is retired") }
            let wasUnusable = record.state != .active
            record.lastRotatedAt = time
            if let expiresAt { record.expiresAt = expiresAt }
            record.state = .active
            record.failedAttempts = 0
            record.lockedUntil = nil
            record.compromisedAt = nil
            try saveCredential(record, db)
            _ = try auditCredential(
                db, action: "credential.rotated", target: id, actor: actor, details: "{\"kind\":\"\(record.kind.rawValue)\"}", at: time)
            let change = wasUnusable ? try setPrincipalCredentialState(record.principalID, .ok, actor: actor, at: time, db) : nil
            return (record, change)
        }
    }

    public func markCompromised(_ id: String, actor: String, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?) {
        try write { db in
            var record = try loadCredential(id, db)
            guard record.state != .retired else { throw StoreError(.invalidState, "credential `\(id)` is retired") }
            if record.state != .compromised {
                record.state = .compromised
                record.compromisedAt = time
                try saveCredential(record, db)
                _ = try auditCredential(
                    db, action: "credential.compromised", target: id, actor: actor, details: "{\"kind\":\"\(record.kind.rawValue)\"}", at: time)
            }
            return (record, try setPrincipalCredentialState(record.principalID, .compromised, actor: actor, at: time, db))
        }
    }

    public func recordFailedAttempt(_ id: String, rules: RotationRules, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?) {
        try write { db in
            var record = try loadCredential(id, db)
            let rotationClass = rules.classes[record.rotationClass]
            let threshold = rotationClass?.lockoutThreshold ?? 100
            record.failedAttempts += 1
            var change: DirectoryChange?
            if record.state == .active, record.failedAttempts >= threshold {
                record.state = .locked
                record.lockedUntil = time.adding(seconds: Int64(rotationClass?.lockoutMinutes ?? 30) * 60)
                _ = try auditCredential(
                    db, action: "credential.locked", target: id, actor: "phiguard",
                    details: "{\"failed_attempts\":\(record.failedAttempts),\"locked_until\":\"\(record.lockedUntil!)\"}", at: time)
                change = try setPrincipalCredentialState(record.principalID, .locked, actor: "phiguard", at: time, db)
            }
            try saveCredential(record, db)
            return (record, change)
        }
    }

    public func unlock(_ id: String, actor: String, at time: Timestamp) throws -> (CredentialRecord, DirectoryChange?) {
        try write { db in
            var record = try loadCredential(id, db)
            guard record.state == .locked else { throw StoreError(.invalidState, "credential `\(id)` is not locked") }
            record.state = .active
            record.failedAttempts = 0
            record.lockedUntil = nil
            try saveCredential(record, db)
            _ = try auditCredential(db, action: "credential.unlocked", target: id, actor: actor, details: "{}", at: time)
            return (record, try setPrincipalCredentialState(record.principalID, .ok, actor: actor, at: time, db))
        }
    }

    /// Unlocks every credential whose lockout has run out; returns the changes to mirror.
    public func unlockExpired(at time: Timestamp) throws -> [DirectoryChange] {
        let ids = try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM credentials WHERE state = 'locked' AND locked_until <= ?", arguments: [time.milliseconds])
        }
        return try ids.compactMap { try unlock($0, actor: "phiguard", at: time).1 }
    }

    public func recordCertificates(_ records: [CredentialRecord], actor: String, at time: Timestamp) throws -> Int {
        try write { db in
            var changed = 0
            for var record in records {
                try record.validate()
                if let row = try Row.fetchOne(db, sql: "SELECT \(Self.credentialColumns) FROM credentials WHERE id = ?", arguments: [record.id]) {
                    var existing = try Self.credential(row)
                    guard existing.expiresAt != record.expiresAt || existing.target != record.target else { continue }
                    existing.expiresAt = record.expiresAt
                    existing.target = record.target ?? existing.target
                    existing.lastRotatedAt = time
                    existing.state = existing.state == .retired ? .retired : .active
                    record = existing
                }
                try saveCredential(record, db)
                changed += 1
            }
            if changed > 0 {
                _ = try auditCredential(
                    db, action: "credential.certificates", target: "", actor: actor, details: "{\"certificates\":\(changed)}", at: time)
            }
            return changed
        }
    }

    public func recordDatabaseLogins(_ records: [CredentialRecord], actor: String, at time: Timestamp) throws -> Int {
        try write { db in
            var changed = 0
            for var record in records {
                try record.validate()
                if let row = try Row.fetchOne(db, sql: "SELECT \(Self.credentialColumns) FROM credentials WHERE id = ?", arguments: [record.id]) {
                    var existing = try Self.credential(row)
                    guard let reported = record.lastRotatedAt, reported > (existing.lastRotatedAt ?? Timestamp(milliseconds: 0)) else { continue }
                    existing.lastRotatedAt = reported
                    record = existing
                }
                try saveCredential(record, db)
                changed += 1
            }
            if changed > 0 {
                _ = try auditCredential(
                    db, action: "credential.database_logins", target: "", actor: actor, details: "{\"logins\":\(changed)}", at: time)
            }
            return changed
        }
    }

    /// The credentials due by `until` with their due date (`due`), as SQL over the due indexes: one
    /// range scan per class with a maximum age, one over hard expiries (leaving out what a class scan
    /// already found), one over compromised credentials. The due date follows the same rules as
    /// `CredentialRecord.dueAt` (a store test holds the two together); SQLite orders, so a
    /// million-row inventory streams without being held in memory, and only due rows are read.
    static func dueQuery(rules: RotationRules, until: Timestamp, select: String) -> (String, StatementArguments) {
        let ages = rules.classes.values.compactMap { rotationClass in rotationClass.maximumAge.map { (rotationClass.name, $0.seconds * 1000) } }
            .sorted { $0.0 < $1.0 }
        let never = Int64.max
        let usable = "state IN ('active', 'locked')"
        var branches: [String] = []
        var arguments: StatementArguments = []
        for (name, milliseconds) in ages {
            branches.append(
                "SELECT *, min(age_base_at + \(milliseconds), coalesce(expires_at, \(never))) AS due FROM credentials "
                    + "WHERE rotation_class = ? AND age_base_at <= ? AND \(usable)")
            arguments += [name, until.milliseconds - milliseconds]
        }
        // Expiry: skip rows some class branch returned already.
        var byAge = "0"
        if !ages.isEmpty {
            byAge = "CASE rotation_class " + ages.map { _ in "WHEN ? THEN age_base_at <= ? " }.joined() + "ELSE 0 END"
        }
        branches.append(
            "SELECT *, expires_at AS due FROM credentials WHERE expires_at IS NOT NULL AND expires_at <= ? AND \(usable) AND NOT (\(byAge))")
        arguments += [until.milliseconds]
        for (name, milliseconds) in ages { arguments += [name, until.milliseconds - milliseconds] }
        branches.append("SELECT *, coalesce(compromised_at, created_at) AS due FROM credentials WHERE state = 'compromised' AND due <= ?")
        arguments += [until.milliseconds]
        let sql = "SELECT \(select) FROM (\(branches.joined(separator: " UNION ALL "))) ORDER BY due, id"
        return (sql, arguments)
    }

    public func forEachDue(rules: RotationRules, until: Timestamp, _ body: (DueCredential) throws -> Void) throws {
        let (sql, arguments) = Self.dueQuery(rules: rules, until: until, select: Self.credentialColumns)
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let record = try Self.credential(row)
                try body(DueCredential(credential: record, rotationClass: rules.classes[record.rotationClass]))
            }
        }
    }

    static func csvQuoted(_ field: String) -> String {
        let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 10, 13]
        guard field.utf8.contains(where: special.contains) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The due listing as lines of text, JSON or CSV, each built by SQLite: `rotation due` over a
    /// million credentials. `mask` hides passwords inside targets (only CSV shows targets).
    public func forEachDueLine(
        rules: RotationRules, until: Timestamp, now: Timestamp, format: DueListingFormat, mask: (String) -> String,
        _ body: (String) throws -> Void
    ) throws {
        let time = "strftime('%Y-%m-%dT%H:%M:%fZ', (due / 1000) + (due % 1000) / 1000.0, 'unixepoch')"
        let nowMs = now.milliseconds
        let days = "(CASE WHEN due >= \(nowMs) THEN (due - \(nowMs)) / 86400000 ELSE -((\(nowMs) - due + 86399999) / 86400000) END)"
        let reason =
            "(CASE WHEN state = 'compromised' THEN 'compromised' WHEN expires_at IS NOT NULL AND expires_at <= due THEN 'expiry' ELSE 'age' END)"
        // Ids, owners and classes pass identifier hygiene (letters, digits, `.`, `_`, `-`, `@`, starting
        // with a letter or digit), so CSV needs no quoting for them; only the target may, in Swift below.
        let line: String
        switch format {
        case .text:
            line =
                "id || char(9) || kind || char(9) || 'owner=' || owner || char(9) || 'due=' || \(time) || char(9) || 'days_left=' || \(days) || char(9) || 'reason=' || \(reason)"
        case .json:
            line =
                "json_object('id', id, 'kind', kind, 'owner', owner, 'class', rotation_class, 'due_at', \(time), 'days_left', \(days), 'reason', \(reason), 'state', state)"
        case .csv:
            line =
                "id || ',' || kind || ',' || owner || ',' || rotation_class || ',' || \(time) || ',' || \(days) || ',' || \(reason) || ',' || state || ','"
        }
        let (sql, arguments) = Self.dueQuery(rules: rules, until: until, select: "\(line), target")
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let text: String = row[0]
                if format == .csv, let target: String = row[1] {
                    let masked = mask(target)
                    try body(text + Self.csvQuoted(masked))
                } else {
                    try body(text)
                }
            }
        }
    }

    public func recordedReminders(for credentialIDs: [String]) throws -> [RecordedReminder] {
        guard !credentialIDs.isEmpty else { return [] }
        return try read { db in
            var found: [RecordedReminder] = []
            for chunk in stride(from: 0, to: credentialIDs.count, by: 500).map({ Array(credentialIDs[$0..<min($0 + 500, credentialIDs.count)]) }) {
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT credential_id, due_at, stage, recipient, status, attempts, last_error FROM rotation_reminders WHERE credential_id IN (\(DirectoryRows.placeholders(chunk.joined(separator: ","))))",
                    arguments: StatementArguments(chunk))
                for row in rows {
                    found.append(
                        RecordedReminder(
                            key: ReminderKey(credentialID: row[0], dueAt: Timestamp(milliseconds: row[1]), stage: row[2]), recipient: row[3],
                            status: row[4], attempts: row[5], lastError: row[6]))
                }
            }
            return found
        }
    }

    public func recordPendingReminders(_ reminders: [Reminder], at time: Timestamp) throws {
        try write { db in
            for reminder in reminders {
                try db.cachedStatement(
                    sql:
                        "INSERT OR IGNORE INTO rotation_reminders (credential_id, due_at, stage, recipient, status, attempts, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?)"
                ).execute(arguments: [
                    reminder.due.credential.id, reminder.due.dueAt.milliseconds, reminder.stage, reminder.recipient, time.milliseconds,
                ])
            }
        }
    }

    public func markReminderSent(_ key: ReminderKey, at time: Timestamp) throws {
        try write { db in
            try db.execute(
                sql:
                    "UPDATE rotation_reminders SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE credential_id = ? AND due_at = ? AND stage = ?",
                arguments: [time.milliseconds, key.credentialID, key.dueAt.milliseconds, key.stage])
        }
    }

    public func markReminderFailed(_ key: ReminderKey, error: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE rotation_reminders SET attempts = attempts + 1, last_error = ? WHERE credential_id = ? AND due_at = ? AND stage = ?",
                arguments: [String(error.prefix(500)), key.credentialID, key.dueAt.milliseconds, key.stage])
        }
    }

    public func passwordHistory(user: String, limit: Int) throws -> [String] {
        guard limit > 0 else { return [] }
        return try read { db in
            try String.fetchAll(db, sql: "SELECT phc FROM password_history WHERE user = ? ORDER BY id DESC LIMIT ?", arguments: [user, limit])
        }
    }

    public func lastPasswordChange(user: String) throws -> Timestamp? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT max(changed_at) FROM password_history WHERE user = ?", arguments: [user]).map(
                Timestamp.init(milliseconds:))
        }
    }

    public func recordPasswordChange(user: String, phc: String, pepperID: String, keep: Int, actor: String, at time: Timestamp) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO password_history (user, phc, pepper_id, changed_at) VALUES (?, ?, ?, ?)",
                arguments: [user, phc, pepperID, time.milliseconds])
            try db.execute(
                sql:
                    "DELETE FROM password_history WHERE user = ? AND id NOT IN (SELECT id FROM password_history WHERE user = ? ORDER BY id DESC LIMIT ?)",
                arguments: [user, user, max(1, keep)])
            _ = try auditCredential(db, action: "password.changed", target: user, actor: actor, details: "{}", at: time)
            // A person's password credential (if inventoried) counts as rotated.
            try db.execute(
                sql:
                    "UPDATE credentials SET last_rotated_at = ?, age_base_at = ? WHERE kind = 'password' AND principal_id = ? AND state IN ('active', 'locked')",
                arguments: [time.milliseconds, time.milliseconds, user])
        }
    }
}
