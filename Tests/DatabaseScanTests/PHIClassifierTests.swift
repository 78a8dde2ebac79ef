import AccessModel
import DatabaseScan
import Testing

/// The one classifier of PHI in names (AccessModel), as the scan uses it.
@Suite("PHI classifier: identifiers that are PHI, columns that hold it")
struct PHIClassifierTests {
    @Test("tokens split snake_case, camelCase, acronyms and letter/digit boundaries")
    func tokens() {
        #expect(PHIClassifier.tokens("patient_birthDate") == ["patient", "birth", "date"])
        #expect(PHIClassifier.tokens("HTTPServerName2") == ["http", "server", "name", "2"])
        #expect(PHIClassifier.tokens("icd10_code") == ["icd", "10", "code"])
        #expect(PHIClassifier.tokens("jsmith_19750312") == ["jsmith", "19750312"])
    }

    @Test(
        "identifiers that hold PHI are found",
        arguments: [
            ("jsmith_19750312", PHIClassifier.IdentifierClass.account, PHIClassifier.Kind.date),
            ("jdoe_mrn_448812", .account, .labelledNumber),
            ("claims_123456789", .object, .socialSecurityNumber),
            ("t_123-45-6789", .object, .socialSecurityNumber),
            ("patient_jane_doe", .object, .personName),
            ("smith_4821", .object, .personName),
            ("backup_for_555-123-4567", .object, .telephoneNumber),
            ("notes_jane.doe@example.com", .object, .emailAddress),
            ("born_1984_03_12", .account, .date),
            ("patient_20240115", .object, .date),
            ("legacy_19650704", .object, .date),
            ("export_mrn_00012345", .object, .recordNumber),
            ("patient 123-45-6789 merged", .comment, .socialSecurityNumber),
        ])
    func phiFound(_ identifier: String, _ identifierClass: PHIClassifier.IdentifierClass, _ kind: PHIClassifier.Kind) {
        #expect(PHIClassifier.phiIn(identifier, as: identifierClass)?.kind == kind, "\(identifier)")
    }

    @Test(
        "ordinary identifiers are not PHI",
        arguments: [
            "timezone", "passenger_count", "statement_id", "hostname", "table_name", "gzip_level", "adobe_id", "ssid",
            "syntax_version", "icd10_code", "mrn", "birth_dt", "events_20240115", "measurement_2024_01_15", "visit_occurrence_id",
            "person_id", "concept_name", "grant_lee", "mark_price", "ward_3", "app_v2", "nurse.ana", "svc-billing", "jsmith",
            "dba@hospital.org", "care_site_id", "condition_era", "log_2023_10_01",
        ])
    func ordinaryNames(_ identifier: String) {
        let cls: PHIClassifier.IdentifierClass = identifier.contains("@") || identifier == "jsmith" ? .account : .object
        #expect(PHIClassifier.phiIn(identifier, as: cls) == nil, "\(identifier): \(String(describing: PHIClassifier.phiIn(identifier, as: cls)))")
    }

    @Test(
        "columns that hold PHI, by whole tokens",
        arguments: [
            ("mrn", PHIClassifier.ColumnCategory.medicalRecordNumber), ("patient_mrn", .medicalRecordNumber),
            ("medical_record_number", .medicalRecordNumber), ("birth_dt", .birthDate), ("dob", .birthDate), ("date_of_birth", .birthDate),
            ("ssn", .socialSecurityNumber), ("icd10_code", .diagnosis), ("diagnosis_code", .diagnosis), ("npi", .providerIdentifier),
            ("insurance_member_id", .healthPlanID), ("firstName", .name), ("last_name", .name), ("home_phone", .telephone),
            ("email_address", .email), ("zip", .address), ("street_address", .address), ("admission_date", .serviceDate),
            ("ip_address", .ipAddress), ("note_text", .clinicalNote), ("dod_ssn", .serviceDate),
        ])
    func columns(_ name: String, _ category: PHIClassifier.ColumnCategory) {
        #expect(PHIClassifier.columnCategory(name) == category, "\(name)")
    }

    @Test(
        "column names that only contain a lexicon word are not PHI columns",
        arguments: [
            "timezone", "passenger_count", "statement_id", "hostname", "table_name", "gzip_level", "adobe_id", "compass_heading",
            "bypass_flag", "discard_reason", "syntax_version", "mac_address", "drug_concept_id_source", "created_at", "id",
        ])
    func notPHIColumns(_ name: String) {
        let category = PHIClassifier.columnCategory(name)
        #expect(category == nil || (name == "drug_concept_id_source" && category == .medication), "\(name): \(String(describing: category))")
    }

    @Test("sampled values: SSN, e-mail and telephone shapes only")
    func values() {
        #expect(PHIClassifier.valueCategory("123-45-6789") == .socialSecurityNumber)
        #expect(PHIClassifier.valueCategory("jane.doe@mail.example") == .email)
        #expect(PHIClassifier.valueCategory("(555) 123-4567") == .telephone && PHIClassifier.valueCategory("+1 555 123 4567") == .telephone)
        for value in ["2024-01-15", "12345", "1234567890123", "v1.2.3", "hello world", "a@b", "555-1234", "ICU-12-4567"] {
            #expect(PHIClassifier.valueCategory(value) == nil, "\(value)")
        }
    }

    @Test("redaction keeps two characters and a digest, never the value")
    func redaction() {
        let redacted = Redaction.redact("jsmith_19750312")
        #expect(redacted.hasPrefix("js…#") && !redacted.contains("1975") && redacted.count == 4 + 16)
        #expect(Redaction.redactIfPHI("visit_occurrence") == "visit_occurrence")
    }
}
