import Cedar

/// Builds a request with simple uids for tests.
func request(
    _ principal: String = #"User::"alice""#, _ action: String = #"Action::"view""#, _ resource: String = #"Photo::"p""#,
    context: Record = [:]
) -> Request {
    Request(principal: uid(principal), action: uid(action), resource: uid(resource), context: context)
}

/// Parses `Type::"id"` (tests only use simple ids without escapes).
func uid(_ text: String) -> EntityUID {
    let parts = text.split(separator: "::\"", maxSplits: 1)
    return EntityUID(String(parts[0]), String(parts[1].dropLast()))
}

/// Evaluates a standalone expression against an empty store.
func evaluate(_ expression: String, entities: Entities = .empty, context: Record = [:]) throws -> Value {
    let expr = try PolicyParser.parseExpression(expression)
    return try Evaluator(request: request(context: context), entities: entities).evaluate(expr)
}

/// The evaluation error code of an expression, or nil if it evaluates.
func errorCode(_ expression: String, entities: Entities = .empty) throws -> EvaluationError.Code? {
    let expr = try PolicyParser.parseExpression(expression)
    do {
        _ = try Evaluator(request: request(), entities: entities).evaluate(expr)
        return nil
    } catch {
        return error.code
    }
}

func entities(_ json: String, schema: Schema? = nil) throws -> Entities {
    try CedarJSON(schema: schema).entities(try JSON.parse(json))
}
