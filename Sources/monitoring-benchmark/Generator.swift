import Foundation
import Monitoring

/// Writes `access.jsonl` (time-ordered access records in the monitor's documented shape),
/// `facts.json` (workforce, patients) and `incidents.jsonl` (the injected incidents, the labels the
/// benchmark scores recall against).
final class Generator {
    struct Options {
        var workforce = 5_000
        var days = 60
        /// Incidents are injected in the last `incidentDays` days; the days before are clean history.
        var incidentDays = 30
        var incidentsPerFamily = 20
        var seed: UInt64 = 1
        var output = "var/monitoring-bench"
    }

    struct Incident {
        let id: String
        let family: String
        let shape: String
        let actor: String?
        let patients: [String]
        var start: Int64
        var end: Int64
        let subject: String
    }

    let options: Options
    var random: SplitMix
    let epoch: Int64 = 1_767_571_200  // 2026-01-05T00:00:00Z, a Monday.
    var staff: [StaffMember] = []
    var patients: [Patient] = []
    var households: [Household] = []
    var encounters: [Encounter] = []
    var activeByDepartment: [[Int]] = []
    var staffByDepartmentRole: [String: [Int]] = [:]
    var pending: [(Int64, String)] = []
    var incidents: [Incident] = []
    var writer: FileWriter
    var records = 0
    var employeeByPatient: [Int: Int] = [:]
    /// Actors of surge incidents (many people, one patient).
    var surgeActors: Set<String> = []
    /// Today's nurse and technician assignments: member → encounter indices.
    var assignments: [Int: [Int]] = [:]
    /// Arrival times of today's new encounters, by patient.
    var arrivals: [Int: Int64] = [:]

    init(_ options: Options) throws {
        self.options = options
        random = SplitMix(state: options.seed &* 0x5851_F42D_4C95_7F2D &+ 1)
        try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
        writer = try FileWriter(path: options.output + "/access.jsonl")
    }

    // MARK: Population

    func buildPopulation() {
        let names = surnames(count: 3_000, random: &random)
        let patientCount = options.workforce * 40
        let postalCodes = max(50, patientCount / 700)
        // Households of 1–4 patients.
        var index = 0
        while index < patientCount {
            let household = Household(postal: random.int(postalCodes), street: random.int(postalCodes * 10), number: random.int(1...400))
            households.append(household)
            let surname = names[zipfPick(names.count, random: &random)]
            for _ in 0..<random.int(1...4) where index < patientCount {
                var labels: [String] = []
                if random.chance(0.03) { labels.append("SUD") }
                if random.chance(0.01) { labels.append("HIV") }
                if random.chance(0.05) { labels.append("MH") }
                patients.append(
                    Patient(
                        surname: random.chance(0.9) ? surname : names[zipfPick(names.count, random: &random)], household: households.count - 1,
                        labels: labels, vip: random.chance(0.0005), deathDay: random.chance(0.01) ? -random.int(1...700) : nil, contact: nil))
                index += 1
            }
        }
        // Workforce by department and role.
        func add(_ role: String, _ department: Int, _ shift: Shift, _ weekdays: Set<Int>) {
            let id = "u\(100_000 + staff.count)"
            // A third of the workforce are patients here too (with their households).
            var patientID: Int?
            var household = random.int(households.count)
            var surname = names[zipfPick(names.count, random: &random)]
            if random.chance(0.33) {
                let patient = random.int(patients.count)
                if employeeByPatient[patient] == nil {
                    patientID = patient
                    household = patients[patient].household
                    surname = patients[patient].surname
                    employeeByPatient[patient] = staff.count
                }
            }
            staff.append(
                StaffMember(
                    id: id, role: role, department: department, shift: shift, weekdays: weekdays, surname: surname, household: household,
                    patientID: patientID, terminatedDay: random.chance(0.01) ? random.int(10...(options.days - 2)) : nil))
            staffByDepartmentRole["\(department)|\(role)", default: []].append(staff.count - 1)
        }
        func weekdays(_ count: Int) -> Set<Int> {
            var days = Set<Int>()
            while days.count < count { days.insert(random.int(7)) }
            return days
        }
        let n = Double(options.workforce)
        let clinicalShare = 0.70
        for (index, department) in departments.enumerated() where department.clinical {
            let size = Int(n * clinicalShare * department.weight)
            let roundTheClock = department.name == "emergency" || department.name == "icu"
            for _ in 0..<Int(Double(size) * 0.15) {
                add("physician", index, roundTheClock && random.chance(0.3) ? .night : .day, roundTheClock ? weekdays(4) : [0, 1, 2, 3, 4])
            }
            for _ in 0..<Int(Double(size) * 0.08) { add("resident", index, random.chance(0.2) ? .night : .day, weekdays(6)) }
            for _ in 0..<Int(Double(size) * 0.55) { add("registered nurse", index, random.chance(0.4) ? .night : .day, weekdays(3)) }
            for _ in 0..<Int(Double(size) * 0.10) { add("patient care technician", index, random.chance(0.3) ? .night : .day, weekdays(4)) }
            for _ in 0..<Int(Double(size) * 0.12) { add("unit clerk", index, .day, weekdays(5)) }
        }
        let ancillary: [(String, String, Double, Shift)] = [
            ("radiology", "radiologist", 0.015, .day), ("radiology", "radiology technologist", 0.025, .day),
            ("laboratory", "laboratory technologist", 0.03, .day), ("pharmacy", "pharmacist", 0.03, .day),
            ("social-work", "social worker", 0.02, .office), ("him", "HIM coder", 0.04, .office), ("billing", "billing specialist", 0.05, .office),
            ("registration", "registration clerk", 0.05, .day), ("research", "research coordinator", 0.02, .office),
            ("it", "IT analyst", 0.02, .office),
        ]
        for (name, role, share, shift) in ancillary {
            for _ in 0..<Int(n * share) { add(role, departmentIndex(name), shift, shift == .office ? [0, 1, 2, 3, 4] : weekdays(5)) }
        }
        for index in staff.indices where staff[index].role == "research coordinator" {
            staff[index].cohort = (0..<300).map { _ in random.int(patients.count) }
        }
        // Some patients name an employee as contact or guarantor (their relatives).
        for (patient, employee) in employeeByPatient {
            let household = patients[patient].household
            for candidate in max(0, patient - 4)...min(patients.count - 1, patient + 4)
            where candidate != patient && patients[candidate].household == household && random.chance(0.5) {
                patients[candidate].contact = employee
            }
        }
        // Psychiatry patients carry PSY labels; a share have psychotherapy notes.
        activeByDepartment = Array(repeating: [], count: departments.count)
    }

    // MARK: Days

    func run() throws {
        buildPopulation()
        let incidentStart = options.days - options.incidentDays
        for day in 0..<options.days {
            admit(day: day)
            activeByDepartment = Array(repeating: [], count: departments.count)
            for (index, encounter) in encounters.enumerated() where encounter.start <= day && day <= encounter.end {
                activeByDepartment[encounter.department].append(index)
            }
            arrivals = [:]
            for encounter in encounters where encounter.start == day {
                arrivals[encounter.patient] = epoch + Int64(day) * 86_400 + Int64(encounter.arrival)
            }
            assignNurses(day: day)
            for member in staff.indices where works(member, day) { workDay(member, day: day) }
            if day >= incidentStart { injectIncidents(day: day, incidentStart: incidentStart) }
            try flush(until: epoch + Int64(day + 1) * 86_400)
            encounters.removeAll { $0.end < day - 12 }
        }
        try flush(until: .max)
        writer.close()
        try writeFacts()
        try writeIncidents()
    }

    /// Every active encounter has a nurse on each shift: the unit's encounters are dealt out among
    /// the nurses on duty (as a charge nurse does), so no inpatient goes a shift without one.
    func assignNurses(day: Int) {
        assignments.removeAll(keepingCapacity: true)
        for (department, active) in activeByDepartment.enumerated() where departments[department].clinical && !active.isEmpty {
            for role in ["registered nurse", "patient care technician"] {
                let members = staffByDepartmentRole["\(department)|\(role)"] ?? []
                for shift in [Shift.day, .night] {
                    let onDuty = members.filter { staff[$0].shift == shift && works($0, day) }
                    guard !onDuty.isEmpty else { continue }
                    // A safe staffing ratio: at most 8 patients a nurse, 16 a technician; the rest wait for the next shift.
                    let limit = onDuty.count * (role == "registered nurse" ? 8 : 16)
                    for (position, encounter) in active.shuffled(using: &random).prefix(limit).enumerated() {
                        assignments[onDuty[position % onDuty.count], default: []].append(encounter)
                    }
                }
            }
        }
    }

    func works(_ member: Int, _ day: Int) -> Bool {
        let person = staff[member]
        if let terminated = person.terminatedDay, day >= terminated { return false }
        return person.weekdays.contains(day % 7)
    }

    func admit(day: Int) {
        let clinicalStaff = Double(options.workforce) * 0.70
        for (index, department) in departments.enumerated() where department.clinical {
            // Census of about 1.2 patients per clinical staff member of the department.
            let census = clinicalStaff * department.weight * 1.2
            let arrivals = Int(census / Double(department.stay))
            let physicians = staffByDepartmentRole["\(index)|physician"] ?? []
            let residents = staffByDepartmentRole["\(index)|resident"] ?? []
            for _ in 0..<arrivals {
                let patient = livingPatient(day)
                var stay = department.stay == 1 ? 0 : random.int(1...(department.stay * 2 - 1))
                if day == 0 { stay = random.int(0...max(0, stay)) }
                var encounter = Encounter(
                    patient: patient, department: index, start: day, end: day + stay, attending: random.pick(physicians),
                    resident: residents.isEmpty || random.chance(0.5) ? nil : random.pick(residents))
                encounter.arrival = day == 0 ? 0 : random.int(0...(22 * 3600))
                if department.name == "emergency", random.chance(0.2) {
                    let targets = departments.indices.filter { departments[$0].clinical && departments[$0].name != "emergency" }
                    encounter.admitTo = random.pick(targets)
                }
                encounters.append(encounter)
                // Triage: an emergency nurse opens the chart within minutes of arrival.
                if department.name == "emergency",
                    let nurse = (staffByDepartmentRole["\(index)|registered nurse"] ?? []).randomElement(using: &random)
                {
                    let time = epoch + Int64(day) * 86_400 + Int64(encounter.arrival + random.int(120...900))
                    emit(time, actor: nurse, patient: patient, purpose: "ETREAT", grant: "ed-encounter", kind: "relationship")
                }
                if department.name == "psychiatry", !patients[patient].labels.contains("PSY") {
                    patients[patient].labels.append("PSY")
                    if random.chance(0.3) { patients[patient].labels.append("PSYTHPN") }
                }
            }
        }
        // Admissions from yesterday's emergency visits.
        for encounter in encounters where encounter.start == day - 1 && encounter.admitTo != nil {
            let department = encounter.admitTo!
            let physicians = staffByDepartmentRole["\(department)|physician"] ?? []
            encounters.append(
                Encounter(
                    patient: encounter.patient, department: department, start: day, end: day + random.int(1...5), attending: random.pick(physicians),
                    resident: nil, arrival: random.int(0...(12 * 3600))))
        }
    }

    func livingPatient(_ day: Int) -> Int {
        while true {
            let patient = random.int(patients.count)
            if patients[patient].deathDay == nil { return patient }
        }
    }

    /// A time inside the member's shift on `day`.
    func shiftTime(_ member: Int, _ day: Int) -> Int64 {
        let base = epoch + Int64(day) * 86_400
        switch staff[member].shift {
        case .day: return base + 7 * 3600 + Int64(random.int(12 * 3600))
        case .night: return base + 19 * 3600 + Int64(random.int(12 * 3600))
        case .office: return base + 8 * 3600 + Int64(random.int(9 * 3600))
        }
    }

    // MARK: Records

    func emit(
        _ time: Int64, actor member: Int, patient: Int, purpose: String, permitted: Bool = true, grant: String?, kind: String?,
        breakGlass: Bool = false, category: String = "note", labels extra: [String] = [], incident: Bool = false
    ) {
        let person = staff[member]
        // Hospitals keep their staff off their own charts; only an incident opens one.
        if !incident, person.patientID == patient { return }
        var labels = patients[patient].labels
        for label in extra where !labels.contains(label) { labels.append(label) }
        // Psychotherapy notes are their own records; demographics carry no sensitivity labels.
        if category != "psychotherapy-note" { labels.removeAll { $0 == "PSYTHPN" } }
        if category == "demographics" { labels.removeAll() }
        records += 1
        var line = "{\"id\":\(records),\"time\":\"\(iso(time))\",\"actor\":\"\(person.id)\",\"actor_roles\":[\"\(person.role)\"],"
        line += "\"actor_departments\":[\"\(departments[person.department].name)\"],\"patient\":\"p\(patient)\","
        line += "\"record_categories\":[\"\(category)\"],\"record_labels\":[\(labels.map { "\"\($0)\"" }.joined(separator: ","))],"
        line += "\"purpose\":\"\(purpose)\",\"decision\":\"\(permitted ? "permit" : "deny")\","
        line +=
            "\"grant_id\":\(grant.map { "\"\($0)\"" } ?? "null"),\"grant_kind\":\(kind.map { "\"\($0)\"" } ?? "null"),\"break_glass\":\(breakGlass)}"
        pending.append((time, line))
    }

    func flush(until limit: Int64) throws {
        pending.sort { $0.0 < $1.0 }
        var keep: [(Int64, String)] = []
        for (time, line) in pending {
            if time < limit { try writer.write(line) } else { keep.append((time, line)) }
        }
        pending = keep
    }

    /// One member's ordinary work on one day.
    func workDay(_ member: Int, day: Int) {
        let person = staff[member]
        let department = person.department
        let active = activeByDepartment[department]
        let grantDepartment = "dept-\(departments[department].name)"
        func visits(_ patient: Int, _ count: ClosedRange<Int>, purpose: String = "TREAT", grant: String, kind: String, start: Int64? = nil) {
            var first = start ?? shiftTime(member, day)
            // Nobody opens a chart before the patient arrives: the assigned nurse first, others later.
            if let arrival = arrivals[patient], first < arrival {
                first =
                    arrival + Int64(person.role == "registered nurse" && kind == "relationship" ? random.int(300...1800) : random.int(1800...14_400))
            }
            for index in 0..<random.int(count) {
                let category = random.pick(["note", "lab", "medication", "note", "imaging", "demographics"])
                emit(
                    first + Int64(index * random.int(60...600)), actor: member, patient: patient, purpose: purpose, grant: grant, kind: kind,
                    category: category)
            }
        }
        switch person.role {
        case "registered nurse", "patient care technician":
            guard !active.isEmpty else { return }
            let assigned = (assignments[member] ?? []).map { encounters[$0] }
            for encounter in assigned {
                visits(encounter.patient, person.role == "registered nurse" ? 4...10 : 1...3, grant: "care-team", kind: "relationship")
                // A psychotherapy note is refused to nurses: denied, then care continues through the care team.
                if patients[encounter.patient].labels.contains("PSYTHPN"), random.chance(0.05) {
                    emit(
                        shiftTime(member, day), actor: member, patient: encounter.patient, purpose: "TREAT", permitted: false, grant: nil, kind: nil,
                        category: "psychotherapy-note")
                }
            }
            // Covering a colleague's patients in the same unit through the department grant.
            if random.chance(0.15) {
                for _ in 0..<random.int(1...2) { visits(encounters[random.pick(active)].patient, 1...2, grant: grantDepartment, kind: "broad") }
            }
            // Looking ahead at an emergency patient being admitted here.
            if random.chance(0.05) {
                let arriving = activeByDepartment[departmentIndex("emergency")].filter { encounters[$0].admitTo == department }
                if !arriving.isEmpty { visits(encounters[random.pick(arriving)].patient, 1...2, grant: "facility-clinical", kind: "broad") }
            }
        case "physician", "resident":
            let mine = active.filter { encounters[$0].attending == member || encounters[$0].resident == member }
            for index in mine { visits(encounters[index].patient, 2...6, grant: "care-team", kind: "relationship") }
            if departments[department].name == "emergency" {
                // Emergency physicians see arrivals directly; now and then through break-the-glass first.
                for _ in 0..<random.int(6...14) {
                    guard !active.isEmpty else { break }
                    let encounter = encounters[random.pick(active)]
                    let start = shiftTime(member, day)
                    if random.chance(0.04) {
                        emit(
                            start, actor: member, patient: encounter.patient, purpose: "ETREAT", grant: "emergency-access", kind: "btg",
                            breakGlass: true)
                        visits(encounter.patient, 1...4, grant: "ed-encounter", kind: "relationship", start: start + Int64(random.int(300...5400)))
                    } else {
                        visits(encounter.patient, 1...4, grant: "ed-encounter", kind: "relationship", start: start)
                    }
                }
            }
            // Consults in other departments.
            if random.chance(0.3) {
                for _ in 0..<random.int(1...2) {
                    let other = random.pick(departments.indices.filter { departments[$0].clinical && $0 != department })
                    if let index = activeByDepartment[other].randomElement(using: &random) {
                        visits(encounters[index].patient, 1...3, grant: "consult", kind: "relationship")
                    }
                }
            }
        case "unit clerk":
            for _ in 0..<random.int(10...25) where !active.isEmpty {
                visits(encounters[random.pick(active)].patient, 1...2, purpose: "HOPERAT", grant: grantDepartment, kind: "broad")
            }
        case "radiologist", "radiology technologist", "laboratory technologist", "pharmacist":
            let category = person.role.hasPrefix("radiolog") ? "imaging" : person.role.hasPrefix("laboratory") ? "lab" : "medication"
            for _ in 0..<random.int(20...45) {
                let clinical = random.pick(departments.indices.filter { departments[$0].clinical })
                guard let index = activeByDepartment[clinical].randomElement(using: &random) else { continue }
                let time = shiftTime(member, day)
                for step in 0..<random.int(1...3) {
                    emit(
                        time + Int64(step * 300), actor: member, patient: encounters[index].patient, purpose: "TREAT", grant: "order",
                        kind: "relationship", category: category)
                }
            }
        case "social worker":
            for _ in 0..<random.int(4...9) {
                let clinical = random.pick(departments.indices.filter { departments[$0].clinical })
                guard let index = activeByDepartment[clinical].randomElement(using: &random) else { continue }
                visits(encounters[index].patient, 1...4, purpose: "COC", grant: "consult", kind: "relationship")
            }
        case "HIM coder", "billing specialist":
            let coder = person.role == "HIM coder"
            let window = coder ? (day - 2)...(day - 1) : (day - 10)...(day - 3)
            let done = encounters.filter { window.contains($0.end) }
            for _ in 0..<random.int(coder ? 20...35 : 20...40) where !done.isEmpty {
                let encounter = random.pick(done)
                visits(
                    encounter.patient, coder ? 2...5 : 1...2, purpose: coder ? "HOPERAT" : "HPAYMT", grant: coder ? "him-coding" : "billing",
                    kind: "admin")
            }
        case "registration clerk":
            let arrivals = encounters.filter { $0.start == day }
            for _ in 0..<random.int(25...50) where !arrivals.isEmpty {
                let encounter = random.pick(arrivals)
                emit(
                    shiftTime(member, day), actor: member, patient: encounter.patient, purpose: "HOPERAT", grant: "registration", kind: "admin",
                    category: "demographics")
            }
        case "research coordinator":
            for _ in 0..<random.int(8...20) {
                visits(random.pick(person.cohort), 1...3, purpose: "HRESCH", grant: "research-study-\(member % 7)", kind: "broad")
            }
        case "IT analyst":
            for _ in 0..<random.int(0...3) {
                visits(random.int(patients.count), 1...2, purpose: "HOPERAT", grant: "it-support", kind: "admin")
            }
        default: break
        }
    }

    // MARK: Output

    func iso(_ time: Int64) -> String { RFC3339.format(time) }

    func writeFacts() throws {
        let facts = try FileWriter(path: options.output + "/facts.json")
        try facts.write("{\"workforce\":[", newline: false)
        for (index, person) in staff.enumerated() {
            let household = households[person.household]
            var line = "\(index == 0 ? "" : ","){\"id\":\"\(person.id)\",\"surname\":\"\(person.surname)\",\"address\":\"\(household.address)\","
            line +=
                "\"street\":\"\(household.streetName)\",\"postal_code\":\"\(household.postalCode)\",\"departments\":[\"\(departments[person.department].name)\"]"
            if let patient = person.patientID { line += ",\"patient_id\":\"p\(patient)\"" }
            if let terminated = person.terminatedDay {
                line += ",\"status\":\"terminated\",\"status_since\":\"\(iso(epoch + Int64(terminated) * 86_400 + 12 * 3600))\""
            } else {
                line += ",\"status\":\"active\""
            }
            try facts.write(line + "}")
        }
        try facts.write("],\"patients\":[", newline: false)
        for (index, patient) in patients.enumerated() {
            let household = households[patient.household]
            var line = "\(index == 0 ? "" : ","){\"id\":\"p\(index)\",\"surname\":\"\(patient.surname)\",\"address\":\"\(household.address)\","
            line += "\"street\":\"\(household.streetName)\",\"postal_code\":\"\(household.postalCode)\""
            if patient.vip { line += ",\"vip\":true" }
            if let death = patient.deathDay { line += ",\"date_of_death\":\"\(iso(epoch + Int64(death) * 86_400))\"" }
            if let contact = patient.contact { line += ",\"contacts\":[\"\(staff[contact].id)\"]" }
            try facts.write(line + "}")
        }
        try facts.write("]}")
        facts.close()
    }

    func writeIncidents() throws {
        let file = try FileWriter(path: options.output + "/incidents.jsonl")
        for incident in incidents {
            let patients = incident.patients.map { "\"\($0)\"" }.joined(separator: ",")
            try file.write(
                "{\"id\":\"\(incident.id)\",\"family\":\"\(incident.family)\",\"shape\":\"\(incident.shape)\",\"subject\":\"\(incident.subject)\","
                    + "\"actor\":\(incident.actor.map { "\"\($0)\"" } ?? "null"),\"patients\":[\(patients)],\"start\":\(incident.start),\"end\":\(incident.end)}"
            )
        }
        file.close()
        let summary = try FileWriter(path: options.output + "/summary.json")
        try summary.write(
            "{\"records\":\(records),\"workforce\":\(staff.count),\"patients\":\(patients.count),\"days\":\(options.days),"
                + "\"incident_days\":\(options.incidentDays),\"incidents\":\(incidents.count),\"seed\":\(options.seed),"
                + "\"clean_from\":\(epoch + Int64(options.days - options.incidentDays) * 86_400),"
                + "\"surge_actors\":[\(surgeActors.sorted().map { "\"\($0)\"" }.joined(separator: ","))]}")
        summary.close()
    }
}

extension SplitMix: RandomNumberGenerator {}

/// Buffered line output.
final class FileWriter {
    let handle: UnsafeMutablePointer<FILE>

    init(path: String) throws {
        guard let handle = fopen(path, "wb") else { throw GeneratorError("cannot write \(path)") }
        self.handle = handle
        setvbuf(handle, nil, _IOFBF, 1 << 20)
    }

    func write(_ line: String, newline: Bool = true) throws {
        var line = line
        if newline { line += "\n" }
        let written = line.withCString { fputs($0, handle) }
        if written < 0 { throw GeneratorError("write failed") }
    }

    func close() { fclose(handle) }
}

struct GeneratorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
