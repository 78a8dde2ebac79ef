import AccessModel
import Credentials
import Dispatch
import Foundation
import Store
import Synchronization
import Testing

/// What every store backend must do, written against the store protocols alone (`AccessStore`,
/// `APIKeyStore`): revisions and the change feed, concurrent writers, refusal of stale decisions, the
/// audit chain, each entity's lifecycle, and API keys. A backend proves itself by passing it unchanged (SQLite below; PostgreSQL next).
struct StoreConformance {
    static let t0 = Timestamp(parsing: "2026-06-01T10:00:00Z")!
    let makeStore: () throws -> any PHIGuardStore

    static func principal(_ id: String) -> Principal {
        Principal(id: id, kind: .user, displayName: id, departments: ["cardiology"], mfaEnrolled: true, createdAt: t0)
    }

    static func grant(_ id: String, to principalID: String) -> Grant {
        Grant(
            id: id, grantee: .principal(principalID), actions: [.read], scope: GrantScope(departments: ["cardiology"]), purposes: [.treatment],
            validFrom: t0, approver: "privacy.officer", justification: "ward care", createdBy: "admin", createdAt: t0)
    }

    static func decision(of subject: String, revision: Int64?) -> DecisionAuditEntry {
        DecisionAuditEntry(
            request: AccessRequest(
                subject: SubjectReference(id: subject), action: .read,
                resource: ResourceDescription(kind: .record, id: "r-1", patientID: "p-1", departments: ["cardiology"]),
                context: RequestContext(purposeOfUse: .treatment), now: t0),
            decision: AccessDecision(
                allowed: true, reasonCodes: ["grant"], policyIDs: ["grant:g1"], grantIDs: ["g1"], obligations: [], explanation: nil, errors: [],
                breakGlass: false),
            revision: revision)
    }

    func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as AccessModelError {
            return error.code.rawValue
        } catch let error as StoreError {
            return error.code.rawValue
        } catch {
            return "\(error)"
        }
    }

    /// Each change is one revision, in order, in the feed as it was applied; a refused change is none.
    func revisionsAndFeed() throws {
        let store = try makeStore()
        #expect(try store.directoryRevision() == 0)
        let changes: [DirectoryChange] = [
            .addPrincipal(Self.principal("nurse.ana")), .addRole(Role(id: "nurse")),
            .assignRole(RoleAssignment(principalID: "nurse.ana", roleID: "nurse", assignedBy: "admin", assignedAt: Self.t0)),
            .addGrant(Self.grant("g1", to: "nurse.ana")), .revokeGrant(grantID: "g1", by: "admin", at: Self.t0, reason: "moved"),
            .setStatus(principalID: "nurse.ana", status: .suspended),
        ]
        for (index, change) in changes.enumerated() {
            let record = try store.apply(change, actor: "admin", at: Self.t0)
            #expect(record.directoryRevision == Int64(index + 1))
        }
        #expect(code { try store.apply(.addRole(Role(id: "nurse")), actor: "admin", at: Self.t0) } == "duplicate_id")
        #expect(try store.directoryRevision() == Int64(changes.count))
        let feed = try store.directoryChanges(after: 0, limit: 100)
        #expect(feed.map(\.revision) == Array(1...Int64(changes.count)))
        #expect(feed.map(\.change) == changes.map { Optional($0) })
        #expect(try store.directoryChanges(after: 4, limit: 1).map(\.revision) == [5])
        // The snapshot is the feed replayed onto an empty directory.
        let (snapshot, revision) = try store.loadDirectorySnapshot()
        #expect(revision == Int64(changes.count))
        var replayed = AccessDirectory()
        for entry in feed { try entry.change?.apply(to: &replayed) }
        #expect(snapshot.principals == replayed.principals)
        #expect(snapshot.grants.values.sorted { $0.id < $1.id } == replayed.grants.values.sorted { $0.id < $1.id })
        #expect(snapshot.assignments == replayed.assignments)
    }

    /// Writers in parallel: every revision exactly once, no gaps, and the chain intact.
    func concurrentWriters() throws {
        let store = try makeStore()
        let writers = 4
        let perWriter = 25
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for index in 0..<perWriter {
                do {
                    try store.apply(.addPrincipal(Self.principal("w\(writer).p\(index)")), actor: "admin", at: Self.t0)
                    try store.appendDecisions([Self.decision(of: "w\(writer).p\(index)", revision: nil)], at: Self.t0)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        let feed = try store.directoryChanges(after: 0, limit: 1_000)
        #expect(feed.map(\.revision) == Array(1...Int64(writers * perWriter)))
        #expect(Set(feed.compactMap { $0.change?.target }).count == writers * perWriter)
        let verification = try store.verifyAudit()
        #expect(verification.isIntact && verification.records == 2 * writers * perWriter, "\(verification.message)")
    }

    /// A group decided before a committed change is refused whole; one decided after it is written.
    func staleDecisionsRefused() throws {
        let store = try makeStore()
        try store.apply(.addPrincipal(Self.principal("nurse.ana")), actor: "admin", at: Self.t0)
        let before = try store.directoryRevision()
        try store.apply(.setStatus(principalID: "nurse.ana", status: .terminated), actor: "admin", at: Self.t0)
        let after = try store.directoryRevision()
        let results = try store.appendDecisionGroups(
            [[Self.decision(of: "nurse.ana", revision: before)], [Self.decision(of: "nurse.ana", revision: after)]], at: Self.t0)
        guard case .failure(let refused) = results[0], case .success(let written) = results[1] else {
            Issue.record("expected the older group refused and the newer written: \(results)")
            return
        }
        #expect(refused.code == .staleDirectory)
        #expect(written.count == 1 && written[0].directoryRevision == after)
        #expect(code { try store.appendDecisions([Self.decision(of: "nurse.ana", revision: before)], at: Self.t0) } == "stale_directory")
        // Only the newer decision is in the log.
        #expect(try store.auditRecords(after: 0, limit: 100).filter { $0.kind == .decision }.count == 1)
        #expect(try store.verifyAudit().isIntact)
    }

    /// Each entity through its lifecycle, with the rules a backend must keep and an audit record per step.
    func lifecycles() throws {
        let store = try makeStore()
        let steps: [(DirectoryChange, String?)] = [
            (.addPrincipal(Self.principal("dr.lee")), nil),
            (.addPrincipal(Self.principal("dr.lee")), "duplicate_id"),
            (.setStatus(principalID: "dr.lee", status: .suspended), nil),
            (.setStatus(principalID: "dr.lee", status: .active), nil),
            (.setCredentialState(principalID: "dr.lee", state: .compromised), nil),
            (.addRole(Role(id: "attending")), nil),
            (.addRole(Role(id: "resident", includes: ["attending"])), nil),
            (.includeRole(roleID: "attending", includedID: "resident"), "role_cycle"),
            (.assignRole(RoleAssignment(principalID: "dr.lee", roleID: "attending", assignedBy: "admin", assignedAt: Self.t0)), nil),
            (.unassignRole(principalID: "dr.lee", roleID: "attending"), nil),
            (.unassignRole(principalID: "dr.lee", roleID: "attending"), "not_found"),
            (.addGrant(Self.grant("g-lee", to: "dr.lee")), nil),
            (.revokeGrant(grantID: "g-lee", by: "admin", at: Self.t0, reason: "left"), nil),
            (.revokeGrant(grantID: "g-lee", by: "admin", at: Self.t0, reason: "again"), "already_revoked"),
            (.setStatus(principalID: "dr.lee", status: .terminated), nil),
            (.setStatus(principalID: "dr.lee", status: .active), "invalid_state"),
            (.addGrant(Self.grant("g-late", to: "dr.lee")), "invalid_state"),
        ]
        var accepted = 0
        for (change, expected) in steps {
            #expect(code { try store.apply(change, actor: "admin", at: Self.t0) } == expected, "\(change.action) \(change.target)")
            if expected == nil { accepted += 1 }
        }
        #expect(try store.directoryRevision() == Int64(accepted))
        #expect(try store.auditRecords(after: 0, limit: 100).count == accepted)
        let directory = try store.loadDirectory()
        #expect(directory.principals["dr.lee"]?.status == .terminated)
        #expect(directory.principals["dr.lee"]?.credentialState == .compromised)
        #expect(directory.grants["g-lee"]?.revocationReason == "left")
        #expect(try store.writeCheckpoint(at: Self.t0) != nil)
        #expect(try store.verifyAudit().isIntact)
    }

    /// API keys: the secret is shown once and stored only as a digest, revocation is one revision
    /// (so every service forgets the key) and is final, and every step is audited without the secret.
    func apiKeyLifecycle() throws {
        let store = try makeStore()
        #expect(code { _ = try store.createAPIKey(name: "", scopes: [.decide], actor: "admin", at: Self.t0) } == "invalid_state")
        #expect(code { _ = try store.createAPIKey(name: "gate", scopes: [], actor: "admin", at: Self.t0) } == "invalid_state")
        let created = try store.createAPIKey(name: "gate", scopes: [.decide, .decide, .audit], actor: "admin", at: Self.t0)
        #expect(created.key.scopes == [.audit, .decide])
        let (id, secret) = try #require(APIKey.parse(created.token))
        #expect(id == created.key.id)
        let stored = try #require(try store.apiKeyRecord(id: id))
        #expect(APIKey.constantTimeEqual(stored.digest, APIKey.digest(secret)))
        #expect(!stored.key.isRevoked)
        #expect(try store.apiKeys().map(\.id) == [id])

        let before = try store.directoryRevision()
        let revoked = try store.revokeAPIKey(id, actor: "security.officer", at: Self.t0)
        #expect(revoked.isRevoked && revoked.revokedBy == "security.officer")
        #expect(try store.directoryRevision() == before + 1)
        #expect(try store.apiKeyRecord(id: id)?.key.isRevoked == true)
        #expect(code { _ = try store.revokeAPIKey(id, actor: "admin", at: Self.t0) } == "conflict")
        #expect(code { _ = try store.revokeAPIKey("000000000000", actor: "admin", at: Self.t0) } == "not_found")
        #expect(try store.apiKeyRecord(id: "000000000000") == nil)

        _ = try store.recordAdminEvent(action: "policy.reload", target: "Policies", actor: "admin", details: nil, at: Self.t0)
        let records = try store.auditRecords(after: 0, limit: 100)
        #expect(records.map(\.action) == ["api_key.create", "api_key.revoke", "policy.reload"])
        for record in records {
            #expect(!"\(record)".contains(secret), "the secret reached the audit log")
        }
        #expect(try store.verifyAudit().isIntact)
    }
}

extension StoreConformance {
    /// Logins a posture scan found: new ones are added, a known one takes only a newer
    /// password-changed time the server reports, and each change is audited once.
    func discoveredLogins() throws {
        let store = try makeStore()
        func login(_ id: String, changed: Timestamp?) -> CredentialRecord {
            CredentialRecord(
                id: id, kind: .databaseLogin, owner: "dba", rotationClass: "database-login", lastRotatedAt: changed,
                target: "mariadb://db.example:3306/", username: "app@%", createdAt: Self.t0)
        }
        #expect(try store.recordDatabaseLogins([login("db-a", changed: nil), login("db-b", changed: Self.t0)], actor: "scan", at: Self.t0) == 2)
        #expect(try store.recordDatabaseLogins([login("db-a", changed: nil), login("db-b", changed: Self.t0)], actor: "scan", at: Self.t0) == 0)
        let later = Self.t0.adding(days: 30)
        #expect(try store.recordDatabaseLogins([login("db-b", changed: later)], actor: "scan", at: later) == 1)
        #expect(try store.credential("db-b").lastRotatedAt == later)
        #expect(try store.recordDatabaseLogins([login("db-b", changed: Self.t0)], actor: "scan", at: later) == 0)
        #expect(try store.credential("db-b").lastRotatedAt == later)
        #expect(try store.credential("db-a").lastRotatedAt == nil && store.credential("db-a").username == "app@%")
        #expect(code { _ = try store.recordDatabaseLogins([login("bad id!", changed: nil)], actor: "scan", at: later) } != nil)
        #expect(try store.auditRecords(after: 0, limit: 10).map(\.action) == ["credential.database_logins", "credential.database_logins"])
        #expect(try store.verifyAudit().isIntact)
    }
}

@Suite("Store conformance: SQLite", .serialized)
struct SQLiteConformanceTests {
    /// On disk, as `serve` runs it: a connection pool with concurrent readers and one writer.
    static func onDisk() throws -> any PHIGuardStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-conformance-\(UUID().uuidString)")
        return try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path, keysFolder: folder.appendingPathComponent("keys"))
    }

    let suites = [StoreConformance(makeStore: { try SQLiteStore.inMemory() }), StoreConformance(makeStore: onDisk)]

    @Test("revisions and the change feed") func revisions() throws { for suite in suites { try suite.revisionsAndFeed() } }
    @Test("concurrent writers") func concurrency() throws { for suite in suites { try suite.concurrentWriters() } }
    @Test("stale decisions are refused") func stale() throws { for suite in suites { try suite.staleDecisionsRefused() } }
    @Test("entity lifecycles") func lifecycles() throws { for suite in suites { try suite.lifecycles() } }
    @Test("API keys") func apiKeys() throws { for suite in suites { try suite.apiKeyLifecycle() } }
    @Test("logins a scan found") func discoveredLogins() throws { for suite in suites { try suite.discoveredLogins() } }
}
