import Foundation

/// The rules as the engine addresses them: a small integer per rule, for the daily de-duplication keys.
enum RuleSlot: UInt8, CaseIterable {
    case selfAccess, breakGlassUse, breakGlassUncorroborated, breakGlassFrequency, denyThenPermit, probing, unexplainedFirstAccess
    case purposeMismatch, drift, sensitive, vip, surge, volume, offHours, department, coworker, family, neighbour
    case inactiveActor, dormantActor, deceased

    var id: String {
        switch self {
        case .selfAccess: "self_access"
        case .breakGlassUse: "btg_use"
        case .breakGlassUncorroborated: "btg_uncorroborated"
        case .breakGlassFrequency: "btg_frequency"
        case .denyThenPermit: "deny_then_permit"
        case .probing: "probing"
        case .unexplainedFirstAccess: "unexplained_first_access"
        case .purposeMismatch: "purpose_mismatch"
        case .drift: "purpose_drift"
        case .sensitive: "sensitive_without_relationship"
        case .vip: "vip_access"
        case .surge: "curiosity_surge"
        case .volume: "volume_outlier"
        case .offHours: "off_pattern_hours"
        case .department: "department_mismatch"
        case .coworker: "coworker"
        case .family: "family_member"
        case .neighbour: "neighbour"
        case .inactiveActor: "inactive_actor"
        case .dormantActor: "dormant_actor"
        case .deceased: "deceased_patient"
        }
    }
}

/// Every rule parameter resolved once (settings over defaults), in the units the engine uses:
/// seconds for windows, plain numbers for the rest.
struct RuleParameters {
    /// One bit per rule slot: checked on every record, so not a set.
    private let enabledRules: UInt64
    private let scores: [Double]

    let explainedWindow: Int64
    let breakGlassBefore: Int64
    let breakGlassAfter: Int64
    let breakGlassFrequencyWindow: Int64
    let breakGlassFrequencyMinimum: Double
    let breakGlassFrequencyPercentile: Double
    let denyThenPermitWindow: Int64
    let probingPatients: Int
    let probingWindow: Int64
    let firstAccessDailyCap: Double
    let firstAccessExcessScore: Double
    let firstAccessExcessMinimum: Double
    let firstAccessPeerPercentile: Double
    let firstAccessLookback: Int64
    let firstAccessDepartmentWindow: Int64
    let firstAccessSettle: Int64
    let driftPeerShare: Double
    let driftOwnShare: Double
    let driftDays: Int64
    let driftMinimumPermits: Double
    let surgeMinimumActors: Int
    let surgeMedianMultiple: Double
    let surgeUnexplainedShare: Double
    let volumeHighScore: Double
    let volumeMinimum: Double
    let volumePercentile: Double
    let volumeHighMultiple: Double
    let volumeResearch: Double
    let offHoursPatients: Int
    let offHoursBucketShare: Double
    let offHoursDecay: Double
    let offHoursMinimumHistory: Double
    let departmentShare: Double
    let departmentDecay: Double
    let departmentMinimumPermits: Double
    let familyRareScore: Double
    let familyCommonScore: Double
    let neighbourStreetScore: Double
    let neighbourPostalScore: Double
    let dormantWindow: Int64
    let breakGlassDailyCap: Double
    let coworkerExplainedFactor: Double
    let coworkerGroupFactor: Double
    let deceasedWindow: Int64
    let peerWindowDays = 30
    /// Peers' purpose counts fade with a 30-day mean age.
    let purposeDecay = exp(-1.0 / 30)

    init(_ settings: MonitoringSettings) {
        func value(_ slot: RuleSlot, _ name: String) -> Double { settings.value(slot.id, name) }
        func seconds(_ slot: RuleSlot, _ name: String, _ unit: Double) -> Int64 { Int64(value(slot, name) * unit) }
        enabledRules = RuleSlot.allCases.filter { settings.isEnabled($0.id) }.reduce(0) { $0 | 1 << UInt64($1.rawValue) }
        scores = RuleSlot.allCases.map { settings.value($0.id, "score") }
        explainedWindow = Int64(settings.explainedDays * 86_400)
        breakGlassBefore = seconds(.breakGlassUncorroborated, "before_hours", 3600)
        breakGlassAfter = seconds(.breakGlassUncorroborated, "after_hours", 3600)
        breakGlassFrequencyWindow = seconds(.breakGlassFrequency, "days", 86_400)
        breakGlassFrequencyMinimum = value(.breakGlassFrequency, "minimum")
        breakGlassFrequencyPercentile = value(.breakGlassFrequency, "peer_percentile")
        denyThenPermitWindow = seconds(.denyThenPermit, "window_hours", 3600)
        probingPatients = Int(value(.probing, "patients"))
        probingWindow = seconds(.probing, "window_minutes", 60)
        firstAccessDailyCap = value(.unexplainedFirstAccess, "daily_cap")
        firstAccessExcessScore = value(.unexplainedFirstAccess, "excess_score")
        firstAccessExcessMinimum = value(.unexplainedFirstAccess, "excess_minimum")
        firstAccessPeerPercentile = value(.unexplainedFirstAccess, "peer_percentile")
        firstAccessLookback = seconds(.unexplainedFirstAccess, "lookback_days", 86_400)
        firstAccessDepartmentWindow = seconds(.unexplainedFirstAccess, "department_days", 86_400)
        firstAccessSettle = seconds(.unexplainedFirstAccess, "settle_hours", 3600)
        driftPeerShare = value(.drift, "peer_share")
        driftOwnShare = value(.drift, "own_share")
        driftDays = Int64(value(.drift, "days"))
        driftMinimumPermits = value(.drift, "minimum_permits")
        surgeMinimumActors = Int(value(.surge, "minimum_actors"))
        surgeMedianMultiple = value(.surge, "median_multiple")
        surgeUnexplainedShare = value(.surge, "unexplained_share")
        volumeHighScore = value(.volume, "high_score")
        volumeMinimum = value(.volume, "minimum_patients")
        volumePercentile = value(.volume, "peer_percentile")
        volumeHighMultiple = value(.volume, "high_multiple")
        volumeResearch = value(.volume, "research_daily")
        offHoursPatients = Int(value(.offHours, "patients"))
        offHoursBucketShare = value(.offHours, "bucket_share")
        offHoursDecay = exp(-1.0 / value(.offHours, "history_days"))
        offHoursMinimumHistory = value(.offHours, "minimum_history")
        departmentShare = value(.department, "share")
        departmentDecay = exp(-1.0 / value(.department, "days"))
        departmentMinimumPermits = value(.department, "minimum_permits")
        familyRareScore = value(.family, "surname_rare_score")
        familyCommonScore = value(.family, "surname_common_score")
        neighbourStreetScore = value(.neighbour, "street_score")
        neighbourPostalScore = value(.neighbour, "postal_score")
        dormantWindow = seconds(.dormantActor, "days", 86_400)
        breakGlassDailyCap = value(.breakGlassUse, "daily_cap")
        coworkerExplainedFactor = value(.coworker, "explained_factor")
        coworkerGroupFactor = value(.coworker, "group_factor")
        deceasedWindow = seconds(.deceased, "days", 86_400)
    }

    func enabled(_ slot: RuleSlot) -> Bool { enabledRules & (1 << UInt64(slot.rawValue)) != 0 }
    func score(_ slot: RuleSlot) -> Double { scores[Int(slot.rawValue)] }
}
