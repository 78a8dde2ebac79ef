/// The one classifier of PHI in names, shared by the access model's identifier hygiene and the
/// database posture scan. Two questions, kept apart:
///
/// - `phiIn(_:as:)`: does this identifier *itself* hold PHI (an SSN, a date of birth, a phone
///   number, an e-mail address, a record number, a person's name with a date or number)? That is a
///   finding wherever it appears: HIPAA guidance forbids PHI in logins, database, schema, table,
///   column and other object names.
/// - `columnCategory(_:)`: does a column *named* like this hold PHI (mrn, birth_dt, icd10_code)?
///   That is an inventory entry, never a finding.
///
/// Matching is token-aware: names split at `_`, `-`, `.`, spaces, camelCase humps and letter/digit
/// boundaries, and lexicon entries match whole tokens, so `timezone`, `passenger_count`,
/// `statement_id` and `hostname` are not hits.
public enum PHIClassifier {
    /// Where an identifier comes from: the rules differ because what is normal differs. A date in a
    /// login is suspicious; a date in a partition table name (`events_20240115`) is normal.
    public enum IdentifierClass: String, Sendable, Hashable, CaseIterable {
        /// Logins, roles, principal and credential ids, database names.
        case account
        /// Schemas, tables, views, columns, functions, constraints, indexes, triggers, policies, enum labels.
        case object
        /// Free text: object comments.
        case comment
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case socialSecurityNumber = "ssn"
        case date = "date"
        case telephoneNumber = "phone"
        case emailAddress = "email"
        case recordNumber = "record_number"
        case labelledNumber = "labelled_number"
        case personName = "person_name"
    }

    public struct Hit: Sendable, Hashable {
        public let kind: Kind
        /// Plain words for an error or a report: "a social security number".
        public let description: String
    }

    // MARK: - Tokens

    /// The lower-cased word and number tokens of `identifier`.
    public static func tokens(_ identifier: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        func flush() {
            if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
            current = []
        }
        let bytes = Array(identifier.utf8)
        for (index, byte) in bytes.enumerated() {
            let isUpper = byte >= 65 && byte <= 90
            let isLower = byte >= 97 && byte <= 122
            let isDigit = byte >= 48 && byte <= 57
            guard isUpper || isLower || isDigit || byte >= 0x80 else {
                flush()
                previous = byte
                continue
            }
            let previousIsDigit = previous >= 48 && previous <= 57
            let previousIsLower = previous >= 97 && previous <= 122
            let previousIsUpper = previous >= 65 && previous <= 90
            let nextIsLower = index + 1 < bytes.count && bytes[index + 1] >= 97 && bytes[index + 1] <= 122
            // Boundaries: letter/digit, lower→Upper (camelCase), and the last capital of a run before
            // lower case (`HTTPServer` → http, server).
            if !current.isEmpty
                && (isDigit != previousIsDigit || (isUpper && previousIsLower) || (isUpper && previousIsUpper && nextIsLower))
            {
                flush()
            }
            current.append(isUpper ? byte + 32 : byte)
            previous = byte
        }
        flush()
        return tokens
    }

    // MARK: - PHI in an identifier

    /// The PHI-like pattern in `identifier`, or nil.
    public static func phiIn(_ identifier: String, as identifierClass: IdentifierClass) -> Hit? {
        let bytes = Array(identifier.utf8)
        let words = tokens(identifier)
        let personContext = words.contains { personContextWords.contains($0) } || containsPersonName(words)
        for group in numberGroups(words) {
            let groups = group.map(\.count)
            let digits = Array(group.joined().utf8)
            if groups == [3, 2, 4] || (digits.count == 9 && groups == [9]) {
                return Hit(kind: .socialSecurityNumber, description: "a social security number")
            }
            if let year = dateYear(group) {
                // A date in an object name is usually a partition or a snapshot; it is a date of
                // birth when it sits next to a person, or when it is too old to be a partition.
                if identifierClass == .account || personContext || year < 2000 {
                    return Hit(kind: .date, description: "a date (such as a date of birth)")
                }
                continue
            }
            if groups == [3, 3, 4] || groups == [1, 3, 3, 4] || (digits.count == 10 && groups == [10]) {
                return Hit(kind: .telephoneNumber, description: "a telephone number")
            }
            if digits.count >= 8 && groups.count == 1 {
                return Hit(kind: .recordNumber, description: "a medical record or account number")
            }
        }
        if identifierClass != .comment, let at = bytes.firstIndex(of: UInt8(ascii: "@")), looksLikeEmail(bytes, at: at) {
            // A workforce login may be an e-mail address: that is not PHI.
            if identifierClass == .object { return Hit(kind: .emailAddress, description: "an e-mail address") }
        }
        let longestNumber = words.filter { $0.first?.isNumber == true }.map(\.count).max() ?? 0
        if longestNumber >= 3, let marker = words.first(where: { numberLabels.contains($0) }) {
            return Hit(kind: .labelledNumber, description: "a \(marker.uppercased())-labelled number")
        }
        if longestNumber >= 4, containsPersonName(words) || containsInitialAndSurname(words) {
            return Hit(kind: .personName, description: "a person's name with a number")
        }
        if identifierClass == .object, hasGivenNameAndSurname(words) {
            return Hit(kind: .personName, description: "a person's name")
        }
        return nil
    }

    /// Numbers written as groups: the digit tokens that follow one another with only separators
    /// between them (`123-45-6789`, `born_1984_03_12`, `03/12/1984`), each run as its groups.
    static func numberGroups(_ words: [String]) -> [[String]] {
        var runs: [[String]] = []
        var current: [String] = []
        for word in words {
            if word.first?.isNumber == true {
                current.append(word)
            } else {
                if !current.isEmpty { runs.append(current) }
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The year of a date-shaped group (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, YYYYMMDD, MMDDYYYY), or nil.
    static func dateYear(_ group: [String]) -> Int? {
        func plausible(year: Int, month: Int, day: Int) -> Int? {
            (1900...2100).contains(year) && (1...12).contains(month) && (1...31).contains(day) ? year : nil
        }
        let groups = group.map(\.count)
        let numbers = group.compactMap { Int($0) }
        guard numbers.count == group.count else { return nil }
        if groups == [4, 2, 2] { return plausible(year: numbers[0], month: numbers[1], day: numbers[2]) }
        if groups == [2, 2, 4] || groups == [1, 1, 4] || groups == [1, 2, 4] || groups == [2, 1, 4] {
            return plausible(year: numbers[2], month: numbers[0], day: numbers[1]) ?? plausible(year: numbers[2], month: numbers[1], day: numbers[0])
        }
        if groups == [8] {
            let n = Array(group[0].utf8).map { Int($0) - 48 }
            func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + n[$1] } }
            return plausible(year: value(0..<4), month: value(4..<6), day: value(6..<8))
                ?? plausible(year: value(4..<8), month: value(0..<2), day: value(2..<4))
        }
        return nil
    }

    static func looksLikeEmail(_ bytes: [UInt8], at: Int) -> Bool {
        guard at > 0, at + 1 < bytes.count else { return false }
        let domain = bytes[(at + 1)...]
        guard let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > at + 1 else { return false }
        let topLevel = bytes[(dot + 1)...]
        return topLevel.count >= 2 && topLevel.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) }
    }

    static func containsPersonName(_ words: [String]) -> Bool {
        words.contains { PersonNames.given.contains($0) || PersonNames.surnames.contains($0) }
    }

    /// `jsmith`, `mgarcia`: an initial glued to a surname, the usual login shape.
    static func containsInitialAndSurname(_ words: [String]) -> Bool {
        words.contains { $0.count >= 5 && $0.first?.isLetter == true && PersonNames.surnames.contains(String($0.dropFirst())) }
    }

    static func hasGivenNameAndSurname(_ words: [String]) -> Bool {
        zip(words, words.dropFirst()).contains { PersonNames.given.contains($0.0) && PersonNames.surnames.contains($0.1) }
    }

    /// Words that put a person next to a date: `born_1984_03_12`, `patient_20240101`.
    static let personContextWords: Set<String> = ["born", "birth", "dob", "birthday", "patient", "pt", "person", "member", "mrn", "ssn"]

    /// Labels that make a number a patient or person identifier.
    static let numberLabels: Set<String> = ["mrn", "ssn", "dob", "mbi", "hicn", "medicaid", "medicare", "acct", "dl"]
}

// MARK: - Columns that hold PHI

extension PHIClassifier {
    /// What a column named like this holds, for the PHI column inventory.
    public enum ColumnCategory: String, Sendable, Hashable, Codable, CaseIterable {
        case name
        case socialSecurityNumber = "ssn"
        case medicalRecordNumber = "medical_record_number"
        case birthDate = "birth_date"
        case serviceDate = "service_date"
        case address
        case telephone
        case email
        case healthPlanID = "health_plan_id"
        case accountNumber = "account_number"
        case licenseOrDevice = "license_or_device"
        case biometricOrPhoto = "biometric_or_photo"
        case ipAddress = "ip_address"
        case providerIdentifier = "provider_identifier"
        case diagnosis
        case procedure
        case medication
        case labResult = "lab_result"
        case clinicalNote = "clinical_note"
    }

    /// The PHI category of a column named `name`, or nil. Whole tokens only.
    public static func columnCategory(_ name: String) -> ColumnCategory? {
        let words = tokens(name)
        guard !words.isEmpty else { return nil }
        let set = Set(words)
        let joined = words.joined(separator: "_")
        if let exact = ColumnLexicon.exact[joined] { return exact }
        // `dod`, `dod_ssn`: a date of death (MIMIC keeps the one the Social Security records give).
        if set.contains("dod") { return .serviceDate }
        if set.contains("ssn") || set.isSuperset(of: ["social", "security"]) { return .socialSecurityNumber }
        if set.contains("mrn") || set.isSuperset(of: ["medical", "record"]) { return .medicalRecordNumber }
        if set.contains("dob") || set.contains("birthdate") || set.contains("birthday") || set.contains("birth") { return .birthDate }
        if let index = words.firstIndex(of: "name"), index > 0, ColumnLexicon.personNameQualifiers.contains(words[index - 1]) { return .name }
        if !set.isDisjoint(with: ["surname", "firstname", "lastname", "givenname", "familyname", "forename", "fullname", "maidenname"]) {
            return .name
        }
        if set.contains("email") || set.isSuperset(of: ["e", "mail"]) { return .email }
        if !set.isDisjoint(with: ["phone", "telephone", "fax", "mobile", "cellphone"]) { return .telephone }
        if set.contains("ip") && (set.contains("address") || set.contains("addr")) { return .ipAddress }
        if set.contains("address") || set.contains("addr") {
            return set.isDisjoint(with: ["mac", "host", "server", "web", "memory", "url", "network", "bind"]) ? .address : nil
        }
        if !set.isDisjoint(with: ["street", "zip", "zipcode", "postal", "postcode"]) { return .address }
        if set.contains("npi") || set.contains("dea") { return .providerIdentifier }
        if !set.isDisjoint(with: ["mbi", "hicn", "medicaid", "medicare", "insurance", "subscriber", "payer"]) && hasIdentifierWord(set) {
            return .healthPlanID
        }
        if (set.contains("member") || set.contains("plan") || set.contains("policy")) && set.contains("insurance") { return .healthPlanID }
        if (set.contains("account") || set.contains("acct")) && (set.contains("number") || set.contains("no") || set.contains("num")) {
            return .accountNumber
        }
        if set.contains("license") || set.contains("licence") || set.contains("vin") || set.isSuperset(of: ["serial", "number"]) {
            return .licenseOrDevice
        }
        if !set.isDisjoint(with: ["fingerprint", "photo", "photograph", "retina", "voiceprint", "biometric", "face"]) { return .biometricOrPhoto }
        if !set.isDisjoint(with: ["diagnosis", "diagnoses", "icd", "icd9", "icd10", "dx", "condition", "problem"]) { return .diagnosis }
        if !set.isDisjoint(with: ["procedure", "cpt", "hcpcs", "surgery"]) { return .procedure }
        if !set.isDisjoint(with: ["medication", "prescription", "drug", "ndc", "rxnorm", "dose", "dosage"]) { return .medication }
        if !set.isDisjoint(with: ["loinc", "lab", "specimen"]) || set.isSuperset(of: ["test", "result"]) { return .labResult }
        if set.contains("note") || set.contains("notes") || set.contains("narrative") { return .clinicalNote }
        if !set.isDisjoint(with: ["admission", "admit", "discharge", "death", "deceased", "encounter", "visit", "service"])
            && !set.isDisjoint(with: ["date", "dt", "datetime", "time", "timestamp"])
        {
            return .serviceDate
        }
        return nil
    }

    private static func hasIdentifierWord(_ set: Set<String>) -> Bool {
        !set.isDisjoint(with: ["id", "number", "no", "num", "mbi", "hicn"])
    }
}

enum ColumnLexicon {
    static let exact: [String: PHIClassifier.ColumnCategory] = [
        "name": .name, "pat_name": .name, "pt_name": .name, "beneficiary": .name,
        "sin": .socialSecurityNumber,
        "city": .address, "county": .address,
        "cell": .telephone, "phone_no": .telephone,
        "member_id": .healthPlanID, "subscriber_id": .healthPlanID, "policy_number": .healthPlanID, "group_number": .healthPlanID,
    ]
    /// Words before `name` that make it a person's name (and not `table_name` or `drug_name`).
    static let personNameQualifiers: Set<String> = [
        "first", "last", "given", "family", "middle", "full", "maiden", "patient", "pt", "person", "member", "subscriber",
        "guarantor", "mother", "mothers", "father", "fathers", "contact", "emergency", "nick", "preferred", "legal", "sur", "birth",
    ]
}

/// Common US given names and surnames, without those that are also ordinary English or schema words
/// (`mark`, `grant`, `rose`, `ward`, `price`, `long`, `hall`). Used only next to a number or as a
/// given name followed by a surname, never alone.
enum PersonNames {
    static let given: Set<String> = [
        "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles", "christopher", "daniel",
        "matthew", "anthony", "donald", "steven", "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy",
        "ronald", "edward", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin",
        "brandon", "benjamin", "samuel", "gregory", "alexander", "patrick", "raymond", "dennis", "jerry", "aaron", "jose", "nathan",
        "henry", "zachary", "peter", "kyle", "noah", "ethan", "jeremy", "walter", "keith", "roger", "terry", "sean", "gerald", "harold",
        "dylan", "arthur", "jesse", "bryan", "bruce", "gabriel", "alan", "juan", "albert", "elijah", "wayne", "randy", "vincent",
        "ralph", "russell", "bradley", "philip", "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica",
        "sarah", "karen", "lisa", "nancy", "betty", "sandra", "margaret", "ashley", "kimberly", "emily", "donna", "michelle",
        "amanda", "melissa", "deborah", "stephanie", "dorothy", "rebecca", "sharon", "laura", "cynthia", "amy", "kathleen",
        "angela", "shirley", "brenda", "emma", "anna", "pamela", "nicole", "samantha", "katherine", "christine", "helen", "debra",
        "rachel", "carolyn", "janet", "maria", "catherine", "heather", "diane", "olivia", "julie", "joyce", "ruth", "lauren",
        "christina", "joan", "evelyn", "judith", "andrea", "hannah", "megan", "cheryl", "jacqueline", "martha", "teresa", "gloria",
        "sara", "janice", "kathryn", "abigail", "sophia", "alice", "judy", "isabella", "julia", "denise", "danielle", "marilyn",
        "beverly", "charlotte", "natalie", "theresa", "diana", "brittany", "doris", "kayla", "lori", "jane", "jon", "juanita",
        "carlos", "luis", "miguel", "ahmed", "mohammed", "wei", "priya",
    ]
    static let surnames: Set<String> = [
        "smith", "johnson", "williams", "jones", "garcia", "miller", "davis", "rodriguez", "martinez", "hernandez", "lopez",
        "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "perez", "thompson", "harris", "sanchez",
        "clark", "ramirez", "lewis", "robinson", "walker", "allen", "wright", "torres", "nguyen", "flores", "adams", "nelson",
        "rivera", "campbell", "mitchell", "roberts", "gomez", "phillips", "evans", "diaz", "cruz", "edwards", "collins", "reyes",
        "stewart", "morales", "murphy", "gutierrez", "ortiz", "peterson", "richardson", "watson", "chavez", "mendoza", "ruiz",
        "hughes", "alvarez", "castillo", "sanders", "patel", "myers", "foster", "jimenez", "doe", "johnston", "schmidt", "muller",
        "kowalski", "nowak", "ivanov", "chen", "wang", "zhang", "liu", "yang", "huang", "zhao", "singh", "kumar", "sharma", "khan",
        "tanaka", "suzuki", "sato", "kim", "park", "choi",
    ]
}

// MARK: - Values that are PHI (sampling, opt-in)

extension PHIClassifier {
    /// The PHI category of a value whose shape alone says what it is: an SSN (`123-45-6789`), an
    /// e-mail address, a North American telephone number. Used only on values sampled in memory with
    /// `db scan --sample`; values are never kept.
    public static func valueCategory(_ value: String) -> ColumnCategory? {
        let bytes = Array(value.utf8)
        guard (7...254).contains(bytes.count) else { return nil }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        if bytes.count == 11, bytes[3] == UInt8(ascii: "-"), bytes[6] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 3 || $0.offset == 6 || isDigit($0.element) })
        {
            return .socialSecurityNumber
        }
        if let at = bytes.firstIndex(of: UInt8(ascii: "@")), !bytes.contains(UInt8(ascii: " ")), looksLikeEmail(bytes, at: at) {
            return .email
        }
        // (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567: ten digits (eleven with a leading 1)
        // and nothing but separators.
        let digits = bytes.filter(isDigit)
        let separators = Set("()-. +".utf8)
        if bytes.allSatisfy({ isDigit($0) || separators.contains($0) }), bytes.contains(where: { !isDigit($0) }),
            digits.count == 10 || (digits.count == 11 && digits.first == UInt8(ascii: "1"))
        {
            return .telephone
        }
        return nil
    }
}
