import AccessModel
import Credentials
import Foundation
import Store
import Testing

@Suite("credential inventory")
struct CredentialInventoryTests {
    static let t0 = Timestamp(parsing: "2026-06-01T10:00:00Z")!
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies").path

    static func rules() throws -> RotationRules {
        try RotationRules(yaml: try String(contentsOfFile: policies + "/rotation.yaml", encoding: .utf8))
    }

    /// A nurse with a PCI-class password, and a grant to read cardiology records.
    func hospital() throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        try store.apply(
            .addPrincipal(
                Principal(id: "nurse.ana", kind: .user, displayName: "Ana", departments: ["cardiology"], mfaEnrolled: true, createdAt: Self.t0)),
            actor: "admin", at: Self.t0)
        try store.apply(
            .addGrant(
                Grant(
                    id: "g-ana", grantee: .principal("nurse.ana"), actions: [.read],
                    scope: GrantScope(departments: ["cardiology"], categories: [.lab]),
                    purposes: [.treatment], validFrom: Self.t0, approver: "privacy.officer", justification: "ward care", createdBy: "admin",
                    createdAt: Self.t0)), actor: "admin", at: Self.t0)
        try store.importCredentials(
            [
                CredentialRecord(
                    id: "pw-ana", kind: .password, owner: "nurse.ana", rotationClass: "pci-person-password", principalID: "nurse.ana",
                    lastRotatedAt: Self.t0, createdAt: Self.t0)
            ], actor: "admin", at: Self.t0)
        return store
    }

    func decide(_ store: SQLiteStore, at time: Timestamp) throws -> AccessDecision {
        var service = try DecisionService(store: store, bundle: try PolicyFolder.load(Self.policies), at: time)
        let request = AccessRequest(
            subject: SubjectReference(id: "nurse.ana"), action: .read,
            resource: ResourceDescription(kind: .record, id: "r-1", patientID: "p-1", departments: ["cardiology"], category: .lab),
            context: RequestContext(purposeOfUse: .treatment, mfa: true, sessionStarted: time), now: time)
        return try service.decide(request).0
    }

    @Test("a compromised credential makes its principal's decisions deny until it is rotated; all audited")
    func compromise() throws {
        let store = try hospital()
        #expect(try decide(store, at: Self.t0).allowed)
        let (record, change) = try store.markCompromised("pw-ana", actor: "soc", at: Self.t0.adding(seconds: 60))
        #expect(record.state == .compromised)
        #expect(change == .setCredentialState(principalID: "nurse.ana", state: .compromised))
        let denied = try decide(store, at: Self.t0.adding(seconds: 120))
        #expect(!denied.allowed)
        // Due at once.
        var due: [DueCredential] = []
        try store.forEachDue(rules: try Self.rules(), until: Self.t0.adding(seconds: 61)) { due.append($0) }
        #expect(due.map(\.credential.id) == ["pw-ana"] && due[0].reason == .compromised)
        let (rotated, restored) = try store.markRotated("pw-ana", expiresAt: nil, actor: "ana", at: Self.t0.adding(seconds: 180))
        #expect(rotated.state == .active && restored == .setCredentialState(principalID: "nurse.ana", state: .ok))
        #expect(try decide(store, at: Self.t0.adding(seconds: 240)).allowed)
        let actions = try store.auditRecords(after: 0, limit: 100).map(\.action)
        #expect(
            actions.contains("credential.compromised") && actions.contains("credential.rotated") && actions.contains("principal.credential-state"))
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("repeated failures lock at the class's threshold (PCI: 10) for its minutes; the lock lifts once it runs out")
    func lockout() throws {
        let store = try hospital()
        let rules = try Self.rules()
        for attempt in 1...9 {
            let (record, change) = try store.recordFailedAttempt("pw-ana", rules: rules, at: Self.t0)
            #expect(record.state == .active && record.failedAttempts == attempt && change == nil)
        }
        let (locked, change) = try store.recordFailedAttempt("pw-ana", rules: rules, at: Self.t0)
        #expect(locked.state == .locked && locked.lockedUntil == Self.t0.adding(seconds: 1800))
        #expect(change == .setCredentialState(principalID: "nurse.ana", state: .locked))
        #expect(!(try decide(store, at: Self.t0.adding(seconds: 60)).allowed))
        #expect(try store.unlockExpired(at: Self.t0.adding(seconds: 1799)).isEmpty)
        #expect(try store.unlockExpired(at: Self.t0.adding(seconds: 1800)).count == 1)
        #expect(try decide(store, at: Self.t0.adding(seconds: 1900)).allowed)
        #expect(throws: StoreError.self) { try store.unlock("pw-ana", actor: "a", at: Self.t0) }
    }

    @Test("imports are all or nothing; unknown ids are clear errors")
    func importsAndErrors() throws {
        let store = try hospital()
        let fresh = CredentialRecord(id: "key-lab", kind: .apiKey, owner: "lab", rotationClass: "api-key", createdAt: Self.t0)
        let clash = CredentialRecord(id: "pw-ana", kind: .password, owner: "x", rotationClass: "person-password", createdAt: Self.t0)
        #expect(throws: StoreError.self) { try store.importCredentials([fresh, clash], actor: "a", at: Self.t0) }
        #expect(throws: StoreError.self) { try store.credential("key-lab") }
        #expect(throws: StoreError.self) { try store.markCompromised("nope", actor: "a", at: Self.t0) }
        let phi = CredentialRecord(id: "pw-123-45-6789", kind: .password, owner: "x", rotationClass: "person-password", createdAt: Self.t0)
        #expect(throws: CredentialsError.self) { try store.importCredentials([phi], actor: "a", at: Self.t0) }
        try store.importCredentials([fresh], actor: "a", at: Self.t0)
        #expect(try store.credentials(kind: .apiKey, owner: nil, state: nil, after: nil, limit: 10).map(\.id) == ["key-lab"])
    }

    @Test("due listing covers age, hard expiry and compromise, each credential once")
    func dueListing() throws {
        let store = try SQLiteStore.inMemory()
        let rules = try Self.rules()
        var records: [CredentialRecord] = []
        for index in 0..<300 {
            records.append(
                CredentialRecord(
                    id: "db-\(index)", kind: .databaseLogin, owner: "dba", rotationClass: "database-login",
                    lastRotatedAt: Self.t0.adding(days: -Int64(index)), expiresAt: index % 2 == 0 ? Self.t0.adding(days: 5) : nil, createdAt: Self.t0)
            )
        }
        records.append(
            CredentialRecord(
                id: "cert-db", kind: .tlsCertificate, owner: "pki", rotationClass: "tls-certificate", expiresAt: Self.t0.adding(days: 20),
                createdAt: Self.t0))
        try store.importCredentials(records, actor: "a", at: Self.t0)
        var due: [String: DueCredential] = [:]
        try store.forEachDue(rules: rules, until: Self.t0.adding(days: 30)) { item in
            #expect(due[item.credential.id] == nil, "listed twice: \(item.credential.id)")
            due[item.credential.id] = item
        }
        // Age: rotated 60+ days ago (due within 30 days of a 90-day age); expiry: every even index; the certificate.
        let expected = Set((0..<300).filter { $0 >= 60 || $0 % 2 == 0 }.map { "db-\($0)" } + ["cert-db"])
        #expect(Set(due.keys) == expected)
        #expect(due["db-2"]?.reason == .expiry && due["db-61"]?.reason == .age && due["db-100"]?.reason == .age)

        // The lines SQLite builds for `rotation due` say what the records say: same order, due dates,
        // days left and reasons.
        _ = try store.markCompromised("db-7", actor: "a", at: Self.t0)
        var listed: [DueCredential] = []
        try store.forEachDue(rules: rules, until: Self.t0.adding(days: 30)) { listed.append($0) }
        var lines: [[String: Any]] = []
        let collect: (String) throws -> Void = { line in
            lines.append(try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]))
        }
        try store.forEachDueLine(rules: rules, until: Self.t0.adding(days: 30), now: Self.t0, format: .json, mask: { $0 }, collect)
        #expect(lines.count == listed.count)
        for (line, record) in zip(lines, listed) {
            #expect(line["id"] as? String == record.credential.id)
            #expect(line["due_at"] as? String == record.dueAt.description)
            #expect(line["days_left"] as? Int == Int(record.daysLeft(at: Self.t0)))
            #expect(line["reason"] as? String == record.reason.rawValue)
        }
        #expect(listed.first { $0.credential.id == "db-7" }?.reason == .compromised)
    }

    @Test("password history keeps the newest entries and counts as a rotation of the person's password")
    func history() throws {
        let store = try hospital()
        for index in 0..<6 {
            try store.recordPasswordChange(
                user: "nurse.ana", phc: "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$\(index)", pepperID: "p", keep: 4, actor: "ana",
                at: Self.t0.adding(days: Int64(index)))
        }
        let history = try store.passwordHistory(user: "nurse.ana", limit: 10)
        #expect(history.count == 4 && history.first!.hasSuffix("$5"))
        #expect(try store.lastPasswordChange(user: "nurse.ana") == Self.t0.adding(days: 5))
        #expect(try store.credential("pw-ana").lastRotatedAt == Self.t0.adding(days: 5))
    }
}
