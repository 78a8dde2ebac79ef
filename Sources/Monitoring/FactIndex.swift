/// The facts in the shape the rules look them up: normalised names and addresses, times parsed.
struct FactIndex {
    /// Classes, so an actor's state holds one reference rather than copying the strings on every record.
    final class Member {
        let id: String
        let surname: String?
        let address: String?
        let street: String?
        let postalCode: String?
        let status: String?
        let statusSince: Int64?
        let patientID: String?
        let departments: [String]

        init(
            id: String, surname: String?, address: String?, street: String?, postalCode: String?, status: String?, statusSince: Int64?,
            patientID: String?, departments: [String]
        ) {
            self.id = id
            self.surname = surname
            self.address = address
            self.street = street
            self.postalCode = postalCode
            self.status = status
            self.statusSince = statusSince
            self.patientID = patientID
            self.departments = departments
        }

        /// The inactive status in force at `time`, if any.
        func status(at time: Int64) -> String? {
            guard let status, status != "active" else { return nil }
            if let statusSince, time < statusSince { return nil }
            return status
        }

        func isActive(at time: Int64) -> Bool { status(at: time) == nil }
    }

    final class PatientFacts {
        let surname: String?
        let address: String?
        let street: String?
        let postalCode: String?
        let contacts: Set<String>
        let guarantor: String?
        let vip: Bool
        let restricted: Bool
        let dateOfDeath: Int64?

        init(
            surname: String?, address: String?, street: String?, postalCode: String?, contacts: Set<String>, guarantor: String?, vip: Bool,
            restricted: Bool, dateOfDeath: Int64?
        ) {
            self.surname = surname
            self.address = address
            self.street = street
            self.postalCode = postalCode
            self.contacts = contacts
            self.guarantor = guarantor
            self.vip = vip
            self.restricted = restricted
            self.dateOfDeath = dateOfDeath
        }
    }

    var workforce: [String: Member] = [:]
    var patients: [String: PatientFacts] = [:]
    var employeeByPatient: [String: Member] = [:]
    var grantKinds: [String: GrantKind] = [:]
    var careRelationships: [String: [(from: Int64, until: Int64)]] = [:]
    var confirmedViolations: [String: [Int64]] = [:]
    var surnameCounts: [String: Int] = [:]
    let isLoaded: Bool

    init(_ facts: MonitoringFacts) {
        isLoaded = !facts.workforce.isEmpty || !facts.patients.isEmpty
        for member in facts.workforce {
            let entry = Member(
                id: member.id, surname: Self.normalise(member.surname), address: Self.normalise(member.address),
                street: Self.normalise(member.street),
                postalCode: Self.normalise(member.postalCode), status: member.status, statusSince: member.statusSince.flatMap(RFC3339.seconds),
                patientID: member.patientID, departments: member.departments ?? [])
            workforce[member.id] = entry
            if let patientID = member.patientID { employeeByPatient[patientID] = entry }
        }
        for patient in facts.patients {
            let surname = Self.normalise(patient.surname)
            patients[patient.id] = PatientFacts(
                surname: surname, address: Self.normalise(patient.address), street: Self.normalise(patient.street),
                postalCode: Self.normalise(patient.postalCode), contacts: Set(patient.contacts ?? []), guarantor: patient.guarantor,
                vip: patient.vip ?? false, restricted: patient.restricted ?? false, dateOfDeath: patient.dateOfDeath.flatMap(RFC3339.seconds))
            if let surname { surnameCounts[surname, default: 0] += 1 }
        }
        for grant in facts.grants { grantKinds[grant.id] = grant.kind }
        for relationship in facts.careRelationships {
            careRelationships[relationship.actor + "\u{1F}" + relationship.patient, default: []].append(
                (relationship.from.flatMap(RFC3339.seconds) ?? .min, relationship.until.flatMap(RFC3339.seconds) ?? .max))
        }
        for violation in facts.confirmedViolations {
            if let time = RFC3339.seconds(violation.time) { confirmedViolations[violation.actor, default: []].append(time) }
        }
    }

    func hasCareRelationship(_ actor: String, _ patient: String, at time: Int64) -> Bool {
        guard !careRelationships.isEmpty, let spans = careRelationships[actor + "\u{1F}" + patient] else { return false }
        return spans.contains { $0.from <= time && time < $0.until }
    }

    /// Lower case, punctuation dropped, runs of spaces collapsed: `12  Elm St.` and `12 elm st` match.
    static func normalise(_ text: String?) -> String? {
        guard let text else { return nil }
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
