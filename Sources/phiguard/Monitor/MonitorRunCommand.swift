import ArgumentParser
import Foundation
import Monitoring
import Operations
import Store

/// `phiguard monitor run --input FILE`: scores an access log (JSON lines in the documented access-record shape).
struct MonitorRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Score an access log and print the cases it opens.",
        discussion: """
            --input reads JSON lines in the access-record shape of docs/monitoring.md (PHIGuard's decision records and an \
            EHR's audit trail both map onto it), in time order; `-` reads standard input. Rules that need facts (workforce, \
            patients) are skipped without --facts and named in the summary. At the end of the input, checks still waiting for \
            later records (break-the-glass corroboration, a department's later care relationship) are decided with what the \
            input held. --decision-log scores this PHIGuard's own decisions instead: patients are the log's keyed \
            hashes (facts are hashed the same way), roles, departments and grant kinds come from the directory as it is \
            now, and record labels are not in the log. Output: text, or JSON lines (one per case, then a summary line). Exit codes: 0 the log was scored (with \
            or without cases); 1 an input was refused (the first bad line is named); 64 usage error.
            """)

    @Option(help: "The access log (JSON lines); - for standard input.") var input: String?
    @Flag(help: "Score PHIGuard's own decision log (the store of --database) instead of --input.") var decisionLog = false
    @OptionGroup var store: StoreOptions
    @Option(help: "Facts (JSON): workforce, patients, grants, care relationships, confirmed violations.") var facts: String?
    @Option(help: "Monitor settings (YAML); default Policies/monitoring.yaml when it exists.") var settings: String?
    @Option(help: "Output format: text or json.") var format: String = "text"

    func run() throws {
        do {
            try score()
        } catch {
            throw error.report()
        }
    }

    private func score() throws(CLIError) {
        guard format == "text" || format == "json" else {
            throw CLIError(code: "invalid_format", message: "--format must be text or json", exitCode: 64)
        }
        guard (input != nil) != decisionLog else {
            throw CLIError(code: "invalid_option", message: "give either --input FILE or --decision-log", exitCode: 64)
        }
        let settingsPath = settings ?? (FileManager.default.fileExists(atPath: "Policies/monitoring.yaml") ? "Policies/monitoring.yaml" : nil)
        var loaded = MonitoringSettings()
        var loadedFacts = MonitoringFacts()
        do {
            if let settingsPath {
                loaded = try MonitoringSettings(yaml: try readTextFile(settingsPath, what: "monitor settings"), source: settingsPath)
            }
            if let facts {
                guard let data = FileManager.default.contents(atPath: facts) else {
                    throw CLIError(code: "file_not_readable", message: "cannot read facts file `\(facts)`")
                }
                loadedFacts = try MonitoringFacts(json: data, source: facts)
            }
        } catch let error as MonitoringError {
            throw CLIError(code: error.code.rawValue, message: error.message)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(code: "internal_error", message: "\(error)")
        }
        if decisionLog {
            let opened = try store.openStore()
            let monitor = PrivacyMonitor(settings: loaded, facts: DecisionLogRecords.pseudonymized(loadedFacts, opened.pseudonym))
            do {
                try DecisionLogRecords.read(from: opened) { monitor.process($0) }
            } catch {
                throw CLIError(domainError: error)
            }
            monitor.finish()
            return render(monitor)
        }
        let monitor = PrivacyMonitor(settings: loaded, facts: loadedFacts)
        do {
            try monitor.score(path: input ?? "-")
        } catch let error as MonitoringError {
            throw CLIError(code: error.code.rawValue, message: error.message)
        } catch {
            throw CLIError(code: "internal_error", message: "\(error)")
        }
        render(monitor)
    }

    private func render(_ monitor: PrivacyMonitor) {
        if format == "json" {
            for opened in monitor.openedCases { print(MonitorJSON.line(opened)) }
            print(MonitorJSON.line(monitor.statistics))
        } else {
            print(MonitorText.render(cases: monitor.openedCases, statistics: monitor.statistics), terminator: "")
        }
    }
}
