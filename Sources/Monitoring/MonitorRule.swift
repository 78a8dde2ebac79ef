/// The rule families of docs/monitoring.md (R1–R12): recall is measured per family.
public enum RuleFamily: String, Sendable, Hashable, Codable, CaseIterable {
    case selfAccess = "self"
    case breakGlass = "break_glass"
    case denials
    case unexplained
    case purpose
    case sensitive
    case vip
    case volume
    case hours
    case department
    case relationship
    case inactive
}

/// One detection rule: its stable id, family, what it needs and its tunable parameters with their
/// defaults. The table is the single source for `Policies/monitoring.yaml`, its validation and the
/// rule catalogue in docs/monitoring.md.
public struct MonitorRule: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public let name: String
        public let defaultValue: Double
        public let range: ClosedRange<Double>
        public let meaning: String
    }

    public let id: String
    /// R1 … R12.
    public let number: String
    public let family: RuleFamily
    public let summary: String
    /// Needs facts (`phiguard facts import` or `--facts`): skipped, and said so, without them.
    public let needsFacts: Bool
    /// Counts toward the multi-incident criterion (≥3 distinct rules on ≥2 patients in 7 days).
    /// Weak signals (hour of week, department pairing, every break-glass) only add score.
    public let countsAsIncident: Bool
    public let parameters: [Parameter]

    init(
        _ id: String, _ number: String, _ family: RuleFamily, facts: Bool = false, incident: Bool = true, _ summary: String,
        _ parameters: [(String, Double, ClosedRange<Double>, String)]
    ) {
        self.id = id
        self.number = number
        self.family = family
        self.summary = summary
        self.needsFacts = facts
        self.countsAsIncident = incident
        self.parameters = parameters.map { Parameter(name: $0.0, defaultValue: $0.1, range: $0.2, meaning: $0.3) }
    }

    public func defaultValue(_ name: String) -> Double? { parameters.first { $0.name == name }?.defaultValue }
}

extension MonitorRule {
    private static let score = 0.0...1000.0
    private static let hours = 1.0...2160.0
    private static let days = 1.0...3650.0
    private static let share = 0.0...1.0
    private static let count = 1.0...1_000_000.0
    private static let percentile = 50.0...100.0

    public static let all: [MonitorRule] = [
        MonitorRule(
            "self_access", "R1", .selfAccess, facts: true, "a workforce member opened their own record other than through self-service",
            [("score", 100, score, "score of every such access")]),
        MonitorRule(
            "btg_use", "R2", .breakGlass, incident: false, "every break-the-glass access is an observation",
            [
                ("score", 20, score, "score of each break-the-glass access"),
                ("daily_cap", 60, score, "at most this much of that score per actor a day (emergency departments use it routinely)"),
            ]),
        MonitorRule(
            "btg_uncorroborated", "R2", .breakGlass, "break-the-glass with no relationship access to that patient around it",
            [
                ("score", 80, score, "added when no relationship permit falls in the window (with the 20 of btg_use, a case)"),
                ("before_hours", 24, hours, "the window starts this long before the break-the-glass"),
                ("after_hours", 72, hours, "the window ends this long after it; the rule waits until then"),
            ]),
        MonitorRule(
            "btg_frequency", "R2", .breakGlass, "more break-the-glass accesses than peers",
            [
                ("score", 40, score, "score, once a day"),
                ("minimum", 3, count, "never fires at or below this many in the window"),
                ("days", 30, days, "the counting window"),
                ("peer_percentile", 99, percentile, "fires above this percentile of peers' counts"),
            ]),
        MonitorRule(
            "deny_then_permit", "R3", .denials, "a denial followed by access to the same patient through break-the-glass or another grant",
            [("score", 60, score, "score, once per actor and patient a day"), ("window_hours", 24, hours, "how long after the denial")]),
        MonitorRule(
            "probing", "R3", .denials, "denials across many patients in a short time",
            [
                ("score", 100, score, "score, once per window"),
                ("patients", 5, count, "distinct denied patients"),
                ("window_minutes", 60, 1...1440, "the window"),
            ]),
        MonitorRule(
            "unexplained_first_access", "R4", .unexplained,
            "first access in months through a broad grant with no care relationship of the actor or their department",
            [
                ("score", 20, score, "score of each such access"),
                ("daily_cap", 60, score, "at most this much of that score per actor a day (routine broad work stays below a case)"),
                ("excess_score", 40, score, "added for each such access beyond the actor's daily threshold"),
                ("excess_minimum", 3, count, "the daily threshold is at least this many"),
                ("peer_percentile", 95, percentile, "the daily threshold is at least this percentile of peers' daily counts"),
                ("lookback_days", 180, days, "no permit for the pair this long before counts as a first access"),
                ("department_days", 7, days, "a relationship permit of the actor's department to the patient this close explains it"),
                ("settle_hours", 24, hours, "how long the rule waits for a later relationship permit of the department"),
            ]),
        MonitorRule(
            "purpose_mismatch", "R5", .purpose, "a purpose of use that is implausible for the actor's role or the record's labels",
            [("score", 60, score, "score, once per actor and patient a day")]),
        MonitorRule(
            "purpose_drift", "R5", .purpose, "an actor relies on a purpose their peers almost never use",
            [
                ("score", 30, score, "score, at most once a week"),
                ("peer_share", 0.01, share, "the purpose is under this share of peers' permits"),
                ("own_share", 0.10, share, "and over this share of the actor's permits"),
                ("days", 7, days, "the actor's window"),
                ("minimum_permits", 20, count, "the actor needs this many permits in the window"),
            ]),
        MonitorRule(
            "sensitive_without_relationship", "R6", .sensitive,
            "sensitive labels (psychotherapy, substance use, HIV, …) reached only through a broad or break-the-glass grant",
            [("score", 40, score, "score per patient a day")]),
        MonitorRule(
            "vip_access", "R7", .vip, facts: true, "an unexplained access to a VIP or restricted patient",
            [("score", 80, score, "score, once per actor and patient a day")]),
        MonitorRule(
            "curiosity_surge", "R7", .vip, "many unexplained people open one patient in a day: a patient case",
            [
                ("score", 30, score, "score of each unexplained actor"),
                ("minimum_actors", 10, count, "distinct actors on the patient in the day, at least"),
                ("median_multiple", 3, 1...100, "and at least this multiple of the patient's daily median over 30 days"),
                ("unexplained_share", 0.5, share, "and at least this share of them unexplained"),
            ]),
        MonitorRule(
            "volume_outlier", "R8", .volume, "far more distinct patients in a day than peers",
            [
                ("score", 30, score, "score above the threshold"),
                ("high_score", 60, score, "score above the high threshold"),
                ("minimum_patients", 50, count, "the threshold is at least this many distinct patients a day"),
                ("peer_percentile", 99, percentile, "and at least this percentile of peers' daily counts"),
                ("high_multiple", 3, 1...100, "the high threshold is this multiple of the threshold"),
                ("research_daily", 200, count, "research roles fire above this many a day regardless of peers"),
            ]),
        MonitorRule(
            "off_pattern_hours", "R9", .hours, incident: false, "several patients opened at hours the actor rarely works",
            [
                ("score", 20, score, "score, once a day"),
                ("patients", 5, count, "distinct patients at such hours in the day"),
                ("bucket_share", 0.01, share, "an hour of the week holding under this share of the actor's history"),
                ("history_days", 60, days, "the history's mean age (older weeks fade)"),
                ("minimum_history", 200, count, "permits of history needed before the rule judges"),
            ]),
        MonitorRule(
            "department_mismatch", "R10", .department, incident: false,
            "an unexplained access to a patient cared for by departments the actor's department almost never reaches",
            [
                ("score", 10, score, "score, once per actor and patient a day"),
                ("share", 0.001, share, "the department pairing is under this share of the department's permits"),
                ("days", 90, days, "the pairing statistics' mean age"),
                ("minimum_permits", 1000, count, "the department needs this many permits of history"),
            ]),
        MonitorRule(
            "coworker", "R11", .relationship, facts: true, "the patient is an active employee of one of the actor's departments",
            [
                ("score", 80, score, "score of an access with no explanation"),
                (
                    "explained_factor", 0.25, share,
                    "the score's factor when the actor has a care relationship (employees are treated where they work)"
                ),
                (
                    "group_factor", 0.5, share,
                    "the score's factor when only the department's care relationship or an administrative grant explains it"
                ),
            ]),
        MonitorRule(
            "family_member", "R11", .relationship, facts: true,
            "same surname and the same address, or the actor is the patient's contact or guarantor; same surname alone scores by rarity",
            [
                ("score", 100, score, "same surname and address, or contact or guarantor; halved when explained"),
                ("surname_rare_score", 40, score, "same surname alone, for a surname held by one in 10,000 patients or fewer"),
                ("surname_common_score", 10, score, "same surname alone, for a surname held by one in 100 patients or more"),
            ]),
        MonitorRule(
            "neighbour", "R11", .relationship, facts: true, "the patient lives at the actor's address, street or postal code",
            [
                ("score", 100, score, "same address; halved when explained"),
                ("street_score", 30, score, "same street and postal code"),
                ("postal_score", 10, score, "same postal code only"),
            ]),
        MonitorRule(
            "inactive_actor", "R12", .inactive, facts: true, "access while terminated, suspended or on leave",
            [("score", 100, score, "score, once per actor and patient a day")]),
        MonitorRule(
            "dormant_actor", "R12", .inactive, "the first access after a long inactivity",
            [("score", 40, score, "score"), ("days", 90, days, "inactive this long")]),
        MonitorRule(
            "deceased_patient", "R12", .inactive, facts: true,
            "a deceased patient's record opened for a purpose other than payment, operations, records or research",
            [("score", 30, score, "score, once per actor and patient a day"), ("days", 30, days, "dead for longer than this")]),
    ]

    public static let byID: [String: MonitorRule] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}
