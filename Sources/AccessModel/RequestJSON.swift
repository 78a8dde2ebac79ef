public import Cedar

extension ResourceDescription {
    /// Builds a resource from an application's description, AuthZEN-style properties:
    /// `{"patient", "departments", "category", "labels", "confidentiality", "restrictions",
    /// "care_team", "part2_consent"}`. Unknown codes are errors, never silently ignored.
    public init(kind: Kind, id: String, properties: JSONObject) throws(AccessModelError) {
        func strings(_ key: String) throws(AccessModelError) -> [String] {
            guard let value = properties[key] else { return [] }
            guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else {
                throw AccessModelError(.invalidField, "resource property `\(key)` must be an array of strings")
            }
            return items.compactMap(\.stringValue)
        }
        func string(_ key: String) throws(AccessModelError) -> String? {
            guard let value = properties[key] else { return nil }
            guard case .string(let text) = value else { throw AccessModelError(.invalidField, "resource property `\(key)` must be a string") }
            return text
        }
        let labels = try strings("labels").map { (text: String) throws(AccessModelError) -> SensitivityLabel in
            guard let label = SensitivityLabel(rawValue: text) else {
                throw AccessModelError(
                    .unknownCode, "unknown sensitivity label `\(text)`; known: \(SensitivityLabel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return label
        }
        var category: RecordCategory?
        if let text = try string("category") {
            guard let value = RecordCategory(rawValue: text) else {
                throw AccessModelError(
                    .unknownCode, "unknown record category `\(text)`; known: \(RecordCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            category = value
        }
        var confidentiality = Confidentiality.normal
        if let text = try string("confidentiality") {
            guard let value = Confidentiality(rawValue: text) else {
                throw AccessModelError(.unknownCode, "unknown confidentiality `\(text)`; use N, R or V")
            }
            confidentiality = value
        }
        var part2Consent = false
        if let value = properties["part2_consent"] {
            guard case .bool(let flag) = value else { throw AccessModelError(.invalidField, "resource property `part2_consent` must be a boolean") }
            part2Consent = flag
        }
        let patient = try string("patient")
        if kind == .record, patient == nil {
            throw AccessModelError(.invalidField, "a Record resource needs the property `patient`")
        }
        self.init(
            kind: kind, id: id, patientID: patient, departments: try strings("departments"), category: category, labels: labels,
            confidentiality: confidentiality, restrictions: try strings("restrictions"), careTeam: try strings("care_team"),
            part2Consent: part2Consent)
    }
}

extension RequestContext {
    /// `{"purpose_of_use", "justification", "mfa", "session_started"}`; other keys are ignored.
    public init(json: JSONObject) throws(AccessModelError) {
        self.init()
        if let value = json["purpose_of_use"] {
            guard case .string(let text) = value, let purpose = PurposeOfUse(rawValue: text) else {
                throw AccessModelError(
                    .unknownCode,
                    "unknown purpose of use \(value.serialized); known: \(PurposeOfUse.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            purposeOfUse = purpose
        }
        if let value = json["justification"] {
            guard case .string(let text) = value else { throw AccessModelError(.invalidField, "context `justification` must be a string") }
            justification = text
        }
        if let value = json["mfa"] {
            guard case .bool(let flag) = value else { throw AccessModelError(.invalidField, "context `mfa` must be a boolean") }
            mfa = flag
        }
        if let value = json["session_started"] {
            guard case .string(let text) = value, let time = Timestamp(parsing: text) else {
                throw AccessModelError(.invalidField, "context `session_started` must be an RFC 3339 time")
            }
            sessionStarted = time
        }
    }
}

extension AccessDecision {
    /// The decision as JSON (CLI and API).
    public func json(auditRecord: Int64?) -> JSON {
        var object = JSONObject()
        object.append("decision", .string(allowed ? "allow" : "deny"))
        object.append("reason_codes", .array(reasonCodes.map(JSON.string)))
        object.append("policies", .array(policyIDs.map(JSON.string)))
        object.append("grants", .array(grantIDs.map(JSON.string)))
        object.append("obligations", .array(obligations.map(JSON.string)))
        if let explanation { object.append("explanation", .string(explanation)) }
        object.append("break_glass", .bool(breakGlass))
        object.append(
            "errors",
            .array(errors.map { .object(JSONObject([("policy", .string($0.policyID)), ("message", .string($0.message))])) }))
        if let auditRecord { object.append("audit_record", .number(String(auditRecord))) }
        return .object(object)
    }
}
