import AccessModel
import Foundation
import Monitoring
import Operations
import Store
import Synchronization
import Testing

/// The operations layer on a real (in-memory) SQLite store: authorization, the model's rules,
/// the audit record and the revision of every change, and the caller's catch-up hook.
@Suite("Operations")
struct OperationsTests {
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies")
    static let t0 = Timestamp(parsing: "2026-06-01T10:00:00Z")!

    let store: SQLiteStore
    let operations: Operations
    let caughtUp = Counter()
    let officer = Caller.localOperator("privacy.officer")

    init() throws {
        store = try SQLiteStore.inMemory()
        let authorizer = try AdminAuthorizer(bundle: try PolicyFolder.load(Self.policies.appendingPathComponent("service").path))
        let counter = caughtUp
        operations = Operations(store: store, authorizer: { authorizer }, afterChange: { counter.add() }, clock: { Self.t0 })
        for (id, departments) in [("nurse.ana", ["cardiology"]), ("dr.chen", ["cardiology"]), ("cmo", ["administration"])] {
            _ = try operations.addPrincipal(
                Principal(id: id, kind: .user, displayName: id, departments: departments, mfaEnrolled: true, createdAt: Self.t0), by: officer)
        }
        _ = try operations.addRole(Role(id: "nurse"), by: officer)
        _ = try operations.assignRole(principalID: "nurse.ana", roleID: "nurse", by: officer)
    }

    func grant(_ id: String, to grantee: Grantee, approver: String) -> Grant {
        Grant(
            id: id, grantee: grantee, actions: [.read], scope: GrantScope(departments: ["cardiology"]), purposes: [.treatment], validFrom: Self.t0,
            approver: approver, justification: "ward care", createdBy: "privacy.officer", createdAt: Self.t0)
    }

    /// The error code an operation fails with, nil when it succeeds.
    func code(_ body: () throws -> some Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? OperationError)?.code ?? "not an OperationError: \(error)"
        }
    }

    @Test("every change returns its audit record and a revision one above the last, and the caller catches up once per change")
    func revisions() throws {
        let before = caughtUp.value
        let first = try operations.addGrant(grant("g1", to: .role("nurse"), approver: "cmo"), by: officer)
        let second = try operations.revokeGrant("g1", reason: "moved", by: officer)
        #expect(first.action == "grant.add" && first.target == "g1")
        #expect(second.revision == first.revision.map { $0 + 1 })
        #expect(second.auditRecord > first.auditRecord)
        #expect(try store.directoryRevision() == second.revision)
        #expect(caughtUp.value == before + 2)
        let record = try #require(try store.auditRecords(after: second.auditRecord - 1, limit: 1).first)
        #expect(record.directoryRevision == second.revision && record.actor == "privacy.officer")
        #expect(code { try operations.revokeGrant("g1", reason: "again", by: officer) } == "already_revoked")
    }

    @Test("an API key acts only as Policies/service/ allows; a refused change leaves no trace")
    func authorization() throws {
        let decide = try store.createAPIKey(name: "ehr", scopes: [.decide], actor: "test", at: Self.t0).key
        let admin = try store.createAPIKey(name: "ops", scopes: [.admin], actor: "test", at: Self.t0).key
        let revision = try store.directoryRevision()
        #expect(code { try operations.setStatus(of: "nurse.ana", to: .suspended, by: .key(decide)) } == "forbidden")
        #expect(code { try operations.createKey(name: "x", scopes: [.admin], by: .key(decide)) } == "forbidden")
        #expect(try store.directoryRevision() == revision)
        let done = try operations.setStatus(of: "nurse.ana", to: .suspended, by: .key(admin))
        #expect(done.action == "principal.suspend")
        #expect(try store.auditRecords(after: done.auditRecord - 1, limit: 1).first?.actor == "key:\(admin.id)")
    }

    @Test("nobody approves their own grant, directly or through a role they hold")
    func selfApproval() throws {
        #expect(code { try operations.addGrant(grant("g-own", to: .principal("dr.chen"), approver: "dr.chen"), by: officer) } == "self_approval")
        #expect(code { try operations.addGrant(grant("g-role", to: .role("nurse"), approver: "nurse.ana"), by: officer) } == "self_approval")
        // Through an including role too.
        _ = try operations.addRole(Role(id: "charge-nurse", includes: ["nurse"]), by: officer)
        _ = try operations.assignRole(principalID: "dr.chen", roleID: "charge-nurse", by: officer)
        #expect(code { try operations.addGrant(grant("g-incl", to: .role("nurse"), approver: "dr.chen"), by: officer) } == "self_approval")
        #expect(code { try operations.addGrant(grant("g-ok", to: .role("nurse"), approver: "cmo"), by: officer) } == nil)
    }

    @Test("a terminated principal receives nothing new; a suspended one may, for its reactivation")
    func terminatedReceivesNothing() throws {
        _ = try operations.setStatus(of: "dr.chen", to: .suspended, by: officer)
        #expect(code { try operations.assignRole(principalID: "dr.chen", roleID: "nurse", by: officer) } == nil)
        #expect(code { try operations.addGrant(grant("g-s", to: .principal("dr.chen"), approver: "cmo"), by: officer) } == nil)
        _ = try operations.setStatus(of: "nurse.ana", to: .terminated, by: officer)
        #expect(code { try operations.unassignRole(principalID: "nurse.ana", roleID: "nurse", by: officer) } == nil)
        #expect(code { try operations.assignRole(principalID: "nurse.ana", roleID: "nurse", by: officer) } == "invalid_state")
        #expect(code { try operations.addGrant(grant("g-t", to: .principal("nurse.ana"), approver: "cmo"), by: officer) } == "invalid_state")
        #expect(code { try operations.setStatus(of: "nurse.ana", to: .active, by: officer) } == "invalid_state")
    }

    @Test("audit verification and checkpoints go through the same authorization")
    func audit() throws {
        let auditor = try store.createAPIKey(name: "auditor", scopes: [.audit], actor: "test", at: Self.t0).key
        #expect(try operations.verifyAudit(by: .key(auditor)).isIntact)
        #expect(try operations.writeCheckpoint(by: officer) != nil)
    }
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// PHIGuard's own decisions reach the privacy monitor in its access-record shape.
@Suite("The decision log as access records")
struct DecisionLogRecordsTests {
    @Test("decisions map with roles, departments, hashed patients and derived grant kinds; the monitor scores them")
    func mapsAndScores() throws {
        let store = try SQLiteStore.inMemory()
        let t0 = Timestamp(parsing: "2026-06-01T10:00:00Z")!
        let officer = Caller.localOperator("privacy.officer")
        let authorizer = try AdminAuthorizer(bundle: try PolicyFolder.load(OperationsTests.policies.appendingPathComponent("service").path))
        let operations = Operations(store: store, authorizer: { authorizer }, afterChange: {}, clock: { t0 })
        _ = try operations.addPrincipal(
            Principal(id: "clerk.bo", kind: .user, displayName: "Bo", departments: ["billing"], mfaEnrolled: true, createdAt: t0), by: officer)
        _ = try operations.addRole(Role(id: "billing-clerk"), by: officer)
        _ = try operations.assignRole(principalID: "clerk.bo", roleID: "billing-clerk", by: officer)
        let wide = Grant(
            id: "billing-wide", grantee: .role("billing-clerk"), actions: [.read], purposes: [.payment, .treatment], validFrom: t0,
            approver: "cmo", justification: "claims", createdBy: "privacy.officer", createdAt: t0)
        _ = try operations.addGrant(wide, by: officer)
        // The clerk reads four patients for treatment: an implausible purpose for a billing role.
        let entries = (1...4).map { index in
            DecisionAuditEntry(
                request: AccessRequest(
                    subject: SubjectReference(id: "clerk.bo"), action: .read, resource: ResourceDescription(kind: .patient, id: "mrn-\(index)"),
                    context: RequestContext(purposeOfUse: .treatment), now: t0),
                decision: AccessDecision(
                    allowed: true, reasonCodes: ["grant"], policyIDs: ["grant-billing-wide"], grantIDs: ["billing-wide"], obligations: [],
                    explanation: nil, errors: [], breakGlass: false))
        }
        _ = try store.appendDecisions(entries, at: t0)

        var records: [AccessRecord] = []
        try DecisionLogRecords.read(from: store) { records.append($0) }
        #expect(records.count == 4)
        let first = try #require(records.first)
        #expect(first.actor == "clerk.bo" && first.actorRoles == ["billing-clerk"] && first.actorDepartments == ["billing"])
        #expect(first.patient == store.pseudonym("mrn-1") && first.patient != "mrn-1")
        #expect(first.purpose == "TREAT" && first.permitted && first.grantID == "billing-wide" && first.grantKind == .broad)
        #expect(
            DecisionLogRecords.kind(
                of: Grant(
                    id: "g", grantee: .principal("a"), actions: [.read], scope: GrantScope(patient: "p"), purposes: [.treatment], validFrom: t0,
                    approver: "b", justification: "j", createdBy: "c", createdAt: t0)) == .relationship)

        let monitor = PrivacyMonitor()
        for record in records { monitor.process(record) }
        monitor.finish()
        #expect(monitor.openedCases.first?.subject == "clerk.bo")
        #expect(monitor.statistics.observations["purpose_mismatch"] == 4)

        let facts = DecisionLogRecords.pseudonymized(MonitoringFacts(patients: [.init(id: "mrn-1", vip: true)]), store.pseudonym)
        #expect(facts.patients.first?.id == first.patient)
    }
}
