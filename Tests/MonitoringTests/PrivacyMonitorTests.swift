import Foundation
import Testing

@testable import Monitoring

/// 2026-01-05T00:00:00Z, a Monday.
let monday: Int64 = 1_767_571_200

/// A record `minutes` after Monday 00:00.
func access(
    _ minutes: Int64, _ actor: String, _ patient: String, kind: GrantKind? = .broad, grant: String? = "g", role: String = "registered nurse",
    department: String = "cardiology", purpose: String = "TREAT", labels: [String] = [], categories: [String] = [], permitted: Bool = true,
    breakGlass: Bool = false
) -> AccessRecord {
    AccessRecord(
        time: monday + minutes * 60, actor: actor, actorRoles: [role], actorDepartments: [department], patient: patient, labels: labels,
        categories: categories, purpose: purpose, permitted: permitted, grantID: grant, grantKind: kind, breakGlass: breakGlass)
}

/// Runs a monitor over `records` (sorted by time) and returns it finished.
func monitor(_ records: [AccessRecord], settings: MonitoringSettings = MonitoringSettings(), facts: MonitoringFacts = MonitoringFacts())
    -> PrivacyMonitor
{
    let monitor = PrivacyMonitor(settings: settings, facts: facts)
    for record in records.sorted(by: { $0.time < $1.time }) { monitor.process(record) }
    monitor.finish()
    return monitor
}

extension PrivacyMonitor {
    func observed(_ rule: String) -> Int { statistics.observations[rule] ?? 0 }
    func actorCase(_ actor: String) -> MonitorCase? { openedCases.first { $0.subjectKind == .actor && $0.subject == actor } }
}

@Suite("Monitor rules: each fires on its pattern and stays quiet on the explained one")
struct PrivacyMonitorTests {
    @Test("R1 self-access opens a case at once; a self-service grant does not")
    func selfAccess() {
        let facts = MonitoringFacts(workforce: [.init(id: "u1", patientID: "p1")])
        let run = monitor([access(600, "u1", "p1", kind: .relationship)], facts: facts)
        #expect(run.observed("self_access") == 1)
        #expect(run.actorCase("u1")?.reason == "score")
        #expect(monitor([access(600, "u1", "p1", kind: .selfService)], facts: facts).observed("self_access") == 0)
        // Without facts the rule is skipped, and the summary says so.
        #expect(monitor([access(600, "u1", "p1")]).statistics.skippedRules.contains("self_access"))
    }

    @Test("R2 break-the-glass: uncorroborated opens a case; a relationship access within 72 h corroborates it")
    func breakGlass() {
        let alone = monitor([access(600, "u1", "p2", kind: .btg, purpose: "ETREAT", breakGlass: true)])
        #expect(alone.observed("btg_use") == 1 && alone.observed("btg_uncorroborated") == 1)
        #expect(alone.actorCase("u1")?.score == 100)
        let corroborated = monitor([
            access(600, "u1", "p2", kind: .btg, breakGlass: true), access(600 + 48 * 60, "u1", "p2", kind: .relationship),
        ])
        #expect(corroborated.observed("btg_uncorroborated") == 0 && corroborated.actorCase("u1") == nil)
        // The daily cap keeps an emergency physician's routine break-the-glass below a case (peers
        // who use it as often keep the frequency rule quiet; here its minimum stands in for them).
        let peers = try! MonitoringSettings(yaml: "rules: {btg_frequency: {minimum: 20}}", source: "test")
        let routine = monitor(
            (0..<8).flatMap { index -> [AccessRecord] in
                [
                    access(480 + Int64(index) * 30, "u9", "p\(index)", kind: .btg, breakGlass: true),
                    access(485 + Int64(index) * 30, "u9", "p\(index)", kind: .relationship),
                ]
            }, settings: peers)
        #expect(routine.actorCase("u9") == nil)
    }

    @Test("R3 a denial then break-the-glass, and probing across patients")
    func denials() {
        let evasion = monitor([
            access(600, "u1", "p3", kind: nil, grant: nil, permitted: false), access(620, "u1", "p3", kind: .btg, breakGlass: true),
        ])
        #expect(evasion.observed("deny_then_permit") == 1 && evasion.actorCase("u1") != nil)
        // A denial followed by the care team's grant is how care normally starts.
        let normal = monitor([access(600, "u1", "p3", kind: nil, grant: nil, permitted: false), access(620, "u1", "p3", kind: .relationship)])
        #expect(normal.observed("deny_then_permit") == 0)
        let probing = monitor((0..<6).map { access(600 + Int64($0) * 5, "u2", "p\($0)", kind: nil, grant: nil, permitted: false) })
        #expect(probing.observed("probing") == 1 && probing.actorCase("u2") != nil)
        let scattered = monitor((0..<6).map { access(600 + Int64($0) * 120, "u2", "p\($0)", kind: nil, grant: nil, permitted: false) })
        #expect(scattered.observed("probing") == 0)
    }

    @Test("R4 unexplained first accesses: capped for a few, a case beyond the daily threshold; the department's care explains")
    func unexplainedFirstAccess() {
        let three = monitor((0..<3).map { access(600 + Int64($0) * 10, "u1", "p\($0)") })
        #expect(three.observed("unexplained_first_access") == 3 && three.actorCase("u1") == nil)
        let four = monitor((0..<4).map { access(600 + Int64($0) * 10, "u1", "p\($0)") })
        #expect(four.actorCase("u1")?.score == 100)
        // A colleague in the same department starts a care relationship within the settle window.
        var covered = (0..<6).map { access(600 + Int64($0) * 10, "u1", "p\($0)") }
        covered += (0..<6).map { access(900 + Int64($0) * 10, "u7", "p\($0)", kind: .relationship) }
        let explained = monitor(covered)
        #expect(explained.observed("unexplained_first_access") == 0)
        // A repeat access to a patient seen before is not a first access.
        let repeatAccess = monitor(
            [access(600, "u1", "p1", kind: .relationship), access(3 * 1440, "u1", "p1", kind: .relationship)] + [access(40 * 1440, "u1", "p1")])
        #expect(repeatAccess.observed("unexplained_first_access") == 0)
    }

    @Test("R5 implausible purposes: treatment from a billing role, operations reading psychotherapy notes")
    func purpose() {
        let billing = monitor([
            access(600, "u1", "p1", kind: .admin, role: "billing specialist", purpose: "TREAT"),
            access(610, "u1", "p2", kind: .admin, role: "billing specialist", purpose: "TREAT"),
        ])
        #expect(billing.observed("purpose_mismatch") == 2 && billing.actorCase("u1") != nil)
        let notes = monitor([access(600, "u2", "p1", kind: .admin, role: "HIM coder", purpose: "HOPERAT", labels: ["PSYTHPN"])])
        #expect(notes.observed("purpose_mismatch") == 1)
        let fine = monitor([
            access(600, "u3", "p1", kind: .admin, role: "billing specialist", purpose: "HPAYMT"),
            access(600, "u4", "p1", kind: .relationship, role: "physician", purpose: "TREAT", labels: ["PSYTHPN"]),
        ])
        #expect(fine.observed("purpose_mismatch") == 0)
        // An unclassified role is never judged, and the summary counts it.
        let unknown = monitor([access(600, "u5", "p1", kind: .admin, role: "zzz", purpose: "TREAT")])
        #expect(unknown.observed("purpose_mismatch") == 0 && unknown.statistics.actorsWithoutRoleClass == 1)
    }

    @Test("R6 sensitive labels through a broad grant without care; not when the department cares for the patient")
    func sensitive() {
        let browse = monitor([access(600, "u1", "p1", labels: ["HIV"]), access(620, "u1", "p2", labels: ["SUD"])])
        #expect(browse.observed("sensitive_without_relationship") == 2)
        #expect(browse.actorCase("u1") != nil)
        let ward = monitor([access(500, "u7", "p1", kind: .relationship), access(600, "u1", "p1", labels: ["HIV"])])
        #expect(ward.observed("sensitive_without_relationship") == 0)
    }

    @Test("R7 VIP access with facts, and a curiosity surge as a patient case listing the unexplained people")
    func vipAndSurge() {
        let facts = MonitoringFacts(patients: [.init(id: "p1", vip: true)])
        let vip = monitor([access(600, "u1", "p1")], facts: facts)
        #expect(vip.observed("vip_access") == 1 && vip.actorCase("u1") != nil)
        let surge = monitor((0..<12).map { access(600 + Int64($0) * 5, "u\($0)", "p9", department: "d\($0 % 4)") })
        let patientCase = surge.openedCases.first { $0.subjectKind == .patient }
        #expect(patientCase?.subject == "p9")
        #expect(patientCase?.actors.count == 12)
        // The care team on a busy patient is no surge.
        let team = monitor((0..<12).map { access(600 + Int64($0) * 5, "u\($0)", "p9", kind: .relationship) })
        #expect(team.openedCases.isEmpty)
    }

    @Test("R8 volume: above 50 distinct patients a day, doubled above three times the threshold")
    func volume() {
        let busy = monitor((0..<160).map { access(480 + Int64($0), "u1", "p\($0)", kind: .relationship) })
        #expect(busy.observed("volume_outlier") == 2)
        let research = monitor(
            (0..<150).map { access(480 + Int64($0), "u2", "p\($0)", kind: .relationship, role: "research coordinator", purpose: "HRESCH") })
        #expect(research.observed("volume_outlier") == 0)
    }

    @Test("R9 off-pattern hours: five patients at 03:00 for someone who works days")
    func offPatternHours() {
        var records: [AccessRecord] = []
        for day in 0..<14 {
            for index in 0..<20 { records.append(access(Int64(day) * 1440 + 540 + Int64(index) * 20, "u1", "p\(index)", kind: .relationship)) }
        }
        for index in 0..<5 { records.append(access(14 * 1440 + 180 + Int64(index) * 5, "u1", "p\(index)", kind: .relationship)) }
        #expect(monitor(records).observed("off_pattern_hours") == 1)
        records.removeLast(5)
        for index in 0..<5 { records.append(access(14 * 1440 + 600 + Int64(index) * 5, "u1", "p\(index)", kind: .relationship)) }
        #expect(monitor(records).observed("off_pattern_hours") == 0)
    }

    @Test("R10 department mismatch: a department that never reaches the caring department's patients")
    func departmentMismatch() throws {
        let settings = try MonitoringSettings(yaml: "rules: {department_mismatch: {minimum_permits: 20}}", source: "test")
        var records: [AccessRecord] = []
        for index in 0..<30 {
            records.append(access(Int64(index), "c\(index % 3)", "q\(index)", kind: .relationship, department: "cardiology"))
            records.append(access(Int64(index) + 100, "o\(index % 3)", "r\(index)", kind: .relationship, department: "obstetrics"))
            records.append(access(Int64(index) + 200, "o\(index % 3)", "r\(index)", kind: .relationship, department: "obstetrics"))
        }
        records.append(access(300, "o1", "q5", department: "obstetrics"))
        let run = monitor(records, settings: settings)
        #expect(run.observed("department_mismatch") == 1)
    }

    @Test("R11 coworker, family and neighbour, halved but never cleared by a care relationship")
    func relationships() {
        let facts = MonitoringFacts(
            workforce: [
                .init(id: "u1", surname: "Okafor", address: "12 Elm St.", street: "Elm St", postalCode: "02139", departments: ["cardiology"]),
                .init(id: "u2", surname: "Nguyen", departments: ["cardiology"], ),
                .init(id: "u3", surname: "Ali", patientID: "p3", departments: ["cardiology"]),
            ],
            patients: [
                .init(id: "p1", surname: "okafor", address: "12  elm st"), .init(id: "p2", surname: "Smith", address: "12 Elm St"),
                .init(id: "p3", surname: "Ali"), .init(id: "p4", surname: "Brown", contacts: ["u2"]),
                .init(id: "p5", surname: "Lee", street: "Elm St", postalCode: "02139"),
            ])
        let run = monitor(
            [
                access(600, "u1", "p1"), access(610, "u1", "p2"), access(620, "u2", "p3"), access(630, "u2", "p4", kind: .relationship),
                access(640, "u1", "p5"),
            ], facts: facts)
        let scores = Dictionary(
            run.openedCases.flatMap(\.observations).filter { ["family_member", "neighbour", "coworker"].contains($0.rule) }.map {
                ("\($0.rule) \($0.patient ?? "")", $0.score)
            }, uniquingKeysWith: max)
        #expect(scores["family_member p1"] == 100)
        #expect(scores["neighbour p1"] == nil)  // same surname and address is family, not counted twice
        #expect(scores["neighbour p2"] == 100)
        #expect(scores["coworker p3"] == 80)
        #expect(scores["family_member p4"] == 50)  // the contact, explained by a care relationship: halved
        #expect(scores["neighbour p5"] == 30)
    }

    @Test("R12 terminated actors, long-dormant actors and deceased patients")
    func inactive() {
        let facts = MonitoringFacts(
            workforce: [.init(id: "u1", status: "terminated", statusSince: "2026-01-05T12:00:00Z")],
            patients: [.init(id: "p9", dateOfDeath: "2025-10-01")])
        let run = monitor(
            [
                access(600, "u1", "p1"), access(800, "u1", "p2"), access(900, "u2", "p9", kind: .relationship),
                access(910, "u3", "p9", kind: .admin, role: "HIM coder", purpose: "HOPERAT"),
            ],
            facts: facts)
        #expect(run.observed("inactive_actor") == 1)  // only after noon
        #expect(run.observed("deceased_patient") == 1)  // treatment, not the HIM coder's operations
        let dormant = monitor([access(600, "u4", "p1", kind: .relationship), access(600 + 100 * 1440, "u4", "p1", kind: .relationship)])
        #expect(dormant.observed("dormant_actor") == 1)
    }
}

@Suite("Cases: score windows, multi-incident grouping, repeat offenders, quiet periods")
struct CaseGroupingTests {
    @Test("Several weaker rules across patients within a week open a multi-incident case")
    func multiIncident() {
        let run = monitor([
            access(600, "u1", "p1", labels: ["HIV"]),  // sensitive 40 + unexplained 20
            access(3 * 1440, "u1", "p2", kind: .admin, role: "registered nurse", purpose: "HMARKT", labels: ["PSY"]),  // purpose 60
        ])
        let opened = run.actorCase("u1")
        #expect(opened?.reason == "multi_incident", "\(run.openedCases.map(\.reasonDetail))")
        #expect(opened?.patients == ["p1", "p2"])
    }

    @Test("A confirmed violation in the last year multiplies the score")
    func repeatOffender() {
        let facts = MonitoringFacts(confirmedViolations: [.init(actor: "u1", time: "2025-11-01T00:00:00Z")])
        let records = (0..<3).map { access(600 + Int64($0) * 10, "u1", "p\($0)") }
        #expect(monitor(records).actorCase("u1") == nil)
        #expect(monitor(records + [access(700, "u1", "p9", labels: ["PSY"])], facts: facts).actorCase("u1")?.reasonDetail.contains("×1.5") == true)
    }

    @Test("An open case takes later observations until it has been quiet for a week")
    func quietPeriod() {
        let records = [
            access(600, "u1", "p1", kind: .btg, breakGlass: true), access(2 * 1440, "u1", "p2", kind: .btg, breakGlass: true),
            access(20 * 1440, "u1", "p3", kind: .btg, breakGlass: true),
        ]
        let run = monitor(records)
        let cases = run.openedCases.filter { $0.subject == "u1" }
        #expect(cases.count == 2)
        #expect(cases.first?.patients == ["p1", "p2"])
        #expect(cases.first?.summary.contains("opened because the score reached") == true)
        #expect(cases.first?.id == CaseBook.caseID(kind: "A", subject: "u1", time: monday + 600 * 60))
    }
}

@Suite("Monitor settings and facts files are checked key by key")
struct MonitoringSettingsTests {
    @Test("Overrides, disabled rules, role classes and case thresholds are read")
    func reads() throws {
        let settings = try MonitoringSettings(
            yaml: """
                cases: {score: 150, multi_incident_rules: 4}
                disabled: [neighbour]
                rules:
                  probing: {patients: 8}
                  coworker: {enabled: false}
                role_classes:
                  billing: [revenue cycle]
                  clinical: [hospitalist]
                sensitive_labels: [HIV]
                """, source: "m.yaml")
        #expect(settings.caseScore == 150 && settings.multiIncidentRules == 4)
        #expect(!settings.isEnabled("neighbour") && !settings.isEnabled("coworker") && settings.isEnabled("probing"))
        #expect(settings.value("probing", "patients") == 8 && settings.value("probing", "score") == 100)
        #expect(settings.roleClass(of: "Revenue Cycle Analyst") == .billing && settings.roleClass(of: "nurse") == nil)
        #expect(settings.sensitiveLabels == ["HIV"])
    }

    @Test(
        "Every mistake is refused with the key named",
        arguments: [
            ("nonsense: 1", "unknown setting `nonsense`"), ("rules: {probing: {paitents: 3}}", "rule probing has no parameter `paitents`"),
            ("rules: {nope: {score: 1}}", "unknown rule `nope`"),
            ("rules: {probing: {score: -5}}", "rules.probing.score must be a number from 0 to 1000"),
            ("disabled: [nope]", "unknown rule `nope`"), ("cases: {score: x}", "cases.score must be a number"),
            ("role_classes: {chef: [cook]}", "`chef` is not clinical"), ("[1, 2", "not valid YAML"), ("- a", "must be a mapping"),
        ])
    func refusals(yaml: String, message: String) {
        #expect {
            _ = try MonitoringSettings(yaml: yaml, source: "m.yaml")
        } throws: { error in
            guard let error = error as? MonitoringError else { return false }
            return error.code == .invalidMonitoringSettings && error.message.contains(message)
        }
    }

    @Test("The shipped Policies/monitoring.yaml is valid and matches the defaults it documents")
    func shippedSettings() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Policies/monitoring.yaml"), encoding: .utf8)
        let settings = try MonitoringSettings(yaml: text, source: "Policies/monitoring.yaml")
        #expect(settings.caseScore == 100)
    }

    @Test("Facts: bad JSON, bad statuses and bad times are refused without echoing values")
    func facts() {
        for (json, message) in [
            ("{", "is not valid JSON"), (#"{"workforce":[{"id":"u1","status":"fired"}]}"#, "workforce[0].status"),
            (#"{"patients":[{"id":"p1","date_of_death":"last year"}]}"#, "patients[0].date_of_death"),
            (#"{"workforce":[{"surname":"Secret"}]}"#, "workforce[0].id"), (#"{"grants":[{"id":"g","kind":"wide"}]}"#, "grants[0].kind"),
        ] {
            #expect {
                _ = try MonitoringFacts(json: Data(json.utf8), source: "facts.json")
            } throws: { error in
                guard let error = error as? MonitoringError else { return false }
                return error.code == .invalidFacts && error.message.contains(message) && !error.message.contains("Secret")
            }
        }
    }
}
