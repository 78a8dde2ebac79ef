import ArgumentParser
import Cedar

/// `phiguard cedar validate`: strict-mode validation of policies against a schema.
/// Exit 0 when valid (warnings allowed), 1 when invalid or on an input error.
struct CedarValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Type-check policies against a schema (strict mode); exit 0 valid, 1 invalid."
    )

    @Option(name: .long, help: "Cedar policy file.")
    var policies: String

    @Option(name: .long, help: "Schema file, Cedar syntax or JSON.")
    var schema: String

    @OptionGroup var output: FormatOption

    func run() throws {
        try reportingErrors {
            let schema = try loadSchema(self.schema)
            let text = try readTextFile(policies, what: "policy")
            let policySet = try converting(file: policies) { try PolicySet(parsing: text) }
            let result = Validator(schema: schema).validate(policySet)
            print(ValidationReport(result: result, file: policies).render(output.format))
            if !result.isValid { throw ExitCode(1) }
        }
    }
}

/// Renders validation issues as `FILE:LINE:COLUMN: severity: policy `id`: message` lines or one JSON object.
struct ValidationReport {
    var result: ValidationResult
    var file: String

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .text:
            let lines = (result.errors + result.warnings).map { issue in
                "\(file):\(issue.location.map { "\($0.line):\($0.column):" } ?? "") \(issue.severity.rawValue): policy `\(issue.policyID)`: \(issue.message) [\(issue.code)]"
            }
            return (lines + [result.isValid ? "\(file): valid" : "\(file): invalid (\(result.errors.count) errors)"]).joined(separator: "\n")
        case .json:
            func issues(_ list: [ValidationIssue]) -> JSON {
                .array(
                    list.map { issue in
                        var object = JSONObject()
                        object.append("policy", .string(issue.policyID))
                        object.append("code", .string(issue.code))
                        object.append("message", .string(issue.message))
                        if let location = issue.location {
                            object.append("line", .number(String(location.line)))
                            object.append("column", .number(String(location.column)))
                        }
                        return .object(object)
                    })
            }
            return JSON.object(
                JSONObject([("valid", .bool(result.isValid)), ("errors", issues(result.errors)), ("warnings", issues(result.warnings))])
            )
            .serialized
        }
    }
}
