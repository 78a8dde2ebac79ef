/// HL7 PurposeOfUse codes (v3-ActReason, value set v3-PurposeOfUse) that PHIGuard accepts.
public enum PurposeOfUse: String, Sendable, Hashable, CaseIterable, Codable {
    case treatment = "TREAT"
    case emergencyTreatment = "ETREAT"
    /// Break the glass: an override for an emergent condition (child of ETREAT).
    case breakTheGlass = "BTG"
    case emergencyRoomTreatment = "ERTREAT"
    case payment = "HPAYMT"
    case operations = "HOPERAT"
    case research = "HRESCH"
    case clinicalTrialResearch = "CLINTRCH"
    case publicHealth = "PUBHLTH"
    case patientRequested = "PATRQT"
    case familyRequested = "FAMRQT"
    case powerOfAttorney = "PWATRNY"
    case supportNetwork = "SUPNWK"
    case marketing = "HMARKT"
    case legal = "HLEGAL"
    case systemAdministration = "HSYSADMIN"
    case coordinationOfCare = "COC"
    case careManagement = "CAREMGT"
    case training = "TRAIN"

    /// Treatment, payment and health-care operations (TPO), which 164.528 excludes from the accounting of disclosures.
    public var isTPO: Bool { [.treatment, .emergencyTreatment, .payment, .operations].contains(self) }
}

/// HL7 confidentiality codes (v3-Confidentiality), the basic N/R/V set.
public enum Confidentiality: String, Sendable, Hashable, CaseIterable, Codable {
    case normal = "N"
    /// Potentially stigmatizing information.
    case restricted = "R"
    case veryRestricted = "V"
}

/// HL7 sensitivity codes (v3-ActCode) that gate access to labelled PHI.
public enum SensitivityLabel: String, Sendable, Hashable, CaseIterable, Codable {
    case substanceUseDisorder = "SUD"
    case alcoholUseDisorder = "ETHUD"
    case opioidUseDisorder = "OPIOIDUD"
    case substanceAbuse = "ETH"
    case psychiatry = "PSY"
    case psychotherapyNote = "PSYTHPN"
    case mentalHealth = "MH"
    case behavioralHealth = "BH"
    case hiv = "HIV"
    case sexuallyTransmittedDisease = "STD"
    case sexuality = "SEX"
    case domesticViolence = "SDV"
    case genderIdentity = "GDIS"

    /// Labels whose records fall under 42 CFR Part 2 (substance use disorder).
    public var isPart2: Bool { [.substanceUseDisorder, .alcoholUseDisorder, .opioidUseDisorder, .substanceAbuse].contains(self) }
}

/// Categories of PHI records, for minimum-necessary grants (164.514(d)(2)).
public enum RecordCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case demographics, lab, note, imaging, medication, billing
    case psychotherapyNote = "psychotherapy-note"
}

/// Actions on PHI, aligned with SMART on FHIR scopes (c r u d s) plus export, print and disclose.
public enum PHIAction: String, Sendable, Hashable, CaseIterable, Codable {
    case create, read, update, delete, search, export, print, disclose

    /// The action groups of the default schema, for grants that name a group.
    public static let groups: [String: [PHIAction]] = [
        "phi-read": [.read, .search],
        "phi-write": [.create, .update, .delete],
        "phi-release": [.export, .print, .disclose],
    ]
}

/// Obligation codes returned with decisions (HL7 obligation and refrain codes plus PHIGuard's own).
public enum ObligationCode {
    /// Audit trail required (HL7 AUDTR).
    public static let auditTrail = "AUDTR"
    /// Accounting of disclosure (HL7 AOD, 164.528).
    public static let accountingOfDisclosure = "AOD"
    /// No redisclosure without consent (HL7 NORDSCLCD, 42 CFR 2.32).
    public static let noRedisclosure = "NORDSCLCD"
    /// Raise a security alert (DCM 110113).
    public static let securityAlert = "SECURITY-ALERT"
    /// Break-glass access is reviewed after the fact.
    public static let postHocReview = "BTG-REVIEW"
    /// Break-glass access is valid for a limited time.
    public static let timeBoxed = "TIMEBOX-60M"
}
