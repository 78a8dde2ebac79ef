import AccessModel
import Cedar
import Testing

@Suite("HIPAA baseline scenarios")
struct AccessEngineScenarioTests {
    let hospital: Hospital

    init() throws {
        hospital = try Hospital()
    }

    @Test("minimum necessary: granted categories, departments and actions only")
    func minimumNecessary() {
        let allowed = hospital.decide("nurse.ana")
        #expect(allowed.allowed)
        #expect(allowed.grantIDs == ["g-nurse-cardio"])
        #expect(allowed.policyIDs == ["grant:g-nurse-cardio"])
        #expect(allowed.obligations == ["AUDTR"])
        #expect(!hospital.decide("nurse.ana", .read, Hospital.record(category: .imaging)).allowed)
        #expect(!hospital.decide("nurse.ana", .read, Hospital.record(department: "oncology")).allowed)
        #expect(!hospital.decide("nurse.ana", .update).allowed)
        #expect(hospital.decide("nurse.ben", .read, Hospital.record(department: "oncology")).allowed)
        let deny = hospital.decide("nurse.ana", .delete)
        #expect(deny.reasonCodes == ["no_applicable_grant"])
        #expect(deny.explanation?.contains("no active grant for `delete`") == true)
    }

    @Test("a purpose of use is required and must be one the grant allows")
    func purpose() {
        let missing = hospital.decide("nurse.ana", purpose: nil)
        #expect(!missing.allowed)
        #expect(missing.policyIDs == ["baseline:purpose-required"])
        #expect(missing.explanation?.contains("no purpose of use") == true)
        let wrong = hospital.decide("nurse.ana", purpose: .payment)
        #expect(!wrong.allowed)
        #expect(wrong.explanation?.contains("allow purposes TREAT, not HPAYMT") == true)
        #expect(hospital.decide("clerk.eve", .read, Hospital.record(category: .billing), purpose: .payment).allowed)
        #expect(!hospital.decide("clerk.eve", .read, Hospital.record(category: .lab), purpose: .payment).allowed)
    }

    @Test("role inclusion: an attending also holds the nurse grants")
    func roleInclusion() {
        let decision = hospital.decide("dr.chen")
        #expect(decision.allowed)
        #expect(Set(decision.grantIDs) == ["g-nurse-cardio", "g-attending-cardio"])
    }

    @Test("sensitive labels only through a grant naming every label")
    func sensitiveLabels() {
        let note = Hospital.record(category: .psychotherapyNote, labels: [.psychotherapyNote])
        #expect(!hospital.decide("nurse.ana", .read, note).allowed)
        #expect(hospital.decide("dr.chen", .read, note).allowed)
        let hiv = Hospital.record(labels: [.hiv])
        #expect(!hospital.decide("dr.chen", .read, hiv).allowed)
        #expect(hospital.decide("dr.chen", .read, hiv).explanation?.contains("sensitivity label") == true)
    }

    @Test("substance use disorder records need a recorded consent (42 CFR Part 2)")
    func part2() {
        let withoutConsent = hospital.decide("dr.chen", .read, Hospital.record(labels: [.substanceUseDisorder]))
        #expect(!withoutConsent.allowed)
        #expect(withoutConsent.policyIDs == ["baseline:part2-consent"])
        let withConsent = hospital.decide("dr.chen", .read, Hospital.record(labels: [.substanceUseDisorder], part2Consent: true))
        #expect(withConsent.allowed)
        #expect(withConsent.obligations.contains("NORDSCLCD"))
    }

    @Test("confidentiality R and V only through explicit grants")
    func confidentiality() {
        #expect(!hospital.decide("nurse.ana", .read, Hospital.record(confidentiality: .restricted)).allowed)
        #expect(hospital.decide("dr.chen", .read, Hospital.record(confidentiality: .restricted)).allowed)
        #expect(!hospital.decide("dr.chen", .read, Hospital.record(confidentiality: .veryRestricted)).allowed)
    }

    @Test("suspended principals, unusable credentials, missing MFA and stale sessions are denied")
    func principalState() throws {
        let suspended = hospital.decide("nurse.gus")
        #expect(suspended.policyIDs == ["baseline:inactive-principal"])
        #expect(suspended.explanation == "denied: the principal is suspended or terminated")
        var engine = hospital.engine
        try engine.update(
            { (directory: inout AccessDirectory) throws in
                try directory.setCredentialState("nurse.ana", .compromised)
            }, at: Hospital.now)
        let compromised = engine.decide(
            AccessRequest(
                subject: SubjectReference(id: "nurse.ana"), action: .read, resource: Hospital.record(),
                context: RequestContext(purposeOfUse: .treatment, mfa: true), now: Hospital.now))
        #expect(compromised.policyIDs == ["baseline:credential-unusable"])
        #expect(hospital.decide("nurse.ana", mfa: false).policyIDs == ["baseline:mfa-required"])
        #expect(hospital.decide("nurse.ana", mfa: nil).policyIDs == ["baseline:mfa-required"])
        let stale = hospital.decide("nurse.ana", sessionStarted: Hospital.now.adding(seconds: -16 * 60))
        #expect(stale.policyIDs == ["baseline:session-expired"])
        #expect(hospital.decide("nurse.ana", sessionStarted: Hospital.now.adding(seconds: -5 * 60)).allowed)
        // Service accounts authenticate with their credential, not MFA.
        #expect(hospital.decide("svc.billing-export", .export, Hospital.record(category: .billing), purpose: .payment, mfa: nil).allowed)
    }

    @Test("break-the-glass: eligible user, emergency purpose and justification, with obligations")
    func breakGlass() {
        let emergency = hospital.decide(
            "dr.diaz", .read, Hospital.record(department: "oncology"), purpose: .breakTheGlass, justification: "unconscious patient in ED")
        #expect(emergency.allowed)
        #expect(emergency.breakGlass)
        #expect(emergency.reasonCodes == ["break_glass"])
        #expect(emergency.obligations == ["AUDTR", "SECURITY-ALERT", "BTG-REVIEW", "TIMEBOX-60M"])
        #expect(!hospital.decide("dr.diaz", .read, Hospital.record(), purpose: .breakTheGlass).allowed)
        #expect(!hospital.decide("dr.diaz", .read, Hospital.record(), purpose: .breakTheGlass, justification: "").allowed)
        #expect(!hospital.decide("dr.diaz", .update, Hospital.record(), purpose: .breakTheGlass, justification: "x").allowed)
        #expect(!hospital.decide("nurse.ana", .read, Hospital.record(department: "oncology"), purpose: .breakTheGlass, justification: "x").allowed)
        let service = hospital.decide(
            "svc.billing-export", .read, Hospital.record(category: .billing), purpose: .breakTheGlass, justification: "x", mfa: nil)
        #expect(service.policyIDs == ["baseline:no-break-glass-for-service-accounts"])
        #expect(!hospital.decide("dr.diaz", .read, Hospital.record(), purpose: .breakTheGlass, justification: "x", mfa: false).allowed)
        // Emergencies reach Part 2 records without consent (42 CFR 2.51).
        #expect(
            hospital.decide("dr.diaz", .read, Hospital.record(labels: [.substanceUseDisorder]), purpose: .breakTheGlass, justification: "overdose")
                .allowed)
    }

    @Test("care-team-only patients")
    func careTeam() {
        let restricted = Hospital.record(restrictions: ["care-team-only"], careTeam: ["dr.chen"])
        #expect(hospital.decide("dr.chen", .read, restricted).allowed)
        let nurse = hospital.decide("nurse.ana", .read, restricted)
        #expect(nurse.policyIDs == ["baseline:care-team-only-record"])
    }

    @Test("a revoked grant denies on the very next decision")
    func revocation() throws {
        var engine = hospital.engine
        let request = AccessRequest(
            subject: SubjectReference(id: "nurse.ben"), action: .read, resource: Hospital.record(department: "oncology"),
            context: RequestContext(purposeOfUse: .treatment, mfa: true), now: Hospital.now)
        #expect(engine.decide(request).allowed)
        try engine.update(
            { (directory: inout AccessDirectory) throws in
                try directory.revokeGrant("g-nurse-onco", by: "privacy.officer", at: Hospital.now, reason: "transferred")
            }, at: Hospital.now)
        #expect(!engine.decide(request).allowed)
        #expect(throws: AccessModelError.self) {
            try engine.update(
                { (directory: inout AccessDirectory) throws in
                    try directory.revokeGrant("g-nurse-onco", by: "privacy.officer", at: Hospital.now, reason: "again")
                }, at: Hospital.now)
        }
    }

    @Test("adding and revoking grants through apply reaches exactly the principals who hold them, with warm caches")
    func applyGrantChanges() throws {
        var engine = hospital.engine
        func request(_ subject: String, _ department: String) -> AccessRequest {
            AccessRequest(
                subject: SubjectReference(id: subject), action: .read, resource: Hospital.record(department: department),
                context: RequestContext(purposeOfUse: .treatment, mfa: true), now: Hospital.now)
        }
        // Every principal's compiled list is cached before the changes.
        #expect(engine.decide(request("nurse.ben", "oncology")).allowed)
        #expect(!engine.decide(request("nurse.ana", "oncology")).allowed)
        #expect(engine.decide(request("nurse.ana", "cardiology")).allowed)
        #expect(engine.decide(request("dr.chen", "cardiology")).allowed)
        let onco = Grant(
            id: "g-ana-onco", grantee: .principal("nurse.ana"), actions: [.read], scope: GrantScope(departments: ["oncology"], categories: [.lab]),
            purposes: [.treatment], validFrom: Hospital.now.adding(days: -1), approver: "privacy.officer", justification: "float pool",
            createdBy: "privacy.officer", createdAt: Hospital.now)
        try engine.apply(.addGrant(onco), at: Hospital.now)
        #expect(engine.decide(request("nurse.ana", "oncology")).grantIDs == ["g-ana-onco"])
        try engine.apply(.revokeGrant(grantID: "g-nurse-onco", by: "privacy.officer", at: Hospital.now, reason: "transferred"), at: Hospital.now)
        #expect(!engine.decide(request("nurse.ben", "oncology")).allowed)
        #expect(engine.decide(request("nurse.ana", "oncology")).allowed)
        // A role's grant reaches everyone holding the role, including through an including role.
        try engine.apply(.revokeGrant(grantID: "g-nurse-cardio", by: "privacy.officer", at: Hospital.now, reason: "ward closed"), at: Hospital.now)
        #expect(!engine.decide(request("nurse.ana", "cardiology")).grantIDs.contains("g-nurse-cardio"))
        #expect(engine.decide(request("dr.chen", "cardiology")).grantIDs == ["g-attending-cardio"])
    }

    @Test("grant time windows and time-bound role assignments")
    func timeWindows() throws {
        let research = Hospital.record(patient: "p42", department: "oncology")
        let early = Timestamp(parsing: "2026-02-01T00:00:00Z")!
        #expect(hospital.decide("researcher.fay", .read, research, purpose: .research, at: early).allowed)
        let late = hospital.decide("researcher.fay", .read, research, purpose: .research)
        #expect(!late.allowed)
        // The grant that would have allowed is named, with why it no longer does.
        #expect(late.explanation?.contains("would allow this, but it expired at") == true, "\(late.explanation ?? "")")
        var engine = hospital.engine
        let from = Hospital.now.adding(days: 1)
        try engine.update(
            { (directory: inout AccessDirectory) throws in
                try directory.assign(
                    RoleAssignment(principalID: "researcher.fay", roleID: "nurse", validFrom: from, assignedBy: "po", assignedAt: Hospital.now))
            }, at: Hospital.now)
        func decide(_ at: Timestamp) -> Bool {
            engine.decide(
                AccessRequest(
                    subject: SubjectReference(id: "researcher.fay"), action: .read, resource: Hospital.record(),
                    context: RequestContext(purposeOfUse: .treatment, mfa: true), now: at)
            ).allowed
        }
        #expect(!decide(Hospital.now))
        #expect(engine.entitiesValidUntil == from)
        engine.refresh(at: from)
        #expect(decide(from))
    }

    @Test("unknown principals are a deny with a reason code")
    func unknownPrincipal() {
        let decision = hospital.decide("nobody")
        #expect(!decision.allowed)
        #expect(decision.reasonCodes == ["unknown_principal"])
    }

    @Test("every compiled grant validates against the default schema")
    func grantsValidate() throws {
        let validator = Validator(schema: try Hospital.bundle().schema)
        for policy in try Hospital.directory().grantPolicies(at: Hospital.now) {
            let result = validator.validate(policy)
            #expect(result.isValid, "\(policy.id): \(result.errors)")
        }
    }
}
