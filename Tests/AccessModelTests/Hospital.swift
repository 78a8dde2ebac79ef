import AccessModel
import Cedar
import Foundation

/// A small but realistic hospital: two departments, nurses, attending physicians, an emergency
/// physician, a billing clerk, a researcher, a service account and a suspended user, with the
/// grants a privacy officer would approve. Decisions use the repository's real `Policies/`.
struct Hospital {
    static let start = Timestamp(parsing: "2026-01-01T00:00:00Z")!
    static let now = Timestamp(parsing: "2026-06-01T10:00:00Z")!

    var engine: AccessEngine

    static func bundle() throws -> PolicyBundle {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Policies")
        let schema = try String(contentsOf: folder.appendingPathComponent("schema.cedarschema"), encoding: .utf8)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".cedar") }
        let files = try names.map { PolicyBundle.File(name: $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
        return try PolicyBundle(schema: schema, files: files)
    }

    static func directory() throws -> AccessDirectory {
        var d = AccessDirectory()
        func user(_ id: String, _ departments: [String], breakGlass: Bool = false, status: Principal.Status = .active) throws {
            try d.addPrincipal(
                Principal(
                    id: id, kind: .user, displayName: id, departments: departments, status: status, mfaEnrolled: true, breakGlassEligible: breakGlass,
                    createdAt: start))
        }
        try user("nurse.ana", ["cardiology"])
        try user("nurse.ben", ["oncology"])
        try user("dr.chen", ["cardiology"])
        try user("dr.diaz", ["emergency"], breakGlass: true)
        try user("clerk.eve", ["billing"])
        try user("researcher.fay", ["research"])
        try user("nurse.gus", ["cardiology"], status: .suspended)
        try d.addPrincipal(Principal(id: "svc.billing-export", kind: .serviceAccount, displayName: "billing export", createdAt: start))

        try d.addRole(Role(id: "nurse", description: "registered nurse"))
        try d.addRole(Role(id: "attending", description: "attending physician", includes: ["nurse"]))
        try d.addRole(Role(id: "billing", description: "billing staff"))
        for (principal, role) in [
            ("nurse.ana", "nurse"), ("nurse.ben", "nurse"), ("dr.chen", "attending"), ("nurse.gus", "nurse"), ("clerk.eve", "billing"),
        ] {
            try d.assign(RoleAssignment(principalID: principal, roleID: role, assignedBy: "privacy.officer", assignedAt: start))
        }
        func grant(
            _ id: String, _ grantee: Grantee, _ actions: [PHIAction], departments: [String] = [], patient: String? = nil,
            categories: [RecordCategory] = [], labels: [SensitivityLabel] = [], confidentiality: [Confidentiality] = [],
            purposes: [PurposeOfUse], until: Timestamp? = nil
        ) throws {
            try d.addGrant(
                Grant(
                    id: id, grantee: grantee, actions: actions,
                    scope: GrantScope(departments: departments, patient: patient, categories: categories), labels: labels,
                    confidentiality: confidentiality, purposes: purposes, validFrom: start, validUntil: until, approver: "privacy.officer",
                    justification: "job function", createdBy: "privacy.officer", createdAt: start))
        }
        try grant(
            "g-nurse-cardio", .role("nurse"), [.read, .search], departments: ["cardiology"], categories: [.lab, .note, .medication],
            purposes: [.treatment])
        try grant(
            "g-nurse-onco", .principal("nurse.ben"), [.read, .search], departments: ["oncology"], categories: [.lab, .note], purposes: [.treatment])
        try grant(
            "g-attending-cardio", .role("attending"), [.read, .search, .create, .update], departments: ["cardiology"],
            labels: [.psychiatry, .psychotherapyNote, .substanceUseDisorder], confidentiality: [.restricted], purposes: [.treatment])
        try grant("g-billing", .role("billing"), [.read, .search], categories: [.billing, .demographics], purposes: [.payment])
        try grant("g-svc-export", .principal("svc.billing-export"), [.read, .export], categories: [.billing], purposes: [.payment])
        try grant(
            "g-research-p42", .principal("researcher.fay"), [.read], patient: "p42", categories: [.lab], purposes: [.research],
            until: Timestamp(parsing: "2026-03-01T00:00:00Z"))
        return d
    }

    init() throws {
        engine = AccessEngine(bundle: try Self.bundle(), directory: try Self.directory(), at: Self.now)
    }

    static func record(
        _ id: String = "r1", patient: String = "p1", department: String = "cardiology", category: RecordCategory = .lab,
        labels: [SensitivityLabel] = [], confidentiality: Confidentiality = .normal, restrictions: [String] = [], careTeam: [String] = [],
        part2Consent: Bool = false
    ) -> ResourceDescription {
        ResourceDescription(
            kind: .record, id: id, patientID: patient, departments: [department], category: category, labels: labels,
            confidentiality: confidentiality, restrictions: restrictions, careTeam: careTeam, part2Consent: part2Consent)
    }

    func decide(
        _ subject: String, _ action: PHIAction = .read, _ resource: ResourceDescription = Hospital.record(), purpose: PurposeOfUse? = .treatment,
        justification: String? = nil, mfa: Bool? = true, sessionStarted: Timestamp? = nil, at now: Timestamp = Hospital.now
    ) -> AccessDecision {
        engine.decide(
            AccessRequest(
                subject: SubjectReference(id: subject), action: action, resource: resource,
                context: RequestContext(purposeOfUse: purpose, justification: justification, mfa: mfa, sessionStarted: sessionStarted), now: now))
    }
}
