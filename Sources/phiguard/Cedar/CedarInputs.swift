import ArgumentParser
import Cedar

/// The files that define an authorization environment: policies, entities, optional schema and links.
struct CedarInputs: ParsableArguments {
    @Option(name: .long, help: "Cedar policy file.")
    var policies: String

    @Option(name: .long, help: "Entities JSON file (an array of {uid, attrs, parents[, tags]}).")
    var entities: String

    @Option(name: .long, help: "Schema file, Cedar syntax or JSON; entities and contexts are then parsed and requests validated with it.")
    var schema: String?

    @Option(name: .long, help: "Template links JSON file: [{templateId, newId, values: {\"?principal\": {type, id}}}].")
    var links: String?

    struct Loaded {
        var policies: PolicySet
        var entities: Entities
        var schema: Schema?
        var json: CedarJSON
    }

    func load() throws(CLIError) -> Loaded {
        let schema = try self.schema.map { path throws(CLIError) in try loadSchema(path) }
        let policyText = try readTextFile(policies, what: "policy")
        var policySet = try converting(file: policies) { try PolicySet(parsing: policyText) }
        if let links {
            let linksJSON = try parseJSONFile(links, what: "links")
            try converting(file: links) { try policySet.link(json: linksJSON) }
        }
        let json = CedarJSON(schema: schema)
        let entitiesJSON = try parseJSONFile(entities, what: "entities")
        let store = try converting(file: entities) { try json.entities(entitiesJSON) }
        return Loaded(policies: policySet, entities: store, schema: schema, json: json)
    }
}

/// Runs `body`, turning the Cedar module's errors into a `CLIError` that names `file`.
func converting<T>(file: String, _ body: () throws -> T) throws(CLIError) -> T {
    do {
        return try body()
    } catch {
        throw CLIError(cedarError: error, file: file)
    }
}

extension CLIError {
    init(cedarError error: any Error, file: String) {
        switch error {
        case let error as CLIError:
            self = error
        case let error as ParseErrors:
            self.init(code: "policy_parse_error", message: "\(file):\n" + error.errors.map { "  \($0)" }.joined(separator: "\n"))
        case let error as SchemaErrors:
            self.init(code: "schema_error", message: "\(file):\n" + error.errors.map { "  \($0)" }.joined(separator: "\n"))
        case let error as PolicySetError:
            self.init(code: error.code, message: "\(file): \(error.message)")
        case let error as EntityJSONError:
            self.init(code: "invalid_entities", message: "\(file): \(error.message)")
        case let error as JSONError:
            self.init(code: "invalid_json", message: "\(file):\(error.location): \(error.message)")
        default:
            self.init(code: "invalid_input", message: "\(file): \(error)")
        }
    }
}

func parseJSONFile(_ path: String, what: String) throws(CLIError) -> JSON {
    let text = try readTextFile(path, what: what)
    do {
        return try JSON.parse(text)
    } catch {
        throw CLIError(code: "invalid_json", message: "\(path):\(error.location): \(error.message)")
    }
}

func loadSchema(_ path: String) throws(CLIError) -> Schema {
    let text = try readTextFile(path, what: "schema")
    return try converting(file: path) {
        text.drop(while: \.isWhitespace).first == "{" ? try Schema(jsonSchema: text) : try Schema(cedarSchema: text)
    }
}

/// Parses and (with a schema) validates one request.
func buildRequest(_ json: JSON, with loaded: CedarInputs.Loaded, label: String) throws(CLIError) -> Request {
    do {
        let request = try loaded.json.request(json)
        try loaded.schema?.validate(request)
        return request
    } catch {
        throw CLIError(code: "invalid_request", message: "\(label): \(error)")
    }
}

/// Reads a JSON-lines file of requests (blank lines are skipped).
func readRequestLines(_ path: String) throws(CLIError) -> [(line: Int, json: JSON)] {
    let text = try readTextFile(path, what: "requests")
    var result: [(Int, JSON)] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if line.allSatisfy(\.isWhitespace) { continue }
        do {
            result.append((index + 1, try JSON.parse(String(line))))
        } catch {
            throw CLIError(code: "invalid_json", message: "\(path) line \(index + 1): \(error.message)")
        }
    }
    return result
}
