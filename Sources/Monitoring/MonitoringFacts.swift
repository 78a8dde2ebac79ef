public import Foundation

/// The enrichments some rules need (marked "needs facts" in the catalogue): who the workforce are,
/// who the patients are, the grant catalogue of an external source, known care relationships and
/// confirmed violations. All optional; a rule whose facts are missing is skipped and counted.
///
/// The file is JSON (docs/monitoring.md has the shape). It holds PHI, so the monitor never prints
/// its contents: errors name the list and the item's position only.
public struct MonitoringFacts: Sendable {
    public struct WorkforceMember: Sendable, Hashable, Codable {
        public var id: String
        public var surname: String?
        public var address: String?
        public var street: String?
        public var postalCode: String?
        /// `active`, `terminated`, `suspended` or `leave`.
        public var status: String?
        /// When `status` took effect (RFC 3339); without it the status holds for all time.
        public var statusSince: String?
        /// The member's own medical record number.
        public var patientID: String?
        public var departments: [String]?

        enum CodingKeys: String, CodingKey {
            case id, surname, address, street, status, departments
            case postalCode = "postal_code"
            case statusSince = "status_since"
            case patientID = "patient_id"
        }

        public init(
            id: String, surname: String? = nil, address: String? = nil, street: String? = nil, postalCode: String? = nil,
            status: String? = nil, statusSince: String? = nil, patientID: String? = nil, departments: [String]? = nil
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
    }

    public struct Patient: Sendable, Hashable, Codable {
        public var id: String
        public var surname: String?
        public var address: String?
        public var street: String?
        public var postalCode: String?
        /// Workforce ids of the patient's contacts (next of kin, emergency contacts), as resolved by the import.
        public var contacts: [String]?
        /// The workforce id of the guarantor, when the guarantor works here.
        public var guarantor: String?
        public var vip: Bool?
        public var restricted: Bool?
        /// RFC 3339 or a date.
        public var dateOfDeath: String?

        enum CodingKeys: String, CodingKey {
            case id, surname, address, street, contacts, guarantor, vip, restricted
            case postalCode = "postal_code"
            case dateOfDeath = "date_of_death"
        }

        public init(
            id: String, surname: String? = nil, address: String? = nil, street: String? = nil, postalCode: String? = nil,
            contacts: [String]? = nil, guarantor: String? = nil, vip: Bool? = nil, restricted: Bool? = nil, dateOfDeath: String? = nil
        ) {
            self.id = id
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

    public struct GrantEntry: Sendable, Hashable, Codable {
        public var id: String
        public var kind: GrantKind
    }

    public struct CareRelationship: Sendable, Hashable, Codable {
        public var actor: String
        public var patient: String
        public var from: String?
        public var until: String?
    }

    public struct ConfirmedViolation: Sendable, Hashable, Codable {
        public var actor: String
        public var time: String
    }

    public var workforce: [WorkforceMember] = []
    public var patients: [Patient] = []
    public var grants: [GrantEntry] = []
    public var careRelationships: [CareRelationship] = []
    public var confirmedViolations: [ConfirmedViolation] = []

    public init(
        workforce: [WorkforceMember] = [], patients: [Patient] = [], grants: [GrantEntry] = [], careRelationships: [CareRelationship] = [],
        confirmedViolations: [ConfirmedViolation] = []
    ) {
        self.workforce = workforce
        self.patients = patients
        self.grants = grants
        self.careRelationships = careRelationships
        self.confirmedViolations = confirmedViolations
    }

    private struct File: Decodable {
        var workforce: [WorkforceMember]?
        var patients: [Patient]?
        var grants: [GrantEntry]?
        var careRelationships: [CareRelationship]?
        var confirmedViolations: [ConfirmedViolation]?

        enum CodingKeys: String, CodingKey {
            case workforce, patients, grants
            case careRelationships = "care_relationships"
            case confirmedViolations = "confirmed_violations"
        }
    }

    /// Reads a facts file, checking every time it holds.
    public init(json data: Data, source: String) throws(MonitoringError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw MonitoringError(.invalidFacts, "\(source): \(Self.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw MonitoringError(.invalidFacts, "\(source): \(Self.path(context.codingPath)) has the wrong shape")
        } catch let DecodingError.dataCorrupted(context) {
            throw MonitoringError(
                .invalidFacts, context.codingPath.isEmpty ? "\(source) is not valid JSON" : "\(source): \(Self.path(context.codingPath)) is not valid"
            )
        } catch {
            throw MonitoringError(.invalidFacts, "\(source) is not valid JSON")
        }
        self.init(
            workforce: file.workforce ?? [], patients: file.patients ?? [], grants: file.grants ?? [],
            careRelationships: file.careRelationships ?? [], confirmedViolations: file.confirmedViolations ?? [])
        try check(source: source)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }

    /// Times parse, statuses are known, ids are not empty.
    func check(source: String) throws(MonitoringError) {
        func fail(_ message: String) -> MonitoringError { MonitoringError(.invalidFacts, "\(source): \(message)") }
        func time(_ text: String?, _ place: String) throws(MonitoringError) {
            if let text, RFC3339.seconds(text) == nil { throw fail("\(place) is not an RFC 3339 time or a date") }
        }
        for (index, member) in workforce.enumerated() {
            guard !member.id.isEmpty else { throw fail("workforce[\(index)].id is empty") }
            if let status = member.status, !["active", "terminated", "suspended", "leave"].contains(status) {
                throw fail("workforce[\(index)].status is not active, terminated, suspended or leave")
            }
            try time(member.statusSince, "workforce[\(index)].status_since")
        }
        for (index, patient) in patients.enumerated() {
            guard !patient.id.isEmpty else { throw fail("patients[\(index)].id is empty") }
            try time(patient.dateOfDeath, "patients[\(index)].date_of_death")
        }
        for (index, relationship) in careRelationships.enumerated() {
            try time(relationship.from, "care_relationships[\(index)].from")
            try time(relationship.until, "care_relationships[\(index)].until")
        }
        for (index, violation) in confirmedViolations.enumerated() {
            guard RFC3339.seconds(violation.time) != nil else { throw fail("confirmed_violations[\(index)].time is not an RFC 3339 time") }
        }
    }

    public var isEmpty: Bool {
        workforce.isEmpty && patients.isEmpty && grants.isEmpty && careRelationships.isEmpty && confirmedViolations.isEmpty
    }
}
