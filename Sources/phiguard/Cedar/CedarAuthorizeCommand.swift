import ArgumentParser
import Cedar

/// `phiguard cedar authorize`: decisions for requests against policy, entity and schema files.
///
/// Batch form (`--requests FILE`, JSON lines): one decision line per request; exit 0 when every
/// request was evaluated, 1 on an input error. Single form (`--principal/--action/--resource`):
/// exit 0 on allow, 2 on deny, 1 on an input error.
struct CedarAuthorizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorize",
        abstract: "Decide requests: prints {\"decision\",\"reason\",\"errors\"} per request."
    )

    @OptionGroup var inputs: CedarInputs

    @Option(name: .long, help: "Requests as JSON lines: {\"principal\":{type,id},\"action\":…,\"resource\":…,\"context\":{…}}.")
    var requests: String?

    @Option(name: .long, help: "Principal of a single request, e.g. 'User::\"alice\"'.")
    var principal: String?

    @Option(name: .long, help: "Action of a single request, e.g. 'Action::\"view\"'.")
    var action: String?

    @Option(name: .long, help: "Resource of a single request.")
    var resource: String?

    @Option(name: .long, help: "Context JSON file of a single request.")
    var context: String?

    func validate() throws {
        let single = [principal, action, resource].compactMap { $0 }
        if requests != nil, !single.isEmpty || context != nil {
            throw ValidationError("use either --requests or --principal/--action/--resource, not both")
        }
        if requests == nil, single.count != 3 {
            throw ValidationError("give --requests FILE, or all of --principal, --action and --resource")
        }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try inputs.load()
            if let requests {
                for (line, json) in try readRequestLines(requests) {
                    let request = try buildRequest(json, with: loaded, label: "\(requests) line \(line)")
                    print(Authorizer.isAuthorized(request, policies: loaded.policies, entities: loaded.entities).json.serialized)
                }
                return
            }
            var object = JSONObject()
            for (key, text) in [("principal", principal!), ("action", action!), ("resource", resource!)] {
                let uid = try converting(file: "--\(key)") { try EntityUID(parsing: text) }
                object.append(key, .object(JSONObject([("type", .string(uid.type.name)), ("id", .string(uid.id.string))])))
            }
            if let context { object.append("context", try parseJSONFile(context, what: "context")) }
            let request = try buildRequest(.object(object), with: loaded, label: "request")
            let response = Authorizer.isAuthorized(request, policies: loaded.policies, entities: loaded.entities)
            print(response.json.serialized)
            if response.decision == .deny { throw ExitCode(2) }
        }
    }
}
