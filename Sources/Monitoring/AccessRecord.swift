/// How a permit was allowed, which decides whether it explains itself. A PHIGuard grant carries its
/// kind; an external log names it per record (`grant_kind`) or through the facts' grant catalogue.
public enum GrantKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Care team, encounter, consult or delegation: the access is explained by construction.
    case relationship
    /// Department-, facility- or role-wide: the access must be explained some other way.
    case broad
    /// Break-the-glass.
    case btg
    /// Administrative or system access (HIM, support, integration engines).
    case admin
    /// The patient's own access, or a workforce member reaching their own record through the portal route.
    case selfService = "self_service"
}

/// One access to one patient's PHI: the documented input shape of the monitor. PHIGuard's decision
/// records map onto it, and an external log (an EHR audit trail) is written in it as JSON lines:
///
///     {"time":"2026-03-02T14:05:11Z","actor":"u1042","actor_roles":["nurse"],
///      "actor_departments":["cardiology"],"patient":"p88123","record_labels":["PSY"],
///      "purpose":"TREAT","decision":"permit","grant_id":"g-77","grant_kind":"relationship",
///      "break_glass":false}
///
/// docs/monitoring.md lists every field, the accepted spellings and the optional ones.
public struct AccessRecord: Sendable, Hashable {
    /// Seconds since 1970 (UTC).
    public var time: Int64
    public var actor: String
    public var actorRoles: [String]
    public var actorDepartments: [String]
    public var patient: String
    /// The patient's departments of care, when the source knows them; otherwise the monitor learns
    /// them from relationship permits.
    public var patientDepartments: [String]
    public var labels: [String]
    public var categories: [String]
    /// A purpose-of-use code (`TREAT`, `HPAYMT`, …); nil when the source does not capture one.
    public var purpose: String?
    public var permitted: Bool
    public var grantID: String?
    public var grantKind: GrantKind?
    public var breakGlass: Bool
    /// The source's own identifier of the record (an audit sequence number), shown as evidence.
    public var recordID: String?
    /// Dense ids of the actor and the patient, assigned by the monitor's identity table (on the
    /// parsing thread when a file is scored, so the scoring thread does no string hashing); -1 until then.
    var actorKey: Int32 = -1
    var patientKey: Int32 = -1

    public init(
        time: Int64, actor: String, actorRoles: [String] = [], actorDepartments: [String] = [], patient: String,
        patientDepartments: [String] = [], labels: [String] = [], categories: [String] = [], purpose: String? = nil,
        permitted: Bool, grantID: String? = nil, grantKind: GrantKind? = nil, breakGlass: Bool = false, recordID: String? = nil
    ) {
        self.time = time
        self.actor = actor
        self.actorRoles = actorRoles
        self.actorDepartments = actorDepartments
        self.patient = patient
        self.patientDepartments = patientDepartments
        self.labels = labels
        self.categories = categories
        self.purpose = purpose
        self.permitted = permitted
        self.grantID = grantID
        self.grantKind = grantKind
        self.breakGlass = breakGlass
        self.recordID = recordID
    }
}

/// Actor and patient ids to dense integers. Used by one thread at a time: the parsing thread while
/// `PrivacyMonitor.score(path:)` runs, the caller's otherwise.
final class IdentityTable: @unchecked Sendable {
    private var actors: [String: Int32] = [:]
    private var patients: [String: Int32] = [:]

    func assign(_ record: inout AccessRecord) {
        if record.actorKey < 0 { record.actorKey = id(record.actor, in: &actors) }
        if record.patientKey < 0 { record.patientKey = id(record.patient, in: &patients) }
    }

    private func id(_ name: String, in table: inout [String: Int32]) -> Int32 {
        if let id = table[name] { return id }
        let id = Int32(table.count)
        table[name] = id
        return id
    }
}
