/// "Never", for times: far enough from Int64.min that subtracting a window cannot overflow.
let never: Int64 = -(1 << 60)

/// Per-actor state of a monitor run: today's counters, the hour-of-week history, recent denials and
/// break-the-glass, the purposes of the last days.
struct ActorState {
    var name: String
    var departments: [Int32]
    /// Peer groups: primary role and department, and primary role alone (the fallback for small departments).
    var departmentGroup: Int32
    var roleGroup: Int32
    var roleClass: RoleClass?
    var isResearch: Bool
    /// The actor's facts, looked up once.
    var member: FactIndex.Member? = nil

    var lastPermit: Int64 = never
    var day: Int64 = .min
    var dayPatients: Set<Int32> = []
    var dayUnexplainedCandidates: UInt32 = 0
    var dayOffHourPatients: Set<Int32> = []
    var dayVolumeLevel = 0
    var dayBuckets: [UInt16: UInt32] = [:]
    var dayPurposes: [Int32: UInt32] = [:]

    /// Permits per hour of the week, fading; today's are added when the day closes.
    var hourHistory: [Float] = []
    var hourHistoryTotal: Double = 0
    var hourHistoryDay: Int64 = 0

    var breakGlassTimes: [Int64] = []
    var lastBreakGlassFrequencyDay: Int64 = never
    var recentDenials: [(time: Int64, patient: Int32)] = []
    var lastProbingObservation: Int64 = never
    /// (day, purpose, permits) of the last days, for purpose drift.
    var purposeDays: [(day: Int64, purpose: Int32, count: UInt32)] = []
    var lastDriftObservation: Int64 = never

    /// Unexplained-first-access score already given on `unexplainedScoreDay` (capped per day).
    var unexplainedScoreDay: Int64 = never
    var unexplainedScore: Double = 0
    /// Break-the-glass score already given today (capped per day).
    var breakGlassScoreDay: Int64 = never
    var breakGlassScore: Double = 0
    var confirmedViolations: [Int64] = []
}

/// Per-patient state: departments of care and today's distinct actors (curiosity surges).
struct PatientState {
    var name: String
    /// The patient's facts, and the workforce member who is this patient, looked up once.
    var facts: FactIndex.PatientFacts? = nil
    var employee: FactIndex.Member? = nil
    /// Departments with a relationship permit (or named by the source) and when last.
    var careDepartments: [(department: Int32, last: Int64)] = []
    var day: Int64 = .min
    var dayActors: [Int32] = []
    /// Today's unexplained actors with their first access, the evidence of a surge case.
    var dayUnexplainedActors: [(actor: Int32, evidence: Evidence)] = []
    var surgeCase: Int? = nil
    /// Distinct actors per day over the last 30 days (index: day mod 30) and the last day written.
    var dailyActors: [UInt16] = []
    var dailyActorsDay: Int64 = .min
}

/// Per (actor, patient) pair.
struct PairState {
    var lastPermit: Int64 = never
    var lastRelationship: Int64 = never
    var lastDenial: Int64 = never
}

/// A check that waits for later records: break-the-glass corroboration, and the department
/// relationship that may still explain a first access.
struct PendingCheck {
    enum Kind { case breakGlass, firstAccess, sensitive }
    var kind: Kind
    var deadline: Int64
    var actor: Int32
    var patient: Int32
    var evidence: Evidence
    /// First access: beyond the actor's daily threshold when it happened.
    var excess: Bool
}

/// A FIFO of pending checks: every check of one kind waits the same time and records arrive in
/// time order, so deadlines arrive in order too.
struct PendingQueue {
    private var items: [PendingCheck] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func append(_ check: PendingCheck) { items.append(check) }

    mutating func popDue(before time: Int64) -> PendingCheck? {
        guard head < items.count, items[head].deadline <= time else { return nil }
        defer {
            head += 1
            if head > 4096, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
        }
        return items[head]
    }

    var nextDeadline: Int64? { head < items.count ? items[head].deadline : nil }

    mutating func popAny() -> PendingCheck? {
        guard head < items.count else { return nil }
        defer { head += 1 }
        return items[head]
    }
}

/// De-duplicates "once per actor and patient a day" observations.
struct DailyKey: Hashable {
    var rule: UInt8
    var actor: Int32
    var patient: Int32
}

/// Why a permit needs no further explanation.
enum Explanation {
    /// A relationship grant allowed it, or one did for the same pair within the explained window, or the facts hold a care relationship.
    case direct
    /// The actor's department has a care relationship with the patient (the group link): weaker, so relationship flags are only halved.
    case department
    /// An administrative or self-service grant: workflow, not care (registration, coding, billing).
    case workflow
    case none
}
