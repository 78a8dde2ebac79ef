public import Cedar

/// A policy test file (`Policies/tests/*.json`), in the spirit of `opa test`: a small directory
/// fixture and requests with the decisions, reasons and obligations they must get.
///
/// ```json
/// {"now": "2026-06-01T10:00:00Z",
///  "directory": {"principals": [{"id", "kind", "departments", "status", "mfa_enrolled", "break_glass_eligible", "credential_state"}],
///                "roles": [{"id", "includes"}], "assignments": [{"principal", "role"}],
///                "grants": [{"id", "grantee": "role:ID", "actions", "departments", "patient", "categories", "labels",
///                            "confidentiality", "purposes", "valid_from", "valid_until"}]},
///  "cases": [{"name", "subject": "user:ID", "action", "resource": "Record:ID", "resource_properties": {…}, "context": {…},
///             "expect": {"decision": "allow", "grants": [], "policies": [], "obligations": [], "reason_codes": []}}]}
/// ```
public struct PolicyTestSuite: Sendable {
    public struct CaseResult: Sendable {
        public var name: String
        public var failures: [String]
        public var passed: Bool { failures.isEmpty }
    }

    public let name: String
    let directory: AccessDirectory
    let now: Timestamp
    let cases: [JSONObject]

    public init(name: String, json: JSON) throws(AccessModelError) {
        self.name = name
        guard case .object(let root) = json else { throw Self.invalid(name, "the file must hold a JSON object") }
        guard case .string(let nowText)? = root["now"], let now = Timestamp(parsing: nowText) else {
            throw Self.invalid(name, "`now` must be an RFC 3339 time")
        }
        self.now = now
        guard case .array(let cases)? = root["cases"] else { throw Self.invalid(name, "`cases` must be an array") }
        self.cases = try cases.map { (item: JSON) throws(AccessModelError) -> JSONObject in
            guard case .object(let object) = item else { throw Self.invalid(name, "each case must be an object") }
            return object
        }
        directory = try Self.directory(root["directory"]?.objectValue ?? JSONObject(), now: now, file: name)
    }

    static func invalid(_ file: String, _ message: String) -> AccessModelError {
        AccessModelError(.invalidGrant, "\(file): \(message)")
    }

    static func strings(_ object: JSONObject, _ key: String) -> [String] {
        object[key]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func codes<T: RawRepresentable & CaseIterable>(_ object: JSONObject, _ key: String, _ type: T.Type, file: String) throws(AccessModelError)
        -> [T]
    where T.RawValue == String {
        try strings(object, key).map { (text: String) throws(AccessModelError) -> T in
            guard let value = T(rawValue: text) else { throw AccessModelError(.unknownCode, "\(file): unknown \(key) value `\(text)`") }
            return value
        }
    }

    static func directory(_ fixture: JSONObject, now: Timestamp, file: String) throws(AccessModelError) -> AccessDirectory {
        var directory = AccessDirectory()
        for item in fixture["principals"]?.arrayValue ?? [] {
            guard case .object(let p) = item, case .string(let id)? = p["id"] else { throw invalid(file, "a principal needs an `id`") }
            let kind = Principal.Kind(rawValue: p["kind"]?.stringValue ?? "user") ?? .user
            try directory.addPrincipal(
                Principal(
                    id: id, kind: kind, displayName: p["name"]?.stringValue ?? id, departments: strings(p, "departments"),
                    status: Principal.Status(rawValue: p["status"]?.stringValue ?? "active") ?? .active,
                    mfaEnrolled: p["mfa_enrolled"]?.boolValue ?? false, breakGlassEligible: p["break_glass_eligible"]?.boolValue ?? false,
                    credentialState: Principal.CredentialState(rawValue: p["credential_state"]?.stringValue ?? "ok") ?? .ok, createdAt: now))
        }
        for item in fixture["roles"]?.arrayValue ?? [] {
            guard case .object(let r) = item, case .string(let id)? = r["id"] else { throw invalid(file, "a role needs an `id`") }
            try directory.addRole(Role(id: id, includes: strings(r, "includes")))
        }
        for item in fixture["assignments"]?.arrayValue ?? [] {
            guard case .object(let a) = item, case .string(let principal)? = a["principal"], case .string(let role)? = a["role"] else {
                throw invalid(file, "an assignment needs `principal` and `role`")
            }
            try directory.assign(RoleAssignment(principalID: principal, roleID: role, assignedBy: "policy-test", assignedAt: now))
        }
        for item in fixture["grants"]?.arrayValue ?? [] {
            guard case .object(let g) = item, case .string(let id)? = g["id"], case .string(let grantee)? = g["grantee"] else {
                throw invalid(file, "a grant needs `id` and `grantee`")
            }
            let parts = grantee.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["principal", "role"].contains(parts[0]) else { throw invalid(file, "grantee must be principal:ID or role:ID") }
            let from = g["valid_from"]?.stringValue.flatMap(Timestamp.init(parsing:)) ?? now.adding(days: -1)
            let until = g["valid_until"]?.stringValue.flatMap(Timestamp.init(parsing:))
            try directory.addGrant(
                Grant(
                    id: id, grantee: parts[0] == "principal" ? .principal(parts[1]) : .role(parts[1]),
                    actions: try codes(g, "actions", PHIAction.self, file: file),
                    scope: GrantScope(
                        departments: strings(g, "departments"), patient: g["patient"]?.stringValue,
                        categories: try codes(g, "categories", RecordCategory.self, file: file)),
                    labels: try codes(g, "labels", SensitivityLabel.self, file: file),
                    confidentiality: try codes(g, "confidentiality", Confidentiality.self, file: file),
                    purposes: try codes(g, "purposes", PurposeOfUse.self, file: file), validFrom: from, validUntil: until,
                    approver: "policy-test-approver", justification: "policy test", createdBy: "policy-test", createdAt: now))
        }
        return directory
    }

    /// Runs every case against `bundle`.
    public func run(bundle: PolicyBundle) -> [CaseResult] {
        let engine = AccessEngine(bundle: bundle, directory: directory, at: now)
        return cases.enumerated().map { index, object in
            let name = object["name"]?.stringValue ?? "case \(index)"
            do {
                let request = try request(object)
                let decision = engine.decide(request)
                return CaseResult(name: name, failures: compare(decision, object["expect"]?.objectValue ?? JSONObject()))
            } catch let error as AccessModelError {
                return CaseResult(name: name, failures: ["invalid case: \(error.message)"])
            } catch {
                return CaseResult(name: name, failures: ["invalid case: \(error)"])
            }
        }
    }

    func request(_ object: JSONObject) throws(AccessModelError) -> AccessRequest {
        let subject = (object["subject"]?.stringValue ?? "").split(separator: ":", maxSplits: 1).map(String.init)
        guard subject.count == 2, let kind = Principal.Kind(rawValue: subject[0]) else {
            throw AccessModelError(.invalidGrant, "`subject` must be user:ID or service-account:ID")
        }
        guard let actionText = object["action"]?.stringValue, let action = PHIAction(rawValue: actionText) else {
            throw AccessModelError(.unknownCode, "`action` must be one of \(PHIAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let resource = (object["resource"]?.stringValue ?? "").split(separator: ":", maxSplits: 1).map(String.init)
        guard resource.count == 2, let resourceKind = ResourceDescription.Kind(rawValue: resource[0]) else {
            throw AccessModelError(.invalidGrant, "`resource` must be Patient:ID or Record:ID")
        }
        let when = object["now"]?.stringValue.flatMap(Timestamp.init(parsing:)) ?? now
        return AccessRequest(
            subject: SubjectReference(id: subject[1], kind: kind), action: action,
            resource: try ResourceDescription(
                kind: resourceKind, id: resource[1], properties: object["resource_properties"]?.objectValue ?? JSONObject()),
            context: try RequestContext(json: object["context"]?.objectValue ?? JSONObject()), now: when)
    }

    func compare(_ decision: AccessDecision, _ expect: JSONObject) -> [String] {
        var failures: [String] = []
        if let wanted = expect["decision"]?.stringValue, wanted != (decision.allowed ? "allow" : "deny") {
            failures.append(
                "decision: expected \(wanted), got \(decision.allowed ? "allow" : "deny") (\(decision.explanation ?? decision.policyIDs.joined(separator: ",")))"
            )
        }
        for (key, actual) in [
            ("grants", decision.grantIDs), ("policies", decision.policyIDs), ("obligations", decision.obligations),
            ("reason_codes", decision.reasonCodes),
        ] where expect[key] != nil {
            let wanted = Self.strings(expect, key)
            if Set(wanted) != Set(actual) {
                failures.append("\(key): expected [\(wanted.joined(separator: ", "))], got [\(actual.joined(separator: ", "))]")
            }
        }
        if let wanted = expect["break_glass"]?.boolValue, wanted != decision.breakGlass {
            failures.append("break_glass: expected \(wanted), got \(decision.breakGlass)")
        }
        return failures
    }
}
