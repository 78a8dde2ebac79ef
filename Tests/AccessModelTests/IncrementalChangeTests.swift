import AccessModel
import Cedar
import Testing

/// A change applied to a running engine (as the change feed does it, one principal's entity at a
/// time) must decide exactly like an engine built from scratch on the changed directory.
@Suite("Incremental directory changes")
struct IncrementalChangeTests {
    static let people = ["nurse.ana", "nurse.ben", "dr.chen", "dr.diaz", "clerk.eve", "researcher.fay", "nurse.gus", "nurse.hal"]
    static let departments = ["cardiology", "oncology", "billing", "emergency"]

    /// Every person reading a lab record of each department, for treatment and for payment.
    static func requests() -> [AccessRequest] {
        people.flatMap { person in
            departments.flatMap { department in
                [PurposeOfUse.treatment, .payment].map { purpose in
                    AccessRequest(
                        subject: SubjectReference(id: person), action: .read,
                        resource: Hospital.record(department: department, category: department == "billing" ? .billing : .lab),
                        context: RequestContext(purposeOfUse: purpose, mfa: true), now: Hospital.now)
                }
            }
        }
    }

    @Test("each kind of change, applied incrementally, decides as a rebuilt engine does")
    func incrementalEqualsRebuild() throws {
        var engine = try Hospital().engine
        let at = Hospital.now
        let changes: [DirectoryChange] = [
            .addPrincipal(
                Principal(id: "nurse.hal", kind: .user, displayName: "Hal", departments: ["neurology"], mfaEnrolled: true, createdAt: Hospital.start)),
            .assignRole(RoleAssignment(principalID: "nurse.hal", roleID: "nurse", assignedBy: "privacy.officer", assignedAt: at)),
            .setStatus(principalID: "nurse.ana", status: .terminated),
            .setStatus(principalID: "nurse.gus", status: .active),
            .setCredentialState(principalID: "dr.chen", state: .compromised),
            .unassignRole(principalID: "clerk.eve", roleID: "billing"),
            .assignRole(RoleAssignment(principalID: "nurse.ben", roleID: "attending", assignedBy: "privacy.officer", assignedAt: at)),
            .addRole(Role(id: "charge-nurse", includes: ["nurse"])),
            .assignRole(RoleAssignment(principalID: "dr.diaz", roleID: "charge-nurse", assignedBy: "privacy.officer", assignedAt: at)),
            .includeRole(roleID: "billing", includedID: "nurse"),
            .revokeGrant(grantID: "g-nurse-onco", by: "privacy.officer", at: at, reason: "moved"),
        ]
        for change in changes {
            try engine.apply(change, at: at)
            let rebuilt = AccessEngine(bundle: engine.bundle, directory: engine.directory, at: at)
            for request in Self.requests() {
                let incremental = engine.decide(request)
                let fresh = rebuilt.decide(request)
                #expect(
                    incremental.allowed == fresh.allowed && Set(incremental.grantIDs) == Set(fresh.grantIDs)
                        && incremental.reasonCodes == fresh.reasonCodes,
                    "after \(change.action) \(change.target): \(request.subject.id) in \(request.resource.departments) differs")
            }
        }
        // The changes took effect, not just agreed with a rebuild.
        let ana = Self.requests().first { $0.subject.id == "nurse.ana" && $0.resource.departments == ["cardiology"] }!
        #expect(!engine.decide(ana).allowed)
        let hal = Self.requests().first { $0.subject.id == "nurse.hal" && $0.resource.departments == ["cardiology"] }!
        #expect(engine.decide(hal).allowed)
    }

    @Test("copies of an engine share compiled grants but never each other's per-principal lists")
    func copiesKeepTheirOwnState() throws {
        let before = try Hospital().engine
        var after = before
        let request = Self.requests().first { $0.subject.id == "nurse.ben" && $0.resource.departments == ["oncology"] }!
        #expect(before.decide(request).allowed)
        try after.apply(.revokeGrant(grantID: "g-nurse-onco", by: "privacy.officer", at: Hospital.now, reason: "moved"), at: Hospital.now)
        // The changed copy decides first and caches its list; the older copy still decides on its own state.
        #expect(!after.decide(request).allowed)
        #expect(before.decide(request).allowed)
        #expect(!after.decide(request).allowed)
    }
}
