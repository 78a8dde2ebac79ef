import Foundation

/// One access as a case shows it: enough to find the record in its source and to judge it, with
/// the patient as the source identified them (a PHIGuard log holds only keyed hashes).
public struct Evidence: Sendable, Hashable, Codable {
    public var time: Int64
    public var recordID: String?
    public var patient: String
    public var purpose: String?
    public var permitted: Bool
    public var grantID: String?
    public var grantKind: GrantKind?
    public var labels: [String]
    public var breakGlass: Bool

    public init(_ record: AccessRecord, grantKind: GrantKind?) {
        time = record.time
        recordID = record.recordID
        patient = record.patient
        purpose = record.purpose
        permitted = record.permitted
        grantID = record.grantID
        self.grantKind = grantKind
        labels = record.labels
        breakGlass = record.breakGlass
    }
}

/// What one rule saw: a score toward a case, a plain-language detail and the evidence rows.
public struct Observation: Sendable, Hashable, Codable {
    public var rule: String
    public var family: RuleFamily
    public var time: Int64
    public var actor: String
    public var patient: String?
    public var score: Double
    public var detail: String
    public var evidence: [Evidence]

    public init(rule: String, time: Int64, actor: String, patient: String?, score: Double, detail: String, evidence: [Evidence]) {
        self.rule = rule
        self.family = MonitorRule.byID[rule]?.family ?? .unexplained
        self.time = time
        self.actor = actor
        self.patient = patient
        self.score = score
        self.detail = detail
        self.evidence = evidence
    }
}

/// A case for a reviewer: one person's observations (an actor case) or one patient's curiosity
/// surge (a patient case), with why it opened and a plain-language summary.
public struct MonitorCase: Sendable, Hashable, Codable {
    public enum SubjectKind: String, Sendable, Hashable, Codable {
        case actor, patient
    }

    /// The most observations a case keeps; the rest are counted.
    public static let observationLimit = 500

    public var id: String
    public var subjectKind: SubjectKind
    public var subject: String
    public var openedAt: Int64
    public var lastObservationAt: Int64
    /// Why it opened: `score`, `multi_incident` or `curiosity_surge`.
    public var reason: String
    public var reasonDetail: String
    public var observations: [Observation]
    public var omittedObservations: Int
    public var score: Double

    public var rules: [String] { Array(Set(observations.map(\.rule))).sorted() }
    public var families: [RuleFamily] { Array(Set(observations.map(\.family))).sorted { $0.rawValue < $1.rawValue } }
    public var patients: [String] { Array(Set(observations.compactMap(\.patient))).sorted() }
    public var actors: [String] { Array(Set(observations.map(\.actor))).sorted() }

    /// A paragraph for the reviewer.
    public var summary: String {
        let first = RFC3339.format(observations.map(\.time).min() ?? openedAt)
        let last = RFC3339.format(lastObservationAt)
        var counts: [String: Int] = [:]
        for observation in observations { counts[observation.rule, default: 0] += 1 }
        let listing = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
            "\($0.key.replacingOccurrences(of: "_", with: " ")) ×\($0.value)"
        }
        .joined(separator: ", ")
        let total = observations.count + omittedObservations
        switch subjectKind {
        case .actor:
            return "\(subject): \(total) observation\(total == 1 ? "" : "s") on \(patients.count) patient\(patients.count == 1 ? "" : "s") "
                + "from \(first) to \(last) (\(listing)); opened because \(reasonDetail)."
        case .patient:
            return "patient \(subject): \(actors.count) people without a care relationship opened the record around \(first) (\(listing)); "
                + "opened because \(reasonDetail)."
        }
    }
}
