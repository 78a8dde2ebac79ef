import ArgumentParser
import Cedar

/// `phiguard policy validate`: parses every policy file of the folder and validates it against
/// the folder's schema. Exit 0 when everything is valid, 1 otherwise.
struct PolicyValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse and validate every *.cedar file of the policy folder against its schema."
    )

    @Option(name: .long, help: "Policy folder.")
    var dir: String = "Policies"

    @OptionGroup var output: FormatOption

    func run() throws {
        try reportingErrors {
            let folder = try PolicyFolderFiles(path: dir)
            let validator = Validator(schema: try loadSchema(folder.schemaPath))
            var valid = true
            for file in folder.policyFiles {
                let text = try readTextFile(file, what: "policy")
                let policies = try converting(file: file) { try PolicySet(parsing: text) }
                let result = validator.validate(policies)
                valid = valid && result.isValid
                print(ValidationReport(result: result, file: file).render(output.format))
            }
            if folder.policyFiles.isEmpty, output.format == .text { print("\(dir): no policy files") }
            if !valid { throw ExitCode(1) }
        }
    }
}
