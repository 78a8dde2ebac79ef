public import AccessModel
public import Monitoring
public import Store

/// PHIGuard's own decision log in the monitor's access-record shape (docs/monitoring.md), so
/// `phiguard monitor run --decision-log` scores the decisions this service made.
///
/// What the log holds and what it does not: the actor, the time, the asserted purpose, the outcome,
/// the grant that allowed it and break-the-glass are in every decision record; the patient is the
/// keyed hash the log stores (facts are hashed the same way before matching); the actor's roles and
/// departments, and each grant's kind, come from the directory as it is now; the record's labels
/// and category are not in the audit record, so the label rules (R5's psychotherapy check, R6) do
/// not see them.
public enum DecisionLogRecords {
    /// Calls `body` with every decision after `after`, in log order; returns the last sequence read.
    @discardableResult
    public static func read(from store: any PHIGuardStore, after: Int64 = 0, pageSize: Int = 5_000, _ body: (AccessRecord) throws -> Void) throws
        -> Int64
    {
        let directory = try store.loadDirectory()
        var cursor = after
        while true {
            let page = try store.auditRecords(after: cursor, limit: pageSize)
            guard let last = page.last else { return cursor }
            for record in page where record.kind == .decision {
                if let mapped = accessRecord(record, directory: directory) { try body(mapped) }
            }
            cursor = last.seq
        }
    }

    /// One decision record as an access record; nil for a decision about no patient.
    public static func accessRecord(_ record: AuditRecord, directory: AccessDirectory) -> AccessRecord? {
        guard let patient = record.patientRef, !patient.isEmpty else { return nil }
        let principal = try? directory.principal(record.actor)
        let grantID = record.grantIDs.first
        let grant = grantID.flatMap { try? directory.grant($0) }
        return AccessRecord(
            time: record.recordedAt.milliseconds / 1000, actor: record.actor,
            actorRoles: directory.activeRoles(of: record.actor, at: record.recordedAt), actorDepartments: principal?.departments ?? [],
            patient: patient, purpose: record.purposeOfUse, permitted: record.outcome == "allow", grantID: grantID,
            grantKind: grant.map(kind) ?? (record.breakGlass ? .btg : nil), breakGlass: record.breakGlass, recordID: String(record.seq))
    }

    /// A grant's kind, derived from its content until grants carry one: one patient is a
    /// relationship (a care team, an encounter, a delegation), a break-the-glass purpose is
    /// break-the-glass, only payment, operations, legal or system purposes is administrative work,
    /// anything else (a department, a facility, a role) is broad.
    public static func kind(of grant: Grant) -> GrantKind {
        if grant.purposes.contains(.breakTheGlass) { return .btg }
        if grant.scope.patient != nil { return .relationship }
        let administrative: Set<PurposeOfUse> = [.payment, .operations, .legal, .systemAdministration]
        if grant.purposes.allSatisfy(administrative.contains) { return .admin }
        return .broad
    }

    /// Facts with patient ids replaced by the log's keyed hashes (`pseudonym`), so they match it.
    public static func pseudonymized(_ facts: MonitoringFacts, _ pseudonym: (String) -> String) -> MonitoringFacts {
        var hashed = facts
        for index in hashed.patients.indices { hashed.patients[index].id = pseudonym(hashed.patients[index].id) }
        for index in hashed.workforce.indices { hashed.workforce[index].patientID = hashed.workforce[index].patientID.map(pseudonym) }
        for index in hashed.careRelationships.indices {
            hashed.careRelationships[index].patient = pseudonym(hashed.careRelationships[index].patient)
        }
        return hashed
    }
}
