import Foundation

/// The privacy monitor: reads access records in time order, keeps the running statistics the rules
/// need (pairs, peers, patients, departments), emits scored observations and groups them into
/// cases. One instance is one single-threaded run; feed it with `process` and close with `finish`.
///
/// docs/monitoring.md explains every rule; `MonitorRule.all` is the catalogue with parameters.
public final class PrivacyMonitor {
    public let settings: MonitoringSettings
    let parameters: RuleParameters
    let facts: FactIndex

    let identities = IdentityTable()
    var actors: [ActorState] = []
    var patients: [PatientState] = []
    var names: [String: Int32] = [:]
    var pairs: [UInt64: PairState] = [:]
    var groups: [PeerStatistics] = []
    var thresholds: [PeerThresholds] = []
    var groupIndex: [String: Int32] = [:]
    var departmentPairs: [UInt64: FadingCount] = [:]
    var departmentTotals: [Int32: FadingCount] = [:]

    var day: Int64 = .min
    var lastTime: Int64 = .min
    var activeToday: [Int32] = []
    var dailyKeys: Set<DailyKey> = []
    var breakGlassChecks = PendingQueue()
    var firstAccessChecks = PendingQueue()
    var sensitiveChecks = PendingQueue()

    let cases: CaseBook
    public private(set) var statistics = MonitorStatistics()

    public init(settings: MonitoringSettings = MonitoringSettings(), facts: MonitoringFacts = MonitoringFacts()) {
        self.settings = settings
        self.parameters = RuleParameters(settings)
        self.facts = FactIndex(facts)
        self.cases = CaseBook(settings: settings)
        statistics.factsLoaded = !facts.isEmpty
    }

    // MARK: Feeding

    /// Scores one record. Records should arrive in time order; one slightly late (a source that
    /// flushes out of order) is scored at the time it carries.
    public func process(_ record: AccessRecord) {
        if record.actorKey < 0 || record.patientKey < 0 {
            // Records fed one by one get their ids here; a file scored by `score(path:)` has them already.
            var identified = record
            identities.assign(&identified)
            return process(identified)
        }
        let time = record.time
        if time > lastTime { lastTime = time }
        // Checks that fell due before this record are decided at their own time, day by day.
        resolvePending(before: lastTime)
        let recordDay = floorDiv(lastTime, 86_400)
        if recordDay > day { advanceDay(to: recordDay) }

        statistics.records += 1
        if statistics.firstTime == nil { statistics.firstTime = time }
        statistics.lastTime = max(statistics.lastTime ?? time, time)

        let actor = actorID(record)
        let patient = patientID(record)
        let kind = record.grantKind ?? record.grantID.flatMap { facts.grantKinds[$0] } ?? (record.breakGlass ? .btg : nil)
        if !record.patientDepartments.isEmpty {
            for name in record.patientDepartments { touchCareDepartment(patient, nameID(name), time) }
        }
        if record.permitted {
            statistics.permits += 1
            if kind == nil { statistics.permitsWithoutGrantKind += 1 }
            permit(record, actor: actor, patient: patient, kind: kind)
        } else {
            statistics.denials += 1
            denial(record, actor: actor, patient: patient, kind: kind)
        }
    }

    /// Scores a whole access log file (`-`: standard input), parsing on a second thread, then
    /// calls `finish`.
    public func score(path: String) throws {
        let identities = self.identities
        try AccessLogReader.readInParallel(path: path, prepare: { identities.assign(&$0) }, { process($0) })
        finish()
    }

    /// Ends the input: checks still waiting for later records (break-the-glass corroboration, a
    /// department's care relationship) are decided with what the input held: a file is the whole
    /// history.
    public func finish() {
        while let check = breakGlassChecks.popAny() { decide(check) }
        while let check = firstAccessChecks.popAny() { decide(check) }
        while let check = sensitiveChecks.popAny() { decide(check) }
    }

    /// Cases opened so far, newest last.
    public var openedCases: [MonitorCase] { cases.cases }

    // MARK: Identity

    func nameID(_ name: String) -> Int32 {
        if let id = names[name] { return id }
        let id = Int32(names.count)
        names[name] = id
        return id
    }

    func groupID(_ key: String) -> Int32 {
        if let id = groupIndex[key] { return id }
        let id = Int32(groups.count)
        groupIndex[key] = id
        groups.append(PeerStatistics())
        thresholds.append(PeerThresholds())
        return id
    }

    /// The actor's dense id, creating their state on first sight (ids arrive in order: a new one is always the next).
    func actorID(_ record: AccessRecord) -> Int32 {
        let id = record.actorKey
        if Int(id) < actors.count { return id }
        let role = record.actorRoles.first ?? "-"
        let department = record.actorDepartments.first ?? "-"
        let classes = record.actorRoles.compactMap { settings.roleClass(of: $0) }
        var state = ActorState(
            name: record.actor, departments: record.actorDepartments.map(nameID), departmentGroup: groupID("\(role)\u{1F}\(department)"),
            roleGroup: groupID(role), roleClass: classes.contains(.clinical) ? .clinical : classes.first,
            isResearch: classes.contains(.research))
        state.confirmedViolations = facts.confirmedViolations[record.actor] ?? []
        state.member = facts.workforce[record.actor]
        if facts.isLoaded, state.member == nil { statistics.actorsWithoutFacts += 1 }
        actors.append(state)
        statistics.actors += 1
        if state.roleClass == nil { statistics.actorsWithoutRoleClass += 1 }
        return id
    }

    func patientID(_ record: AccessRecord) -> Int32 {
        let id = record.patientKey
        if Int(id) < patients.count { return id }
        let name = record.patient
        patients.append(PatientState(name: name, facts: facts.patients[name], employee: facts.employeeByPatient[name]))
        return id
    }

    func pairKey(_ actor: Int32, _ patient: Int32) -> UInt64 { UInt64(UInt32(bitPattern: actor)) << 32 | UInt64(UInt32(bitPattern: patient)) }

    func touchCareDepartment(_ patient: Int32, _ department: Int32, _ time: Int64) {
        if let index = patients[Int(patient)].careDepartments.firstIndex(where: { $0.department == department }) {
            if patients[Int(patient)].careDepartments[index].last < time { patients[Int(patient)].careDepartments[index].last = time }
        } else {
            patients[Int(patient)].careDepartments.append((department, time))
        }
    }

    /// Once per (rule, actor, patient) a day.
    func firstToday(_ rule: RuleSlot, _ actor: Int32, _ patient: Int32) -> Bool {
        dailyKeys.insert(DailyKey(rule: rule.rawValue, actor: actor, patient: patient)).inserted
    }

    // MARK: Denials (R3)

    func denial(_ record: AccessRecord, actor: Int32, patient: Int32, kind: GrantKind?) {
        let time = record.time
        pairs[pairKey(actor, patient), default: PairState()].lastDenial = time
        guard parameters.enabled(.probing) else { return }
        let window = parameters.probingWindow
        actors[Int(actor)].recentDenials.removeAll { $0.time < time - window }
        actors[Int(actor)].recentDenials.append((time, patient))
        let state = actors[Int(actor)]
        guard time - state.lastProbingObservation >= window else { return }
        let distinct = Set(state.recentDenials.map(\.patient))
        if distinct.count >= parameters.probingPatients {
            actors[Int(actor)].lastProbingObservation = time
            observe(
                .probing, actor: actor, patient: nil, time: time, score: parameters.score(.probing),
                detail: "denied on \(distinct.count) patients within \(window / 60) minutes", evidence: [Evidence(record, grantKind: kind)])
        }
    }

    // MARK: Permits

    func permit(_ record: AccessRecord, actor: Int32, patient: Int32, kind: GrantKind?) {
        let time = record.time
        let key = pairKey(actor, patient)
        let pair = pairs[key] ?? PairState()
        // Scalars only: holding a copy of the actor's state while mutating its sets in place would
        // copy every set on every record.
        let departments = actors[Int(actor)].departments
        let roleClass = actors[Int(actor)].roleClass
        let lastPermit = actors[Int(actor)].lastPermit
        let explanation: Explanation
        if kind == .relationship || pair.lastRelationship >= time - parameters.explainedWindow
            || facts.hasCareRelationship(record.actor, record.patient, at: time)
        {
            explanation = .direct
        } else if departmentRelationship(departments, patient: patient, since: time - parameters.firstAccessDepartmentWindow) {
            explanation = .department
        } else if kind == .admin || kind == .selfService {
            explanation = .workflow
        } else {
            explanation = .none
        }
        if explanation == .direct { statistics.explainedPermits += 1 }
        // A local function, not a closure value: it borrows the record instead of boxing a copy.
        func evidence() -> Evidence { Evidence(record, grantKind: kind) }

        if actors[Int(actor)].day != day { openActorDay(actor) }
        let isNewPatientToday = actors[Int(actor)].dayPatients.insert(patient).inserted

        // R12a dormant: before lastPermit moves.
        if parameters.enabled(.dormantActor), lastPermit != never, time - lastPermit >= parameters.dormantWindow {
            observe(
                .dormantActor, actor: actor, patient: patient, time: time, score: parameters.score(.dormantActor),
                detail: "first access after \((time - lastPermit) / 86_400) days without one", evidence: [evidence()])
        }

        // R1, R7a, R11, R12 with facts.
        if facts.isLoaded {
            factRules(record, actor: actor, patient: patient, kind: kind, explanation: explanation, roleClass: roleClass, evidence: evidence)
        }

        // R2 break-the-glass.
        if record.breakGlass || kind == .btg {
            breakGlass(record, actor: actor, patient: patient, pair: pair, evidence: evidence())
        }

        // R3a denial then permit through break-the-glass or a broad or admin grant.
        if parameters.enabled(.denyThenPermit), pair.lastDenial >= time - parameters.denyThenPermitWindow, kind != .relationship,
            kind != .selfService, firstToday(.denyThenPermit, actor, patient)
        {
            observe(
                .denyThenPermit, actor: actor, patient: patient, time: time, score: parameters.score(.denyThenPermit),
                detail: "denied \((time - pair.lastDenial) / 60) minutes earlier, then allowed through \(kind.map(\.rawValue) ?? "an unnamed") grant",
                evidence: [evidence()])
        }

        // R4 unexplained first access (settles later).
        if kind == nil || kind == .broad, explanation == .none, pair.lastPermit < time - parameters.firstAccessLookback {
            actors[Int(actor)].dayUnexplainedCandidates += 1
            if parameters.enabled(.unexplainedFirstAccess) {
                let ordinal = Double(actors[Int(actor)].dayUnexplainedCandidates)
                let threshold = max(
                    parameters.firstAccessExcessMinimum, peerThreshold(actor, \.dailyUnexplained) ?? 0)
                firstAccessChecks.append(
                    PendingCheck(
                        kind: .firstAccess, deadline: time + parameters.firstAccessSettle, actor: actor, patient: patient, evidence: evidence(),
                        excess: ordinal > threshold))
            }
        }

        // R5 purpose.
        if parameters.enabled(.purposeMismatch), let reason = purposeMismatch(record, roleClass: roleClass),
            firstToday(.purposeMismatch, actor, patient)
        {
            observe(
                .purposeMismatch, actor: actor, patient: patient, time: time, score: parameters.score(.purposeMismatch), detail: reason,
                evidence: [evidence()])
        }
        if let purpose = record.purpose {
            actors[Int(actor)].dayPurposes[nameID(purpose), default: 0] += 1
        }

        // R6 sensitive labels without a relationship of the actor or their department (settles like R4).
        if parameters.enabled(.sensitive), explanation == .none, record.labels.contains(where: settings.sensitiveLabels.contains),
            firstToday(.sensitive, actor, patient)
        {
            sensitiveChecks.append(
                PendingCheck(
                    kind: .sensitive, deadline: time + parameters.firstAccessSettle, actor: actor, patient: patient, evidence: evidence(),
                    excess: false))
        }

        // R7b curiosity surge. Administrative work (registration, coding, billing) follows every
        // patient and is no curiosity.
        surge(
            record, actor: actor, patient: patient, unexplained: explanation == .none && kind != .admin && kind != .selfService, evidence: evidence)

        // R8 volume.
        if isNewPatientToday, parameters.enabled(.volume) { volume(actor: actor, time: time, evidence: evidence) }

        // R9 off-pattern hours.
        offPatternHours(actor: actor, patient: patient, time: time, evidence: evidence)

        // R10 department mismatch, then the statistics it reads.
        departmentPairing(actor: actor, departments: departments, patient: patient, time: time, unexplained: explanation == .none, evidence: evidence)

        // Bookkeeping.
        var updated = pair
        updated.lastPermit = time
        if kind == .relationship {
            updated.lastRelationship = time
            for department in departments { touchCareDepartment(patient, department, time) }
        }
        pairs[key] = updated
        actors[Int(actor)].lastPermit = max(lastPermit, time)
    }

    func departmentRelationship(_ departments: [Int32], patient: Int32, since: Int64) -> Bool {
        guard !departments.isEmpty else { return false }
        return patients[Int(patient)].careDepartments.contains { departments.contains($0.department) && $0.last >= since }
    }

    /// The peer threshold for the actor: department peers if there were enough samples, else role peers.
    func peerThreshold(_ actor: Int32, _ metric: KeyPath<PeerThresholds, Double?>) -> Double? {
        thresholds[Int(actors[Int(actor)].departmentGroup)][keyPath: metric] ?? thresholds[Int(actors[Int(actor)].roleGroup)][keyPath: metric]
    }

    // MARK: R2

    func breakGlass(_ record: AccessRecord, actor: Int32, patient: Int32, pair: PairState, evidence: Evidence) {
        let time = record.time
        statistics.breakGlass += 1
        if parameters.enabled(.breakGlassUse) {
            if actors[Int(actor)].breakGlassScoreDay != day {
                actors[Int(actor)].breakGlassScoreDay = day
                actors[Int(actor)].breakGlassScore = 0
            }
            let score = max(0, min(parameters.score(.breakGlassUse), parameters.breakGlassDailyCap - actors[Int(actor)].breakGlassScore))
            actors[Int(actor)].breakGlassScore += score
            observe(.breakGlassUse, actor: actor, patient: patient, time: time, score: score, detail: "break-the-glass", evidence: [evidence])
        }
        if parameters.enabled(.breakGlassUncorroborated), pair.lastRelationship < time - parameters.breakGlassBefore,
            !facts.hasCareRelationship(record.actor, record.patient, at: time)
        {
            breakGlassChecks.append(
                PendingCheck(
                    kind: .breakGlass, deadline: time + parameters.breakGlassAfter, actor: actor, patient: patient, evidence: evidence, excess: false)
            )
        }
        let window = parameters.breakGlassFrequencyWindow
        actors[Int(actor)].breakGlassTimes.removeAll { $0 < time - window }
        actors[Int(actor)].breakGlassTimes.append(time)
        guard parameters.enabled(.breakGlassFrequency), actors[Int(actor)].lastBreakGlassFrequencyDay != day else { return }
        let count = Double(actors[Int(actor)].breakGlassTimes.count)
        let threshold = max(
            parameters.breakGlassFrequencyMinimum, peerThreshold(actor, \.breakGlass) ?? 0)
        if count > threshold {
            actors[Int(actor)].lastBreakGlassFrequencyDay = day
            observe(
                .breakGlassFrequency, actor: actor, patient: patient, time: time, score: parameters.score(.breakGlassFrequency),
                detail: "\(Int(count)) break-the-glass accesses in \(window / 86_400) days (threshold \(Int(threshold)))", evidence: [evidence])
        }
    }

    // MARK: Pending checks

    func resolvePending(before time: Int64) {
        while true {
            let deadlines = [breakGlassChecks.nextDeadline, firstAccessChecks.nextDeadline, sensitiveChecks.nextDeadline]
            guard let next = deadlines.compactMap({ $0 }).min(), next <= time else { return }
            let dueDay = floorDiv(next, 86_400)
            if dueDay > day { advanceDay(to: dueDay) }
            if breakGlassChecks.nextDeadline == next, let check = breakGlassChecks.popDue(before: next) {
                decide(check)
            } else if firstAccessChecks.nextDeadline == next, let check = firstAccessChecks.popDue(before: next) {
                decide(check)
            } else if let check = sensitiveChecks.popDue(before: next) {
                decide(check)
            }
        }
    }

    func decide(_ check: PendingCheck) {
        let pair = pairs[pairKey(check.actor, check.patient)] ?? PairState()
        let time = check.evidence.time
        switch check.kind {
        case .breakGlass:
            guard pair.lastRelationship < time - parameters.breakGlassBefore else { return }
            observe(
                .breakGlassUncorroborated, actor: check.actor, patient: check.patient, time: time, score: parameters.score(.breakGlassUncorroborated),
                detail:
                    "no relationship access to the patient from \(parameters.breakGlassBefore / 3600) h before to \(parameters.breakGlassAfter / 3600) h after",
                evidence: [check.evidence])
        case .sensitive:
            if pair.lastRelationship >= time - parameters.explainedWindow { return }
            if departmentRelationship(
                actors[Int(check.actor)].departments, patient: check.patient, since: time - parameters.firstAccessDepartmentWindow)
            {
                return
            }
            let labels = check.evidence.labels.filter(settings.sensitiveLabels.contains).joined(separator: ", ")
            observe(
                .sensitive, actor: check.actor, patient: check.patient, time: time, score: parameters.score(.sensitive),
                detail:
                    "\(labels) reached through a \(check.evidence.grantKind?.rawValue ?? "unnamed") grant without a care relationship of the actor or their department",
                evidence: [check.evidence])
        case .firstAccess:
            if pair.lastRelationship >= time - parameters.explainedWindow { return }
            if departmentRelationship(
                actors[Int(check.actor)].departments, patient: check.patient, since: time - parameters.firstAccessDepartmentWindow)
            {
                return
            }
            let accessDay = floorDiv(time, 86_400)
            if actors[Int(check.actor)].unexplainedScoreDay != accessDay {
                actors[Int(check.actor)].unexplainedScoreDay = accessDay
                actors[Int(check.actor)].unexplainedScore = 0
            }
            var score = 0.0
            let base = parameters.score(.unexplainedFirstAccess)
            let room = parameters.firstAccessDailyCap - actors[Int(check.actor)].unexplainedScore
            if room > 0 {
                score += min(base, room)
                actors[Int(check.actor)].unexplainedScore += min(base, room)
            }
            if check.excess { score += parameters.firstAccessExcessScore }
            observe(
                .unexplainedFirstAccess, actor: check.actor, patient: check.patient, time: time, score: score,
                detail: check.excess
                    ? "first access through a broad grant, unexplained, beyond the day's usual count for peers"
                    : "first access through a broad grant with no care relationship of the actor or their department",
                evidence: [check.evidence])
        }
    }

    // MARK: R5

    static let treatmentPurposes: Set<String> = ["TREAT", "ETREAT", "ERTREAT", "COC", "CAREMGT"]
    static let nonTreatmentPurposes: Set<String> = ["HPAYMT", "HOPERAT", "HMARKT", "HLEGAL", "HRESCH", "CLINTRCH", "TRAIN", "PUBHLTH"]

    func purposeMismatch(_ record: AccessRecord, roleClass: RoleClass?) -> String? {
        let psychotherapy = record.labels.contains("PSYTHPN") || record.categories.contains("psychotherapy-note")
        if let purpose = record.purpose, Self.nonTreatmentPurposes.contains(purpose), psychotherapy {
            return "\(purpose) purpose reading psychotherapy notes (they need the patient's specific authorization)"
        }
        if record.purpose == "HMARKT", record.labels.contains(where: settings.sensitiveLabels.contains) {
            return "marketing purpose reading sensitive records"
        }
        guard let roleClass, roleClass != .clinical else { return nil }
        if record.breakGlass { return "break-the-glass from a \(roleClass.rawValue) role, which has no emergency care to give" }
        if let purpose = record.purpose, Self.treatmentPurposes.contains(purpose) {
            return "\(purpose) purpose from a \(roleClass.rawValue) role"
        }
        return nil
    }

    // MARK: R7b

    func surge(_ record: AccessRecord, actor: Int32, patient: Int32, unexplained: Bool, evidence: () -> Evidence) {
        guard parameters.enabled(.surge) else { return }
        let index = Int(patient)
        if patients[index].day != day {
            closePatientDay(index)
            patients[index].day = day
        }
        guard !patients[index].dayActors.contains(actor) else { return }
        patients[index].dayActors.append(actor)
        if unexplained { patients[index].dayUnexplainedActors.append((actor, evidence())) }
        let actorCount = patients[index].dayActors.count
        guard actorCount >= parameters.surgeMinimumActors else { return }
        if let caseIndex = patients[index].surgeCase {
            if unexplained {
                let observation = surgeObservation(record, actor: actor, evidence: evidence())
                cases.addToPatientCase(caseIndex, observation)
                observe(observation, actorID: actor)
            }
            return
        }
        let median = medianDailyActors(index)
        let needed = max(Double(parameters.surgeMinimumActors), parameters.surgeMedianMultiple * median)
        guard Double(actorCount) >= needed else { return }
        // Judge again who is unexplained: a care relationship of the person or their department may
        // have begun since their access (a clerk who opened the chart before the clinicians did).
        // (Filtered on a copy: the check reads the same patient's departments of care.)
        let stillUnexplained = patients[index].dayUnexplainedActors.filter { entry in
            let pair = pairs[pairKey(entry.actor, patient)] ?? PairState()
            return pair.lastRelationship < entry.evidence.time - parameters.explainedWindow
                && !departmentRelationship(
                    actors[Int(entry.actor)].departments, patient: patient, since: entry.evidence.time - parameters.firstAccessDepartmentWindow)
        }
        patients[index].dayUnexplainedActors = stillUnexplained
        let unexplainedCount = patients[index].dayUnexplainedActors.count
        guard Double(actorCount) >= needed, Double(unexplainedCount) / Double(actorCount) >= parameters.surgeUnexplainedShare else { return }
        let detail = "\(actorCount) people opened the record in a day (usual \(Int(median))), \(unexplainedCount) without a care relationship"
        let caseIndex = cases.openPatientCase(patient: record.patient, time: record.time, detail: detail)
        patients[index].surgeCase = caseIndex
        statistics.patientCases += 1
        // Every unexplained person of the day so far joins the case, and gets the observation on their own record.
        for (earlier, earlierEvidence) in patients[index].dayUnexplainedActors {
            let observation = Observation(
                rule: RuleSlot.surge.id, time: earlierEvidence.time, actor: actors[Int(earlier)].name, patient: record.patient,
                score: parameters.score(.surge), detail: "one of many people without a care relationship on this patient today",
                evidence: [earlierEvidence])
            cases.addToPatientCase(caseIndex, observation)
            observe(observation, actorID: earlier)
        }
    }

    func surgeObservation(_ record: AccessRecord, actor: Int32, evidence: Evidence) -> Observation {
        Observation(
            rule: RuleSlot.surge.id, time: record.time, actor: record.actor, patient: record.patient, score: parameters.score(.surge),
            detail: "one of many people without a care relationship on this patient today", evidence: [evidence])
    }

    func closePatientDay(_ index: Int) {
        let closing = patients[index].day
        if closing != .min {
            if patients[index].dailyActors.isEmpty { patients[index].dailyActors = Array(repeating: 0, count: 30) }
            let last = patients[index].dailyActorsDay
            if last != .min, closing - last > 1 {
                var gap = last + 1
                while gap < closing, gap <= last + 30 {
                    patients[index].dailyActors[Int(floorMod(gap, 30))] = 0
                    gap += 1
                }
            }
            patients[index].dailyActors[Int(floorMod(closing, 30))] = UInt16(min(patients[index].dayActors.count, Int(UInt16.max)))
            patients[index].dailyActorsDay = closing
        }
        patients[index].dayActors.removeAll(keepingCapacity: true)
        patients[index].dayUnexplainedActors.removeAll(keepingCapacity: true)
        patients[index].surgeCase = nil
    }

    /// The median of distinct actors a day over the last 30 days, counting days without access as zero.
    func medianDailyActors(_ index: Int) -> Double {
        let state = patients[index]
        guard !state.dailyActors.isEmpty, state.dailyActorsDay != .min else { return 0 }
        var values: [UInt16] = []
        values.reserveCapacity(30)
        for offset in 1...30 {
            let past = day - Int64(offset)
            values.append(past >= state.dailyActorsDay - 29 && past <= state.dailyActorsDay ? state.dailyActors[Int(floorMod(past, 30))] : 0)
        }
        values.sort()
        return Double(values[15])
    }

    // MARK: R8

    func volume(actor: Int32, time: Int64, evidence: () -> Evidence) {
        let state = actors[Int(actor)]
        let count = Double(state.dayPatients.count)
        let threshold: Double
        if state.isResearch {
            threshold = parameters.volumeResearch
        } else {
            threshold = max(parameters.volumeMinimum, peerThreshold(actor, \.dailyPatients) ?? 0)
        }
        let level = count > threshold * parameters.volumeHighMultiple ? 2 : count > threshold ? 1 : 0
        guard level > state.dayVolumeLevel else { return }
        let score = level == 2 ? parameters.volumeHighScore - (state.dayVolumeLevel == 1 ? parameters.score(.volume) : 0) : parameters.score(.volume)
        actors[Int(actor)].dayVolumeLevel = level
        observe(
            .volume, actor: actor, patient: nil, time: time, score: score,
            detail:
                "\(Int(count)) distinct patients today, above \(level == 2 ? "\(parameters.volumeHighMultiple.clean) × " : "")the threshold of \(Int(threshold))",
            evidence: [evidence()])
    }

    // MARK: R9

    static func hourOfWeek(_ time: Int64) -> UInt16 {
        let days = floorDiv(time, 86_400)
        // 1970-01-01 was a Thursday; bucket 0 is Monday 00:00 UTC.
        return UInt16(floorMod(days + 3, 7) * 24 + floorMod(time, 86_400) / 3600)
    }

    func offPatternHours(actor: Int32, patient: Int32, time: Int64, evidence: () -> Evidence) {
        let bucket = Self.hourOfWeek(time)
        actors[Int(actor)].dayBuckets[bucket, default: 0] += 1
        guard parameters.enabled(.offHours) else { return }
        let total = actors[Int(actor)].hourHistoryTotal
        guard total >= parameters.offHoursMinimumHistory, !actors[Int(actor)].hourHistory.isEmpty else { return }
        // The hour and its neighbours: staying an hour late is not an odd hour.
        let history = actors[Int(actor)].hourHistory
        let around = history[Int((bucket + 167) % 168)] + history[Int(bucket)] + history[Int((bucket + 1) % 168)]
        guard Double(around) / total < parameters.offHoursBucketShare else { return }
        guard actors[Int(actor)].dayOffHourPatients.insert(patient).inserted,
            actors[Int(actor)].dayOffHourPatients.count == parameters.offHoursPatients
        else { return }
        observe(
            .offHours, actor: actor, patient: patient, time: time, score: parameters.score(.offHours),
            detail:
                "\(parameters.offHoursPatients) patients opened today at hours (±1 h) that held under \((parameters.offHoursBucketShare * 100).clean)% of the actor's history",
            evidence: [evidence()])
    }

    // MARK: R10

    func departmentPairing(actor: Int32, departments: [Int32], patient: Int32, time: Int64, unexplained: Bool, evidence: () -> Evidence) {
        guard !departments.isEmpty else { return }
        let decay = parameters.departmentDecay
        let since = time - parameters.explainedWindow
        // Read in place (no filtered copy per record): the patient's departments of care within the window.
        let care = patients[Int(patient)].careDepartments
        if parameters.enabled(.department), unexplained, care.contains(where: { $0.last >= since }) {
            var best = 0.0
            var known = false
            for department in departments {
                let total = departmentTotals[department]?.value(at: day, decay: decay) ?? 0
                guard total >= parameters.departmentMinimumPermits else { continue }
                known = true
                for entry in care where entry.last >= since {
                    let pairCount = departmentPairs[Self.departmentPairKey(department, entry.department)]?.value(at: day, decay: decay) ?? 0
                    best = max(best, pairCount / total)
                }
            }
            if known, best < parameters.departmentShare, firstToday(.department, actor, patient) {
                observe(
                    .department, actor: actor, patient: patient, time: time, score: parameters.score(.department),
                    detail: "the actor's department almost never reaches patients of the departments caring for this one", evidence: [evidence()])
            }
        }
        for department in departments {
            departmentTotals[department, default: FadingCount(day: day)].add(1, day: day, decay: decay)
            for entry in care where entry.last >= since {
                departmentPairs[Self.departmentPairKey(department, entry.department), default: FadingCount(day: day)].add(1, day: day, decay: decay)
            }
        }
    }

    static func departmentPairKey(_ from: Int32, _ to: Int32) -> UInt64 { UInt64(UInt32(bitPattern: from)) << 32 | UInt64(UInt32(bitPattern: to)) }

    // MARK: Facts (R1, R7a, R11, R12)

    func factRules(
        _ record: AccessRecord, actor: Int32, patient: Int32, kind: GrantKind?, explanation: Explanation, roleClass: RoleClass?,
        evidence: () -> Evidence
    ) {
        let time = record.time
        let member = actors[Int(actor)].member
        let patientFacts = patients[Int(patient)].facts
        // Relationship flags are never cleared by an explanation, only halved.
        let factor = explanation == .none ? 1.0 : 0.5
        let note: String
        switch explanation {
        case .direct: note = " (care relationship: score halved)"
        case .department: note = " (department's care relationship: score halved)"
        case .workflow: note = " (administrative grant: score halved)"
        case .none: note = ""
        }
        if let member {
            if parameters.enabled(.selfAccess), member.patientID == record.patient, kind != .selfService, firstToday(.selfAccess, actor, patient) {
                observe(
                    .selfAccess, actor: actor, patient: patient, time: time, score: parameters.score(.selfAccess), detail: "opened their own record",
                    evidence: [evidence()])
            }
            if parameters.enabled(.inactiveActor), let status = member.status(at: time), firstToday(.inactiveActor, actor, patient) {
                observe(
                    .inactiveActor, actor: actor, patient: patient, time: time, score: parameters.score(.inactiveActor),
                    detail: "access while \(status)", evidence: [evidence()])
            }
            if parameters.enabled(.coworker), let colleague = patients[Int(patient)].employee, colleague.id != member.id,
                colleague.isActive(at: time),
                sharesDepartment(colleague.departments, member.departments.isEmpty ? record.actorDepartments : member.departments),
                firstToday(.coworker, actor, patient)
            {
                let coworkerFactor: Double =
                    switch explanation {
                    case .direct: parameters.coworkerExplainedFactor
                    case .department, .workflow: parameters.coworkerGroupFactor
                    case .none: 1
                    }
                observe(
                    .coworker, actor: actor, patient: patient, time: time, score: (parameters.score(.coworker) * coworkerFactor).rounded(),
                    detail: "the patient works in the actor's department" + note, evidence: [evidence()])
            }
        }
        guard let patientFacts else { return }
        if parameters.enabled(.vip), patientFacts.vip || patientFacts.restricted, explanation != .direct, firstToday(.vip, actor, patient) {
            observe(
                .vip, actor: actor, patient: patient, time: time, score: parameters.score(.vip) * factor,
                detail: "\(patientFacts.vip ? "VIP" : "restricted") patient opened without a care relationship of the actor" + note,
                evidence: [evidence()])
        }
        if parameters.enabled(.deceased), let death = patientFacts.dateOfDeath, time - death > parameters.deceasedWindow,
            !["HOPERAT", "HPAYMT", "HRESCH", "CLINTRCH", "HLEGAL"].contains(record.purpose ?? ""), roleClass != .records,
            firstToday(.deceased, actor, patient)
        {
            observe(
                .deceased, actor: actor, patient: patient, time: time, score: parameters.score(.deceased),
                detail: "record of a patient who died \((time - death) / 86_400) days earlier, for \(record.purpose ?? "no stated purpose")",
                evidence: [evidence()])
        }
        guard let member else { return }
        if parameters.enabled(.family), let (score, why, weak) = familyScore(member, patientFacts, actorID: record.actor),
            firstToday(.family, actor, weak ? -1 : patient)
        {
            observe(
                .family, actor: actor, patient: patient, time: time, score: (score * factor).rounded(), detail: why + note, evidence: [evidence()])
        }
        if parameters.enabled(.neighbour), let (score, why, weak) = neighbourScore(member, patientFacts),
            firstToday(.neighbour, actor, weak ? -1 : patient)
        {
            observe(
                .neighbour, actor: actor, patient: patient, time: time, score: (score * factor).rounded(), detail: why + note, evidence: [evidence()])
        }
    }

    func sharesDepartment(_ first: [String], _ second: [String]) -> Bool { first.contains { second.contains($0) } }

    /// The family score, its reason, and whether it is a weak signal (same surname alone: scored once per actor a day).
    func familyScore(_ member: FactIndex.Member, _ patient: FactIndex.PatientFacts, actorID: String) -> (Double, String, Bool)? {
        if patient.contacts.contains(actorID) || patient.guarantor == actorID {
            return (parameters.score(.family), "the actor is the patient's contact or guarantor", false)
        }
        guard let surname = member.surname, surname == patient.surname else { return nil }
        if let address = member.address, address == patient.address {
            return (parameters.score(.family), "same surname and address", false)
        }
        let share = Double(facts.surnameCounts[surname] ?? 1) / Double(max(facts.patients.count, 1))
        // One in 10,000 or rarer scores the rare score, one in 100 or commoner the common one, log-linear between.
        let position = min(1, max(0, (log10(max(share, 1e-9)) + 4) / 2))
        let score = parameters.familyRareScore + (parameters.familyCommonScore - parameters.familyRareScore) * position
        return (score.rounded(), "same surname (held by \(facts.surnameCounts[surname] ?? 1) patients)", true)
    }

    /// The neighbour score, its reason, and whether it is a weak signal (same postal code alone: scored once per actor a day).
    func neighbourScore(_ member: FactIndex.Member, _ patient: FactIndex.PatientFacts) -> (Double, String, Bool)? {
        // Same surname at the same address is the family rule's; the neighbour rule does not count it twice.
        if let surname = member.surname, surname == patient.surname, member.address != nil, member.address == patient.address { return nil }
        if let address = member.address, address == patient.address { return (parameters.score(.neighbour), "same address", false) }
        guard let postal = member.postalCode, postal == patient.postalCode else { return nil }
        if let street = member.street, street == patient.street { return (parameters.neighbourStreetScore, "same street and postal code", false) }
        return parameters.neighbourPostalScore > 0 ? (parameters.neighbourPostalScore, "same postal code", true) : nil
    }

    // MARK: Days

    func openActorDay(_ actor: Int32) {
        if actors[Int(actor)].day != .min { closeActorDay(actor) }
        actors[Int(actor)].day = day
        activeToday.append(actor)
    }

    /// Adds the actor's closed day to their history and their peers' samples, and judges purpose drift.
    func closeActorDay(_ actor: Int32) {
        var state = actors[Int(actor)]
        guard state.day != .min else { return }
        let closedDay = state.day
        for group in [state.departmentGroup, state.roleGroup] {
            groups[Int(group)].dailyPatients.today.append(UInt32(state.dayPatients.count))
            groups[Int(group)].dailyUnexplained.today.append(state.dayUnexplainedCandidates)
            groups[Int(group)].breakGlassCounts.today.append(UInt32(state.breakGlassTimes.count))
            for (purpose, count) in state.dayPurposes {
                groups[Int(group)].purposeCounts[purpose, default: 0] += Double(count)
                groups[Int(group)].purposeTotal += Double(count)
            }
        }
        // Hour-of-week history, fading with the configured mean age.
        if state.hourHistory.isEmpty { state.hourHistory = Array(repeating: 0, count: 168) }
        let fade = pow(parameters.offHoursDecay, Double(max(0, closedDay - state.hourHistoryDay)))
        if fade < 1 {
            for index in 0..<168 { state.hourHistory[index] *= Float(fade) }
            state.hourHistoryTotal *= fade
        }
        for (bucket, count) in state.dayBuckets {
            state.hourHistory[Int(bucket)] += Float(count)
            state.hourHistoryTotal += Double(count)
        }
        state.hourHistoryDay = closedDay
        // Purpose drift over the last days.
        for (purpose, count) in state.dayPurposes { state.purposeDays.append((closedDay, purpose, count)) }
        state.purposeDays.removeAll { $0.day <= closedDay - parameters.driftDays }
        state.dayPatients.removeAll(keepingCapacity: true)
        state.dayOffHourPatients.removeAll(keepingCapacity: true)
        state.dayBuckets.removeAll(keepingCapacity: true)
        state.dayPurposes.removeAll(keepingCapacity: true)
        state.dayUnexplainedCandidates = 0
        state.dayVolumeLevel = 0
        state.day = .min
        actors[Int(actor)] = state
        judgeDrift(actor, closedDay: closedDay)
    }

    func judgeDrift(_ actor: Int32, closedDay: Int64) {
        guard parameters.enabled(.drift) else { return }
        let state = actors[Int(actor)]
        guard closedDay * 86_400 - state.lastDriftObservation >= parameters.driftDays * 86_400 else { return }
        var totals: [Int32: UInt32] = [:]
        var all: UInt32 = 0
        for entry in state.purposeDays {
            totals[entry.purpose, default: 0] += entry.count
            all += entry.count
        }
        guard Double(all) >= parameters.driftMinimumPermits else { return }
        let peers = groups[Int(state.departmentGroup)].purposeTotal >= 1000 ? groups[Int(state.departmentGroup)] : groups[Int(state.roleGroup)]
        guard peers.purposeTotal >= 1000 else { return }
        for (purpose, count) in totals.sorted(by: { $0.value > $1.value }) {
            let own = Double(count) / Double(all)
            // Peers' counts include the actor's own; take them out so one heavy user is not their own peer.
            let peerShare = max(0, (peers.purposeCounts[purpose] ?? 0) - Double(count)) / max(1, peers.purposeTotal - Double(all))
            guard own > parameters.driftOwnShare, peerShare < parameters.driftPeerShare else { continue }
            let name = names.first { $0.value == purpose }?.key ?? "?"
            actors[Int(actor)].lastDriftObservation = closedDay * 86_400
            observe(
                .drift, actor: actor, patient: nil, time: closedDay * 86_400 + 86_399, score: parameters.score(.drift),
                detail:
                    "\(name) is \(Int(own * 100))% of the actor's permits over \(parameters.driftDays) days but \(String(format: "%.2f", peerShare * 100))% of peers'",
                evidence: [])
            return
        }
    }

    func advanceDay(to newDay: Int64) {
        if day != .min {
            for actor in activeToday where actors[Int(actor)].day == day { closeActorDay(actor) }
            for index in groups.indices {
                groups[index].closeDay(window: parameters.peerWindowDays, purposeDecay: parameters.purposeDecay)
                thresholds[index] = PeerThresholds(
                    dailyPatients: groups[index].dailyPatients.percentile(parameters.volumePercentile),
                    dailyUnexplained: groups[index].dailyUnexplained.percentile(parameters.firstAccessPeerPercentile),
                    breakGlass: groups[index].breakGlassCounts.percentile(parameters.breakGlassFrequencyPercentile))
            }
        }
        activeToday.removeAll(keepingCapacity: true)
        dailyKeys.removeAll(keepingCapacity: true)
        day = newDay
        cases.closeQuietCases(before: newDay * 86_400)
        if floorMod(newDay, 30) == 0 { prunePairs(before: newDay * 86_400 - max(parameters.firstAccessLookback, parameters.explainedWindow)) }
    }

    /// Forgets pairs with nothing inside the longest look-back, so a long run's memory stays bounded.
    func prunePairs(before cutoff: Int64) {
        pairs = pairs.filter { $0.value.lastPermit >= cutoff || $0.value.lastDenial >= cutoff || $0.value.lastRelationship >= cutoff }
    }

    // MARK: Observations

    func observe(_ rule: RuleSlot, actor: Int32, patient: Int32?, time: Int64, score: Double, detail: String, evidence: [Evidence]) {
        let observation = Observation(
            rule: rule.id, time: time, actor: actors[Int(actor)].name, patient: patient.map { patients[Int($0)].name }, score: score, detail: detail,
            evidence: evidence)
        observe(observation, actorID: actor)
    }

    func observe(_ observation: Observation, actorID: Int32) {
        statistics.observations[observation.rule, default: 0] += 1
        let violations = actors[Int(actorID)].confirmedViolations
        let repeatOffender = violations.contains { $0 <= observation.time && observation.time - $0 <= Int64(settings.repeatOffenderDays * 86_400) }
        if cases.add(observation, repeatOffender: repeatOffender) { statistics.actorCases += 1 }
    }
}

func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    value >= 0 ? value / divisor : (value - divisor + 1) / divisor
}

func floorMod(_ value: Int64, _ divisor: Int64) -> Int64 { value - floorDiv(value, divisor) * divisor }

/// What a run saw: counts for the report and for tuning.
public struct MonitorStatistics: Sendable, Hashable, Codable {
    public var records = 0
    public var permits = 0
    public var denials = 0
    public var breakGlass = 0
    public var explainedPermits = 0
    public var permitsWithoutGrantKind = 0
    public var actors = 0
    public var actorsWithoutRoleClass = 0
    /// People the facts do not list (facts were given): the rules that need facts cannot judge them.
    public var actorsWithoutFacts = 0
    public var factsLoaded = false
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var observations: [String: Int] = [:]
    public var actorCases = 0
    public var patientCases = 0

    /// Rules that need facts, skipped because none were given.
    public var skippedRules: [String] { factsLoaded ? [] : MonitorRule.all.filter(\.needsFacts).map(\.id) }
}
