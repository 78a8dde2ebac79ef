/// Groups observations into cases. An actor case opens when the actor's scores in the rolling
/// window reach the case score (multiplied for repeat offenders), or when several distinct incident
/// rules fire across several patients within days; once open it takes in the actor's later
/// observations until it has been quiet for `quiet_days`. Patient cases (curiosity surges) are
/// opened by the surge rule itself.
final class CaseBook {
    struct ActorWindow {
        var recent: [Observation] = []
        var openCase: Int?
    }

    let settings: MonitoringSettings
    private(set) var cases: [MonitorCase] = []
    private var windows: [String: ActorWindow] = [:]
    private let incidentRules = Set(MonitorRule.all.filter(\.countsAsIncident).map(\.id))

    init(settings: MonitoringSettings) { self.settings = settings }

    /// Adds an actor observation; true when it opened a case.
    func add(_ observation: Observation, repeatOffender: Bool) -> Bool {
        var window = windows[observation.actor] ?? ActorWindow()
        defer { windows[observation.actor] = window }
        let time = observation.time
        if let open = window.openCase {
            if time - cases[open].lastObservationAt <= Int64(settings.caseQuietDays * 86_400) {
                append(observation, to: open)
                return false
            }
            window.openCase = nil
        }
        let keep = Int64(max(settings.caseWindowHours * 3600, settings.multiIncidentDays * 86_400))
        window.recent.removeAll { $0.time < time - keep }
        window.recent.append(observation)

        let scoreWindow = Int64(settings.caseWindowHours * 3600)
        let multiplier = repeatOffender ? settings.repeatOffenderMultiplier : 1
        // Windows around the observation's time, both ways: a check decided late (break-the-glass
        // at +72 h) lands among observations that came after it.
        let score = window.recent.filter { abs($0.time - time) <= scoreWindow }.reduce(0) { $0 + $1.score } * multiplier
        let incidentWindow = Int64(settings.multiIncidentDays * 86_400)
        let incidents = window.recent.filter {
            abs($0.time - time) <= incidentWindow && incidentRules.contains($0.rule) && $0.score >= settings.incidentMinimumScore
        }

        let distinctRules = Set(incidents.map(\.rule)).count
        let distinctPatients = Set(incidents.compactMap(\.patient)).count

        let reason: String
        let detail: String
        if score >= settings.caseScore {
            reason = "score"
            detail =
                "the score reached \(score.clean) within \(settings.caseWindowHours.clean) h\(repeatOffender ? " (×\(settings.repeatOffenderMultiplier.clean) for a confirmed violation in the last year)" : "")"
        } else if distinctRules >= settings.multiIncidentRules, distinctPatients >= settings.multiIncidentPatients {
            reason = "multi_incident"
            detail = "\(distinctRules) different rules fired on \(distinctPatients) patients within \(settings.multiIncidentDays.clean) days"
        } else {
            return false
        }
        let opened = MonitorCase(
            id: Self.caseID(kind: "A", subject: observation.actor, time: time), subjectKind: .actor, subject: observation.actor, openedAt: time,
            lastObservationAt: time, reason: reason, reasonDetail: detail, observations: [], omittedObservations: 0, score: 0)
        cases.append(opened)
        window.openCase = cases.count - 1
        for earlier in window.recent { append(earlier, to: cases.count - 1) }
        window.recent.removeAll()
        return true
    }

    func openPatientCase(patient: String, time: Int64, detail: String) -> Int {
        cases.append(
            MonitorCase(
                id: Self.caseID(kind: "P", subject: patient, time: time), subjectKind: .patient, subject: patient, openedAt: time,
                lastObservationAt: time,
                reason: "curiosity_surge", reasonDetail: detail, observations: [], omittedObservations: 0, score: 0))
        return cases.count - 1
    }

    func addToPatientCase(_ index: Int, _ observation: Observation) { append(observation, to: index) }

    private func append(_ observation: Observation, to index: Int) {
        cases[index].score += observation.score
        cases[index].lastObservationAt = max(cases[index].lastObservationAt, observation.time)
        if cases[index].observations.count < MonitorCase.observationLimit {
            cases[index].observations.append(observation)
        } else {
            cases[index].omittedObservations += 1
        }
    }

    /// Stops taking observations into cases quiet since before `time` (frees their windows).
    func closeQuietCases(before time: Int64) {
        let quiet = Int64(settings.caseQuietDays * 86_400)
        let keep = Int64(max(settings.caseWindowHours * 3600, settings.multiIncidentDays * 86_400))
        for (actor, window) in windows {
            if let open = window.openCase, time - cases[open].lastObservationAt > quiet {
                windows[actor]?.openCase = nil
            }
            if window.openCase == nil, let last = window.recent.map(\.time).max(), time - last > keep {
                windows[actor] = nil
            }
        }
    }

    /// A stable id: the same input gives the same case ids (FNV-1a over the subject and time).
    static func caseID(kind: String, subject: String, time: Int64) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(kind)\u{1F}\(subject)\u{1F}\(time)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "\(kind)-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
