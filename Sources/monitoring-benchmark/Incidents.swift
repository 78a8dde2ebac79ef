/// Labelled incidents of every rule family, injected into the last days of the log. Each incident
/// is committed by a workforce member no other incident uses, so every case about anyone else is a
/// false case on clean traffic.
extension Generator {
    static let families: [(family: String, shapes: [String])] = [
        ("self", ["own_record"]),
        ("break_glass", ["uncorroborated"]),
        ("denials", ["deny_then_btg", "probing"]),
        ("unexplained", ["browsing"]),
        ("purpose", ["treatment_from_office_role", "psychotherapy_for_operations"]),
        ("sensitive", ["sensitive_browsing"]),
        ("vip", ["vip_look", "surge"]),
        ("volume", ["bulk_lookup", "research_sweep"]),
        ("hours", ["night_browsing"]),
        ("department", ["foreign_department"]),
        ("relationship", ["household", "contact", "coworker"]),
        ("inactive", ["terminated_login"]),
    ]

    func injectIncidents(day: Int, incidentStart: Int) {
        // Spread each family's incidents evenly over the incident days.
        for (familyIndex, entry) in Self.families.enumerated() {
            for number in 0..<options.incidentsPerFamily {
                let slot = (number * options.incidentDays) / options.incidentsPerFamily
                guard incidentStart + (slot + familyIndex) % options.incidentDays == day else { continue }
                let shape = entry.shapes[number % entry.shapes.count]
                inject(family: entry.family, shape: shape, number: number, day: day)
            }
        }
    }

    /// An unused member matching `test`, picked at random.
    func pickStaff(_ day: Int, working: Bool = true, _ test: (StaffMember) -> Bool) -> Int? {
        for _ in 0..<20_000 {
            let member = random.int(staff.count)
            if !staff[member].usedByIncident, test(staff[member]), !working || works(member, day) {
                staff[member].usedByIncident = true
                return member
            }
        }
        return nil
    }

    func clinicalRole(_ person: StaffMember) -> Bool {
        ["physician", "resident", "registered nurse", "patient care technician"].contains(person.role) && departments[person.department].clinical
    }

    /// A living patient no encounter of the member's department holds today.
    func strangerPatient(for member: Int, where test: (Patient) -> Bool = { _ in true }) -> Int {
        let mine = Set(activeByDepartment[staff[member].department].map { encounters[$0].patient })
        while true {
            let patient = livingPatient(0)
            if !mine.contains(patient), test(patients[patient]), employeeByPatient[patient] == nil { return patient }
        }
    }

    func inject(family: String, shape: String, number: Int, day: Int) {
        let base = epoch + Int64(day) * 86_400
        var events: [(member: Int, patient: Int)] = []
        var times: [Int64] = []
        func record(_ time: Int64, _ member: Int, _ patient: Int) {
            times.append(time)
            events.append((member, patient))
        }
        func browse(
            _ member: Int, _ patientsToOpen: [Int], start: Int64, spacing: ClosedRange<Int>, grant: String = "facility-clinical",
            purpose: String = "TREAT", labels: [String] = []
        ) {
            var time = start
            for patient in patientsToOpen {
                emit(time, actor: member, patient: patient, purpose: purpose, grant: grant, kind: "broad", labels: labels, incident: true)
                record(time, member, patient)
                time += Int64(random.int(spacing))
            }
        }
        var subject = "actor"
        switch shape {
        case "own_record":
            guard let member = pickStaff(day, { $0.patientID != nil && self.clinicalRole($0) }) else { return }
            let own = staff[member].patientID!
            browse(
                member, Array(repeating: own, count: random.int(1...3)), start: shiftTime(member, day), spacing: 60...900,
                grant: "dept-\(departments[staff[member].department].name)")
        case "uncorroborated":
            guard let member = pickStaff(day, { self.clinicalRole($0) && departments[$0.department].name != "emergency" }) else { return }
            let patient = strangerPatient(for: member)
            let time = shiftTime(member, day)
            for step in 0..<random.int(1...2) {
                emit(
                    time + Int64(step * 600), actor: member, patient: patient, purpose: "ETREAT", grant: "emergency-access", kind: "btg",
                    breakGlass: true)
                record(time + Int64(step * 600), member, patient)
            }
        case "deny_then_btg":
            guard let member = pickStaff(day, { self.clinicalRole($0) }) else { return }
            let patient = strangerPatient(for: member)
            let time = shiftTime(member, day)
            emit(time, actor: member, patient: patient, purpose: "TREAT", permitted: false, grant: nil, kind: nil)
            record(time, member, patient)
            let later = time + Int64(random.int(300...3000))
            emit(later, actor: member, patient: patient, purpose: "ETREAT", grant: "emergency-access", kind: "btg", breakGlass: true)
            record(later, member, patient)
        case "probing":
            guard let member = pickStaff(day, { self.clinicalRole($0) || $0.role == "unit clerk" }) else { return }
            var time = shiftTime(member, day)
            for _ in 0..<random.int(6...10) {
                let patient = strangerPatient(for: member)
                emit(time, actor: member, patient: patient, purpose: "TREAT", permitted: false, grant: nil, kind: nil)
                record(time, member, patient)
                time += Int64(random.int(60...300))
            }
        case "browsing":
            guard let member = pickStaff(day, { self.clinicalRole($0) || $0.role == "unit clerk" }) else { return }
            browse(member, (0..<random.int(4...10)).map { _ in strangerPatient(for: member) }, start: shiftTime(member, day), spacing: 60...1800)
        case "treatment_from_office_role":
            guard let member = pickStaff(day, { ["billing specialist", "registration clerk", "HIM coder"].contains($0.role) }) else { return }
            var time = shiftTime(member, day)
            for _ in 0..<random.int(2...4) {
                let patient = strangerPatient(for: member)
                emit(
                    time, actor: member, patient: patient, purpose: "TREAT", grant: staff[member].role == "HIM coder" ? "him-coding" : "billing",
                    kind: "admin")
                record(time, member, patient)
                time += Int64(random.int(120...1800))
            }
        case "psychotherapy_for_operations":
            guard let member = pickStaff(day, { $0.role == "HIM coder" || $0.role == "billing specialist" }) else { return }
            var time = shiftTime(member, day)
            for _ in 0..<random.int(2...3) {
                let patient = strangerPatient(for: member)
                emit(
                    time, actor: member, patient: patient, purpose: "HOPERAT", grant: "him-coding", kind: "admin", category: "psychotherapy-note",
                    labels: ["PSY", "PSYTHPN"])
                record(time, member, patient)
                time += Int64(random.int(120...1800))
            }
        case "sensitive_browsing":
            guard let member = pickStaff(day, { self.clinicalRole($0) }) else { return }
            let targets = (0..<random.int(2...3)).map { _ in strangerPatient(for: member) { !$0.labels.isEmpty } }
            browse(member, targets, start: shiftTime(member, day), spacing: 120...1800)
        case "vip_look":
            guard let member = pickStaff(day, { self.clinicalRole($0) }) else { return }
            let targets = (0..<random.int(1...2)).map { _ in strangerPatient(for: member) { $0.vip && $0.deathDay == nil } }
            browse(member, targets, start: shiftTime(member, day), spacing: 300...3600)
        case "surge":
            subject = "patient"
            let patient = livingPatient(day)
            let start = base + 8 * 3600
            for _ in 0..<random.int(12...20) {
                guard let member = pickStaff(day, { self.clinicalRole($0) || $0.role == "unit clerk" }) else { continue }
                let time = start + Int64(random.int(14 * 3600))
                emit(time, actor: member, patient: patient, purpose: "TREAT", grant: "facility-clinical", kind: "broad")
                record(time, member, patient)
            }
        case "bulk_lookup":
            guard let member = pickStaff(day, { self.clinicalRole($0) || $0.role == "unit clerk" }) else { return }
            browse(member, (0..<random.int(150...250)).map { _ in strangerPatient(for: member) }, start: shiftTime(member, day), spacing: 10...60)
        case "research_sweep":
            guard let member = pickStaff(day, { $0.role == "research coordinator" }) else { return }
            browse(
                member, (0..<random.int(300...500)).map { _ in random.int(patients.count) }, start: base + 9 * 3600, spacing: 5...40,
                grant: "research-study-\(member % 7)", purpose: "HRESCH")
        case "night_browsing":
            guard let member = pickStaff(day, { self.clinicalRole($0) && $0.shift == .day }) else { return }
            browse(
                member, (0..<random.int(5...8)).map { _ in strangerPatient(for: member) }, start: base + Int64(random.int(1 * 3600...3 * 3600)),
                spacing: 60...600)
        case "foreign_department":
            guard
                let member = pickStaff(
                    day, { self.clinicalRole($0) && ["obstetrics", "pediatrics", "orthopedics"].contains(departments[$0.department].name) })
            else { return }
            let foreign = activeByDepartment[departmentIndex(random.chance(0.5) ? "psychiatry" : "oncology")].map { encounters[$0].patient }
            guard !foreign.isEmpty else { return }
            browse(member, (0..<random.int(4...6)).map { _ in random.pick(foreign) }, start: shiftTime(member, day), spacing: 120...1800)
        case "household":
            guard
                let member = pickStaff(
                    day,
                    { person in
                        person.patientID != nil && self.clinicalRole(person)
                            && self.patients.indices.contains(person.patientID! + 1)
                            && self.patients[person.patientID! + 1].household == person.household
                    })
            else { return }
            browse(member, [staff[member].patientID! + 1], start: shiftTime(member, day), spacing: 60...600)
        case "contact":
            let withContact = patients.indices.filter { patients[$0].contact != nil && patients[$0].deathDay == nil }
            guard !withContact.isEmpty else { return }
            var chosen: (Int, Int)?
            for _ in 0..<200 {
                let patient = random.pick(withContact)
                let member = patients[patient].contact!
                if !staff[member].usedByIncident, works(member, day), clinicalRole(staff[member]) {
                    staff[member].usedByIncident = true
                    chosen = (member, patient)
                    break
                }
            }
            guard let (member, patient) = chosen else { return }
            browse(member, [patient], start: shiftTime(member, day), spacing: 60...600)
        case "coworker":
            var chosen: (Int, Int)?
            for (patient, employee) in employeeByPatient.sorted(by: { $0.key < $1.key }).shuffled(using: &random).prefix(400) {
                let department = staff[employee].department
                guard staff[employee].terminatedDay == nil else { continue }
                let colleagues = (staffByDepartmentRole["\(department)|registered nurse"] ?? []).filter {
                    $0 != employee && !staff[$0].usedByIncident && works($0, day)
                }
                if let member = colleagues.first {
                    staff[member].usedByIncident = true
                    chosen = (member, patient)
                    break
                }
            }
            guard let (member, patient) = chosen else { return }
            browse(member, [patient], start: shiftTime(member, day), spacing: 60...600)
        case "terminated_login":
            guard let member = pickStaff(day, working: false, { ($0.terminatedDay ?? Int.max) < day - 1 && departments[$0.department].clinical })
            else { return }
            let department = "dept-\(departments[staff[member].department].name)"
            browse(
                member, (0..<random.int(1...4)).map { _ in strangerPatient(for: member) }, start: base + 10 * 3600, spacing: 300...3600,
                grant: department)
        default:
            return
        }
        guard let start = times.min(), let end = times.max() else { return }
        let actor = subject == "actor" ? staff[events[0].member].id : nil
        let patientsHit = Array(Set(events.map { "p\($0.patient)" })).sorted()
        incidents.append(
            Incident(
                id: "\(family)-\(number)", family: family, shape: shape, actor: actor, patients: patientsHit, start: start, end: end, subject: subject
            ))
        if subject == "patient" {
            // Every participant of a surge is an incident actor, not clean traffic.
            for member in Set(events.map(\.member)) { surgeActors.insert(staff[member].id) }
        }
    }
}
