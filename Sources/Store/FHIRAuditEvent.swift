import AccessModel
public import Cedar

/// Audit records as FHIR R4 AuditEvent resources shaped after IHE BALP: the requesting agent with
/// its purpose of use and deciding policies, the patient (as its HMAC pseudonym) and the resource.
public enum FHIRAuditEvent {
    static func coding(_ system: String, _ code: String, _ display: String? = nil) -> JSON {
        var object = JSONObject([("system", .string(system)), ("code", .string(code))])
        if let display { object.append("display", .string(display)) }
        return .object(object)
    }

    static func identifier(_ value: String) -> JSON {
        .object(JSONObject([("identifier", .object(JSONObject([("value", .string(value))])))]))
    }

    /// FHIR AuditEvent.action: C create, R read, U update, D delete, E execute.
    static func actionCode(_ action: String) -> String {
        switch action {
        case "create", "principal.add", "role.add", "grant.add": "C"
        case "update", "role.include", "role.assign", "principal.suspend", "principal.reactivate", "principal.credential-state", "grant.revoke",
            "review.close":
            "U"
        case "delete", "principal.terminate", "role.unassign": "D"
        case "search": "E"
        default: "R"
        }
    }

    public static func json(_ record: AuditRecord) -> JSON {
        var event = JSONObject()
        event.append("resourceType", .string("AuditEvent"))
        event.append("id", .string("phiguard-\(record.seq)"))
        if record.kind == .decision {
            if record.breakGlass {
                event.append("type", coding("http://dicom.nema.org/resources/ontology/DCM", "110113", "Security Alert"))
            } else {
                event.append("type", coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"))
            }
            event.append("subtype", .array([coding("http://hl7.org/fhir/restful-interaction", record.action)]))
        } else {
            event.append("type", coding("http://dicom.nema.org/resources/ontology/DCM", "110136", "Security Roles Changed"))
            event.append("subtype", .array([coding("urn:phiguard:admin-action", record.action)]))
        }
        event.append("action", .string(actionCode(record.action)))
        event.append("recorded", .string(record.recordedAt.description))
        event.append("outcome", .string(record.outcome == "deny" ? "4" : "0"))
        event.append("outcomeDesc", .string(([record.outcome] + record.reasonCodes).joined(separator: " ")))
        let purpose: [JSON] =
            record.purposeOfUse.map {
                [.object(JSONObject([("coding", .array([coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", $0)]))]))]
            } ?? []
        if !purpose.isEmpty { event.append("purposeOfEvent", .array(purpose)) }
        var agent = JSONObject()
        agent.append("who", identifier(record.actor))
        agent.append("requestor", .bool(true))
        if !purpose.isEmpty { agent.append("purposeOfUse", .array(purpose)) }
        if !record.policyIDs.isEmpty { agent.append("policy", .array(record.policyIDs.map(JSON.string))) }
        event.append("agent", .array([.object(agent)]))
        event.append(
            "source",
            .object(
                JSONObject([
                    ("observer", .object(JSONObject([("display", .string("PHIGuard"))]))),
                    ("type", .array([coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")])),
                ])))
        var entities: [JSON] = []
        if let patient = record.patientRef {
            entities.append(
                .object(
                    JSONObject([
                        ("what", identifier(patient)), ("type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person")),
                        ("role", coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")),
                    ])))
        }
        if let resource = record.resourceRef {
            entities.append(
                .object(
                    JSONObject([
                        ("what", identifier(resource)),
                        ("type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object")),
                        ("name", .string(record.resourceType ?? "")),
                    ])))
        }
        if record.kind == .admin {
            entities.append(
                .object(
                    JSONObject([
                        ("what", identifier(record.target)), ("type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2")),
                    ])))
        }
        if !entities.isEmpty { event.append("entity", .array(entities)) }
        event.append(
            "extension",
            .array([
                .object(JSONObject([("url", .string("urn:phiguard:audit-chain:prev-hash")), ("valueString", .string(record.prevHash))])),
                .object(JSONObject([("url", .string("urn:phiguard:audit-chain:hash")), ("valueString", .string(record.hash))])),
            ]))
        return .object(event)
    }

    /// PHIGuard's own record shape, snake_case.
    public static func plainJSON(_ record: AuditRecord) -> JSON {
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        return .object(
            JSONObject([
                ("seq", .number(String(record.seq))), ("recorded_at", .string(record.recordedAt.description)),
                ("kind", .string(record.kind.rawValue)),
                ("actor", .string(record.actor)), ("action", .string(record.action)), ("target", .string(record.target)),
                ("outcome", .string(record.outcome)), ("purpose_of_use", record.purposeOfUse.map(JSON.string) ?? .null),
                ("resource_type", record.resourceType.map(JSON.string) ?? .null), ("resource_ref", record.resourceRef.map(JSON.string) ?? .null),
                ("patient_ref", record.patientRef.map(JSON.string) ?? .null), ("reason_codes", strings(record.reasonCodes)),
                ("policies", strings(record.policyIDs)), ("grants", strings(record.grantIDs)), ("obligations", strings(record.obligations)),
                ("break_glass", .bool(record.breakGlass)), ("details", record.details.map(JSON.string) ?? .null),
                ("prev_hash", .string(record.prevHash)), ("hash", .string(record.hash)),
            ]))
    }
}
