import Foundation

/// The JSON shapes the monitor prints (`phiguard monitor run --format json`): one line per case,
/// then one summary line. Times are RFC 3339; keys are snake case and stable (docs/monitoring.md).
public enum MonitorJSON {
    struct EvidenceRow: Encodable {
        let time: String
        let recordID: String?
        let patient: String
        let purpose: String?
        let decision: String
        let grantID: String?
        let grantKind: String?
        let labels: [String]
        let breakGlass: Bool
    }

    struct ObservationRow: Encodable {
        let rule: String
        let family: String
        let time: String
        let actor: String
        let patient: String?
        let score: Double
        let detail: String
        let evidence: [EvidenceRow]
    }

    struct CaseRow: Encodable {
        let type = "case"
        let id: String
        let subjectKind: String
        let subject: String
        let openedAt: String
        let lastObservationAt: String
        let reason: String
        let score: Double
        let rules: [String]
        let families: [String]
        let patients: Int
        let summary: String
        let observations: [ObservationRow]
        let omittedObservations: Int
    }

    struct SummaryRow: Encodable {
        let type = "summary"
        let records: Int
        let permits: Int
        let denials: Int
        let breakGlass: Int
        let explainedShare: Double
        let permitsWithoutGrantKind: Int
        let actors: Int
        let actorsWithoutRoleClass: Int
        let actorsWithoutFacts: Int
        let from: String?
        let to: String?
        let actorCases: Int
        let patientCases: Int
        let observations: [String: Int]
        let skippedRules: [String]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func line(_ monitorCase: MonitorCase) -> String {
        let row = CaseRow(
            id: monitorCase.id, subjectKind: monitorCase.subjectKind.rawValue, subject: monitorCase.subject,
            openedAt: RFC3339.format(monitorCase.openedAt), lastObservationAt: RFC3339.format(monitorCase.lastObservationAt),
            reason: monitorCase.reason, score: monitorCase.score, rules: monitorCase.rules, families: monitorCase.families.map(\.rawValue),
            patients: monitorCase.patients.count, summary: monitorCase.summary,
            observations: monitorCase.observations.map { observation in
                ObservationRow(
                    rule: observation.rule, family: observation.family.rawValue, time: RFC3339.format(observation.time), actor: observation.actor,
                    patient: observation.patient, score: observation.score, detail: observation.detail,
                    evidence: observation.evidence.map {
                        EvidenceRow(
                            time: RFC3339.format($0.time), recordID: $0.recordID, patient: $0.patient, purpose: $0.purpose,
                            decision: $0.permitted ? "permit" : "deny", grantID: $0.grantID, grantKind: $0.grantKind?.rawValue, labels: $0.labels,
                            breakGlass: $0.breakGlass)
                    })
            }, omittedObservations: monitorCase.omittedObservations)
        return encode(row)
    }

    public static func line(_ statistics: MonitorStatistics) -> String {
        let row = SummaryRow(
            records: statistics.records, permits: statistics.permits, denials: statistics.denials, breakGlass: statistics.breakGlass,
            explainedShare: statistics.permits == 0
                ? 0 : (Double(statistics.explainedPermits) / Double(statistics.permits) * 10_000).rounded() / 10_000,
            permitsWithoutGrantKind: statistics.permitsWithoutGrantKind, actors: statistics.actors,
            actorsWithoutRoleClass: statistics.actorsWithoutRoleClass, actorsWithoutFacts: statistics.actorsWithoutFacts,
            from: statistics.firstTime.map(RFC3339.format),
            to: statistics.lastTime.map(RFC3339.format), actorCases: statistics.actorCases, patientCases: statistics.patientCases,
            observations: statistics.observations, skippedRules: statistics.skippedRules)
        return encode(row)
    }

    private static func encode(_ value: some Encodable) -> String {
        // Encoding plain strings and numbers cannot fail.
        String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
