import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard policy test`: runs the policy test files (`Policies/tests/*.json`) against the folder's
/// policies. Prints each failing case and `N passed, M failed`; exit 1 when any case fails.
struct PolicyTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the policy tests under Policies/tests/ (requests with expected decisions, reasons and obligations)."
    )

    @Option(help: "Policy folder.") var dir: String = "Policies"
    @Flag(help: "Also list passing cases.") var verbose = false

    func run() throws {
        try reportingErrors {
            let bundle: PolicyBundle
            do { bundle = try PolicyFolder.load(dir) } catch let problems as PolicyBundle.Problems {
                throw CLIError(code: "invalid_policies", message: problems.description)
            } catch {
                throw CLIError(domainError: error)
            }
            let testsFolder = (dir as NSString).appendingPathComponent("tests")
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: testsFolder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            var passed = 0
            var failed = 0
            for file in files {
                let path = (testsFolder as NSString).appendingPathComponent(file)
                let json = try parseJSONFile(path, what: "policy test")
                let suite: PolicyTestSuite
                do { suite = try PolicyTestSuite(name: file, json: json) } catch { throw CLIError(domainError: error) }
                for result in suite.run(bundle: bundle) {
                    if result.passed {
                        passed += 1
                        if verbose { print("ok   \(file): \(result.name)") }
                    } else {
                        failed += 1
                        print("FAIL \(file): \(result.name)")
                        for failure in result.failures { print("     \(failure)") }
                    }
                }
            }
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
