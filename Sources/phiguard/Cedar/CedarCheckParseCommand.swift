import ArgumentParser
import Cedar

/// `phiguard cedar check-parse`: reports every parse error of a policy file (exit 1) or the policy count (exit 0).
struct CedarCheckParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-parse",
        abstract: "Check that a policy file parses; list every error with line:column."
    )

    @Option(name: .long, help: "Cedar policy file.")
    var policies: String

    @OptionGroup var output: FormatOption

    func run() throws {
        try reportingErrors {
            let text = try readTextFile(policies, what: "policy")
            do {
                let parsed = try PolicyParser.parse(text)
                let templates = parsed.filter(\.isTemplate).count
                switch output.format {
                case .text: print("\(policies): \(parsed.count - templates) policies, \(templates) templates")
                case .json:
                    print(
                        JSON.object(JSONObject([("policies", .number(String(parsed.count - templates))), ("templates", .number(String(templates)))]))
                            .serialized)
                }
            } catch let error as ParseErrors {
                switch output.format {
                case .text:
                    for parseError in error.errors { print("\(policies):\(parseError.location): error: \(parseError.message)") }
                case .json:
                    let list = error.errors.map { e in
                        JSON.object(
                            JSONObject([
                                ("line", .number(String(e.location.line))), ("column", .number(String(e.location.column))),
                                ("message", .string(e.message)),
                            ]))
                    }
                    print(JSON.object(JSONObject([("errors", .array(list))])).serialized)
                }
                throw ExitCode(1)
            }
        }
    }
}
