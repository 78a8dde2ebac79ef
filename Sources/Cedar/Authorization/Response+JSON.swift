extension Response {
    /// The CLI's stable JSON shape: `{"decision":"allow"|"deny","reason":[ids],"errors":[{"policy","message"}]}`.
    public var json: JSON {
        var object = JSONObject()
        object.append("decision", .string(decision.rawValue))
        object.append("reason", .array(reasons.map(JSON.string)))
        object.append(
            "errors",
            .array(
                errors.map { error in
                    var entry = JSONObject()
                    entry.append("policy", .string(error.policyID))
                    entry.append("message", .string(error.error.message))
                    return .object(entry)
                }))
        return .object(object)
    }
}

extension PolicySet {
    /// Links from JSON: an array of `{"templateId","newId","values":{"?principal":{type,id},"?resource":{type,id}}}`.
    public mutating func link(json: JSON) throws(PolicySetError) {
        guard case .array(let links) = json else {
            throw PolicySetError(code: "invalid_links", "links: expected a JSON array")
        }
        let reader = CedarJSON()
        for (position, entry) in links.enumerated() {
            guard case .string(let templateID)? = entry["templateId"], case .string(let newID)? = entry["newId"],
                case .object(let valuesObject)? = entry["values"]
            else {
                throw PolicySetError(code: "invalid_links", "link #\(position): needs string `templateId`, `newId` and object `values`")
            }
            var values: [SlotID: EntityUID] = [:]
            for (key, value) in valuesObject.members {
                guard let slot = SlotID(rawValue: key) else {
                    throw PolicySetError(code: "invalid_links", "link #\(position): `\(key)` is not a slot; use `?principal` or `?resource`")
                }
                do {
                    values[slot] = try reader.entityUID(value, "link #\(position) \(key)")
                } catch {
                    throw PolicySetError(code: "invalid_links", error.message)
                }
            }
            try link(templateID: templateID, newID: newID, values: values)
        }
    }
}

extension EntityUID {
    /// Parses the policy-text form `Type::"id"` (with Cedar string escapes).
    public init(parsing text: String) throws(ParseErrors) {
        let expr = try PolicyParser.parseExpression(text)
        guard case .literal(.entity(let uid)) = expr.kind else {
            throw ParseErrors([ParseError("expected an entity uid like `User::\"alice\"`", at: SourceLocation(line: 1, column: 1, offset: 0))])
        }
        self = uid
    }
}
