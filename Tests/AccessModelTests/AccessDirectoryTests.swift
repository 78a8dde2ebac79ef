import AccessModel
import Testing

@Suite("access directory rules")
struct AccessDirectoryTests {
    @Test(
        "identifiers that look like PHI are rejected",
        arguments: ["123-45-6789", "123456789", "mrn-00012345", "born-1984-03-12", "03/12/1984x", "555-123-4567", "acct4455667788"])
    func phiLikeIdentifiers(_ id: String) {
        do {
            try IdentifierHygiene.check(id, what: "principal id")
            Issue.record("accepted \(id)")
        } catch {
            #expect(error.code == .identifierLooksLikePHI || error.code == .invalidIdentifier)
        }
    }

    @Test("ordinary identifiers are accepted", arguments: ["nurse.ana", "dr.chen", "svc-billing", "u17", "role_icu-2024"])
    func ordinaryIdentifiers(_ id: String) throws {
        try IdentifierHygiene.check(id, what: "principal id")
    }

    @Test("duplicates, bad windows, unknown references and cycles are clear errors")
    func invalidChanges() throws {
        var directory = try Hospital.directory()
        let codes: [(AccessModelError.Code, (inout AccessDirectory) throws -> Void)] = [
            (.duplicateID, { try $0.addPrincipal(Principal(id: "nurse.ana", kind: .user, displayName: "x", createdAt: Hospital.start)) }),
            (.notFound, { try $0.assign(RoleAssignment(principalID: "nobody", roleID: "nurse", assignedBy: "po", assignedAt: Hospital.start)) }),
            (.roleCycle, { try $0.include("attending", in: "nurse") }),
            (
                .invalidState,
                { directory in
                    try directory.setStatus("nurse.ana", .terminated)
                    try directory.setStatus("nurse.ana", .active)
                }
            ),
            (.invalidTimeWindow, { try $0.addGrant(Self.grant(until: Hospital.start.adding(days: -1))) }),
            (.invalidGrant, { try $0.addGrant(Self.grant(purposes: [])) }),
            (.notFound, { try $0.addGrant(Self.grant(grantee: .role("surgeon"))) }),
            (.notFound, { try $0.unassign(principalID: "nurse.ana", roleID: "billing") }),
        ]
        for (code, change) in codes {
            var copy = directory
            do {
                try change(&copy)
                Issue.record("expected \(code)")
            } catch let error as AccessModelError {
                #expect(error.code == code, "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        try directory.addGrant(Self.grant())
        #expect(throws: AccessModelError.self) { try directory.addGrant(Self.grant()) }
    }

    static func grant(grantee: Grantee = .principal("nurse.ana"), purposes: [PurposeOfUse] = [.treatment], until: Timestamp? = nil) -> Grant {
        Grant(
            id: "g-new", grantee: grantee, actions: [.read], purposes: purposes, validFrom: Hospital.start, validUntil: until, approver: "po",
            justification: "coverage", createdBy: "po", createdAt: Hospital.start)
    }
}
