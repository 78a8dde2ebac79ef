import AccessModel
import Cedar
import Foundation
import GRDB
import Store
import Testing

@Suite("SQLite store and audit chain")
struct AuditChainTests {
    static let t0 = Timestamp(parsing: "2026-06-01T10:00:00Z")!

    func storeWithHistory() throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        try store.apply(
            .addPrincipal(
                Principal(id: "nurse.ana", kind: .user, displayName: "Ana", departments: ["cardiology"], mfaEnrolled: true, createdAt: Self.t0)),
            actor: "admin", at: Self.t0)
        try store.apply(.addRole(Role(id: "nurse")), actor: "admin", at: Self.t0)
        try store.apply(
            .assignRole(RoleAssignment(principalID: "nurse.ana", roleID: "nurse", assignedBy: "admin", assignedAt: Self.t0)), actor: "admin",
            at: Self.t0)
        let grant = Grant(
            id: "g1", grantee: .role("nurse"), actions: [.read], scope: GrantScope(patient: "p-77"), purposes: [.treatment], validFrom: Self.t0,
            approver: "privacy.officer", justification: "care", createdBy: "admin", createdAt: Self.t0)
        try store.apply(.addGrant(grant), actor: "admin", at: Self.t0)
        let request = AccessRequest(
            subject: SubjectReference(id: "nurse.ana"), action: .read, resource: ResourceDescription(kind: .record, id: "r-1", patientID: "p-77"),
            context: RequestContext(purposeOfUse: .breakTheGlass, justification: "ED"), now: Self.t0)
        let decision = AccessDecision(
            allowed: true, reasonCodes: ["break_glass"], policyIDs: ["break-glass"], grantIDs: [], obligations: ["AUDTR"], explanation: nil,
            errors: [], breakGlass: true)
        try store.appendDecisions([DecisionAuditEntry(request: request, decision: decision)], at: Self.t0)
        return store
    }

    @Test("changes persist and come back as the same directory")
    func roundTrip() throws {
        let store = try storeWithHistory()
        let directory = try store.loadDirectory()
        #expect(directory.principals["nurse.ana"]?.departments == ["cardiology"])
        #expect(try store.lastActivity()["nurse.ana"] == Self.t0)
        #expect(directory.activeRoles(of: "nurse.ana", at: Self.t0) == ["nurse"])
        #expect(directory.grants["g1"]?.scope.patient == "p-77")
        // Invalid changes are refused and nothing is written.
        #expect(throws: AccessModelError.self) {
            try store.apply(.revokeGrant(grantID: "nope", by: "a", at: Self.t0, reason: "x"), actor: "a", at: Self.t0)
        }
        try store.apply(.revokeGrant(grantID: "g1", by: "admin", at: Self.t0, reason: "done"), actor: "admin", at: Self.t0)
        #expect(throws: AccessModelError.self) {
            try store.apply(.revokeGrant(grantID: "g1", by: "admin", at: Self.t0, reason: "again"), actor: "admin", at: Self.t0)
        }
        #expect(try store.loadDirectory().grants["g1"]?.isRevoked == true)
        #expect(try store.auditRecords(after: 0, limit: 100).count == 6)
    }

    @Test("each change is validated against what it names, read from the store (not a whole directory)")
    func changesValidateAgainstTheStore() throws {
        let store = try storeWithHistory()
        func code(_ change: DirectoryChange) -> AccessModelError.Code? {
            do {
                try store.apply(change, actor: "admin", at: Self.t0)
                return nil
            } catch let error as AccessModelError {
                return error.code
            } catch {
                return nil
            }
        }
        let ana = Principal(id: "nurse.ana", kind: .user, displayName: "Ana", departments: [], createdAt: Self.t0)
        #expect(code(.addPrincipal(ana)) == .duplicateID)
        #expect(code(.addRole(Role(id: "nurse.ana"))) == .duplicateID)  // a principal's id
        #expect(code(.addRole(Role(id: "nurse"))) == .duplicateID)
        #expect(code(.addRole(Role(id: "charge", includes: ["nobody"]))) == .notFound)
        #expect(code(.addRole(Role(id: "charge", includes: ["nurse"]))) == nil)
        #expect(code(.includeRole(roleID: "nurse", includedID: "charge")) == .roleCycle)
        #expect(code(.setStatus(principalID: "nobody", status: .suspended)) == .notFound)
        #expect(code(.assignRole(RoleAssignment(principalID: "nobody", roleID: "nurse", assignedBy: "a", assignedAt: Self.t0))) == .notFound)
        #expect(code(.unassignRole(principalID: "nurse.ana", roleID: "charge")) == .notFound)
        #expect(code(.unassignRole(principalID: "nurse.ana", roleID: "nurse")) == nil)
        let grant = Grant(
            id: "g1", grantee: .principal("nurse.ana"), actions: [.read], scope: GrantScope(departments: ["cardiology"]), purposes: [.treatment],
            validFrom: Self.t0, approver: "privacy.officer", justification: "care", createdBy: "admin", createdAt: Self.t0)
        #expect(code(.addGrant(grant)) == .duplicateID)
        var toNobody = grant
        toNobody.id = "g2"
        toNobody.grantee = .principal("nobody")
        #expect(code(.addGrant(toNobody)) == .notFound)
        toNobody.grantee = .role("nobody")
        #expect(code(.addGrant(toNobody)) == .notFound)
        try store.apply(.setStatus(principalID: "nurse.ana", status: .terminated), actor: "admin", at: Self.t0)
        #expect(code(.setStatus(principalID: "nurse.ana", status: .active)) == .invalidState)
        // What was accepted is all there, and the directory read back is whole.
        let directory = try store.loadDirectory()
        #expect(directory.roles["charge"]?.includes == ["nurse"])
        #expect(directory.activeRoles(of: "nurse.ana", at: Self.t0).isEmpty)
        #expect(directory.grants.count == 1)
    }

    @Test("the body assembled from its chain-independent middle is the whole record serialized in field order")
    func canonicalBodyAssembly() throws {
        let store = try storeWithHistory()
        // What the store wrote verifies through the decoded records.
        #expect(try store.verifyAudit().isIntact)
        var record = try #require(try store.auditRecords(after: 0, limit: 1).first)
        (record.seq, record.kind, record.actor, record.target) = (12_345, .admin, "dr.\"quoted\"", "g-ü/1")
        (record.purposeOfUse, record.resourceRef, record.patientRef) = (nil, nil, "hmac-sha256:ab")
        (record.reasonCodes, record.policyIDs, record.grantIDs) = (["a", "b\n"], [], ["g1"])
        (record.breakGlass, record.details, record.prevHash) = (true, "{\"x\":1}", String(repeating: "f", count: 64))
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        func whole(_ r: AuditRecord) -> String {
            JSON.object(
                JSONObject(
                    [
                        ("seq", .number(String(r.seq))), ("recordedAt", .string(r.recordedAt.description)), ("kind", .string(r.kind.rawValue)),
                        ("actor", .string(r.actor)), ("action", .string(r.action)), ("target", .string(r.target)), ("outcome", .string(r.outcome)),
                        ("purposeOfUse", optional(r.purposeOfUse)), ("resourceType", optional(r.resourceType)),
                        ("resourceRef", optional(r.resourceRef)),
                        ("patientRef", optional(r.patientRef)), ("reasonCodes", strings(r.reasonCodes)), ("policyIDs", strings(r.policyIDs)),
                        ("grantIDs", strings(r.grantIDs)), ("obligations", strings(r.obligations)), ("breakGlass", .bool(r.breakGlass)),
                        ("details", optional(r.details)),
                    ] + (r.directoryRevision.map { [("directoryRevision", JSON.number(String($0)))] } ?? []) + [("prevHash", .string(r.prevHash))])
            ).serialized
        }
        #expect(record.canonicalBody == whole(record))
        record.prevHash = AuditRecord.genesisHash
        record.seq = 1
        #expect(record.canonicalBody == whole(record))
        // Records written before directory revisions existed have no such field, byte for byte.
        record.directoryRevision = nil
        #expect(record.canonicalBody == whole(record))
        #expect(!record.canonicalBody.contains("directoryRevision"))
    }

    @Test("disk durability fsyncs every commit: the writer runs with synchronous=FULL, os durability with NORMAL")
    func durabilityLevels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-durability-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys")
        let disk = try SQLiteStore(path: folder.appendingPathComponent("disk.sqlite").path, keysFolder: keys, durability: .disk)
        #expect(try disk.writerSynchronousLevel() == 2)
        let os = try SQLiteStore(path: folder.appendingPathComponent("os.sqlite").path, keysFolder: keys, durability: .os)
        #expect(try os.writerSynchronousLevel() == 1)
    }

    @Test("the background checkpointer copies the write-ahead log from its own connection while the writer goes on")
    func backgroundCheckpoints() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path, keysFolder: folder.appendingPathComponent("keys"))
        let checkpointer = try #require(try store.startWALCheckpointer(every: .milliseconds(10)))
        defer { checkpointer.stop() }
        for index in 0..<20 {
            try store.apply(.addRole(Role(id: "role-\(index)")), actor: "admin", at: Self.t0)
        }
        // Wait (bounded) for a checkpoint that found the log and copied all of it.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let progress = checkpointer.progress, progress.logFrames > 0, progress.checkpointedFrames == progress.logFrames { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let progress = try #require(checkpointer.progress)
        #expect(progress.logFrames > 0)
        #expect(progress.checkpointedFrames == progress.logFrames)
        #expect(try store.verifyAudit().isIntact)
        #expect(try SQLiteStore.inMemory().startWALCheckpointer() == nil)
    }

    @Test("patient ids are stored only as keyed HMACs")
    func pseudonyms() throws {
        let store = try storeWithHistory()
        let records = try store.auditRecords(after: 0, limit: 100)
        let everything = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT data FROM audit_log") }.joined()
        #expect(!everything.contains("p-77"))
        #expect(records.last?.patientRef == store.pseudonym("p-77"))
        #expect(records.first(where: { $0.action == "grant.add" })?.details?.contains(store.pseudonym("p-77")) == true)
    }

    @Test("break-the-glass opens a review item that can be closed once")
    func reviews() throws {
        let store = try storeWithHistory()
        let open = try store.reviews(status: .open)
        #expect(open.count == 1)
        #expect(open[0].principalID == "nurse.ana")
        let closed = try store.closeReview(open[0].id, outcome: .justified, by: "privacy.officer", notes: "ED visit confirmed", at: Self.t0)
        #expect(closed.status == .closed)
        #expect(throws: StoreError.self) { try store.closeReview(open[0].id, outcome: .justified, by: "x", notes: "", at: Self.t0) }
        #expect(try store.reviews(status: .open).isEmpty)
    }

    @Test("an intact chain verifies")
    func intact() throws {
        let store = try storeWithHistory()
        try store.writeCheckpoint(at: Self.t0)
        let verification = try store.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.records == 5)
        #expect(verification.checkpoints == 1)
    }

    @Test("edits, deletions, insertions, reordering and truncation are detected at the first broken link")
    func tampering() throws {
        let cases: [(String, AuditVerification.Problem, Int64)] = [
            ("UPDATE audit_log SET data = replace(data, '\"allow\"', '\"deny\"') WHERE seq = 5", .edited, 5),
            ("UPDATE audit_log SET outcome = 'deny', data = replace(data, 'nurse.ana', 'nurse.ann') WHERE seq = 1", .edited, 1),
            ("DELETE FROM audit_log WHERE seq = 3", .deleted, 4),
            (
                "UPDATE audit_log SET seq = seq + 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 102",
                .reordered, 2
            ),
            ("DELETE FROM audit_log WHERE seq >= 4", .truncated, 5),
            ("UPDATE audit_checkpoints SET hash = 'x'", .badCheckpoint, 5),
        ]
        for (sql, problem, seq) in cases {
            let store = try storeWithHistory()
            try store.writeCheckpoint(at: Self.t0)
            try store.writer.write { db in try db.execute(sql: sql) }
            let verification = try store.verifyAudit()
            #expect(verification.problem == problem, "\(sql): \(verification.message)")
            #expect(verification.firstBrokenSeq == seq, "\(sql): \(verification.message)")
        }
        // A forged record appended with a recomputed hash is caught by its link.
        let store = try storeWithHistory()
        try store.writer.write { db in
            let last = try String.fetchOne(db, sql: "SELECT data FROM audit_log WHERE seq = 5")!
            try db.execute(
                sql:
                    "INSERT INTO audit_log (seq, recorded_at, kind, actor, action, target, outcome, data, prev_hash, hash) VALUES (6, 0, 'decision', 'x', 'read', '', 'allow', ?, 'bogus', 'bogus')",
                arguments: [last])
        }
        #expect(try store.verifyAudit().firstBrokenSeq == 6)
    }

    @Test("a stored column that differs from its hashed body is an edit, named by the column")
    func columnEdits() throws {
        // Each column is what filters, searches or the review queue read instead of the body.
        let cases: [(String, String)] = [
            ("UPDATE audit_log SET recorded_at = recorded_at - 86400000 WHERE seq = 5", "recorded_at"),
            ("UPDATE audit_log SET kind = 'admin' WHERE seq = 5", "kind"),
            ("UPDATE audit_log SET target = 'someone-else' WHERE seq = 1", "target"),
            ("UPDATE audit_log SET actor = 'nobody' WHERE seq = 5", "actor"),
            ("UPDATE audit_log SET patient_ref = NULL WHERE seq = 5", "patient_ref"),
        ]
        for (sql, column) in cases {
            let store = try storeWithHistory()
            try store.writer.write { db in try db.execute(sql: sql) }
            let verification = try store.verifyAudit()
            #expect(verification.problem == .edited, "\(sql)")
            #expect(verification.message.contains("`\(column)` column"), "\(sql): \(verification.message)")
        }
    }

    @Test("a witness outside the database catches a truncated tail whose checkpoints were deleted with it")
    func witnessedTruncation() throws {
        let store = try storeWithHistory()
        let witnessed = try #require(try store.writeCheckpoint(at: Self.t0))
        let witness = WitnessedCheckpoint(seq: witnessed.seq, hash: witnessed.hash, signature: witnessed.signature)
        #expect(try store.verifyAudit(witnessed: [witness]).isIntact)
        // Whoever can write the database removes the newest records and every checkpoint covering them.
        try store.writer.write { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE seq >= 4; DELETE FROM audit_checkpoints")
        }
        #expect(try store.verifyAudit().isIntact)  // what the database alone can show
        let verification = try store.verifyAudit(witnessed: [witness])
        #expect(verification.problem == .truncated && verification.firstBrokenSeq == witnessed.seq, "\(verification.message)")
        // A witness line that this log's key did not sign is refused, not trusted.
        let forged = WitnessedCheckpoint(seq: 2, hash: witnessed.hash, signature: witnessed.signature)
        #expect(try store.verifyAudit(witnessed: [forged]).problem == .badCheckpoint)
    }

    @Test("the timed checkpoint signs only a head that moved")
    func checkpointIfBehind() throws {
        let store = try storeWithHistory()
        #expect(try store.writeCheckpointIfBehind(at: Self.t0)?.seq == 5)
        #expect(try store.writeCheckpointIfBehind(at: Self.t0) == nil)
        try store.apply(.addRole(Role(id: "auditor")), actor: "admin", at: Self.t0)
        #expect(try store.writeCheckpointIfBehind(at: Self.t0)?.seq == 6)
    }

    @Test("a file that is not a database is a clear error, not a crash")
    func corruptedFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("phiguard.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SQLiteStore(path: path, keysFolder: folder.appendingPathComponent("keys"))
            Issue.record("opened a corrupted database")
        } catch let error as StoreError {
            #expect(error.code == .corrupted)
        }
    }

    @Test("keys live outside the database, created 0600")
    func keyFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path, keysFolder: folder.appendingPathComponent("keys"))
        let first = store.pseudonym("p1")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("keys/audit-hmac.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let reopened = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path, keysFolder: folder.appendingPathComponent("keys"))
        #expect(reopened.pseudonym("p1") == first)
    }
}

@Suite("automatic checkpoints")
struct AutomaticCheckpointTests {
    @Test("a signed checkpoint is written every checkpointInterval records")
    func periodic() throws {
        let store = try SQLiteStore.inMemory(checkpointInterval: 3)
        for index in 0..<7 {
            try store.apply(.addRole(Role(id: "role\(index)")), actor: "admin", at: AuditChainTests.t0)
        }
        let verification = try store.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.checkpoints == 2)
    }
}
