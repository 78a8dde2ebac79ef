import ArgumentParser
import DatabaseScan

/// `phiguard db rules`: the posture rules with their queries, HIPAA sections, anchors and fixes.
struct DBRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the posture rules: query, HIPAA section, CIS/VA anchor, fix (docs/db-scan.md prints the same).")

    @Option(help: "markdown or json (one rule per line).") var format: String = "markdown"

    func run() throws {
        switch format {
        case "markdown": print(RuleCatalog.markdown(), terminator: "")
        case "json": print(RuleCatalog.jsonLines(), terminator: "")
        default: throw CLIError(code: "invalid_format", message: "--format must be markdown or json", exitCode: 2).report()
        }
    }
}
