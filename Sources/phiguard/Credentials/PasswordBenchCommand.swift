import ArgumentParser
import Credentials
import Foundation

/// `phiguard password bench --file F`: loads once, then times each check in the process.
struct PasswordBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time password checks in the process: median and p99 per password, and the load time.")

    @Option(help: "Passwords, one per line.") var file: String
    @Option(help: "Profile name (default nist-800-63b-4).") var profile: String?
    @Option(help: "User name given as context.") var user: String?
    @Option(name: .customLong("context-word"), help: "Context word (repeatable).") var contextWords: [String] = []
    @Option(help: "Print each password's score and guesses to this file (for comparisons).") var scores: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let passwords = try readTextFile(file, what: "password").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .filter { !$0.isEmpty }
            let loadStart = DispatchTime.now().uptimeNanoseconds
            let factory = try credentials.passwordFactory(policies: store.policies)
            let checker: PasswordChecker
            do { checker = try factory.checker(profile: profile) } catch let error as CredentialsError {
                throw CLIError(credentials: error, exitCode: 2)
            }
            let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
            let prepared = checker.prepare(PasswordContext(userName: user, contextWords: contextWords))
            var timings: [Double] = []
            timings.reserveCapacity(passwords.count)
            // Only numbers are kept inside the timed loop: formatting there would churn the allocator the checks use.
            var results: [(score: Int, guessesLog10: Double)] = []
            results.reserveCapacity(passwords.count)
            var accepted = 0
            for password in passwords {
                let start = DispatchTime.now().uptimeNanoseconds
                let verdict = checker.check(password, prepared: prepared)
                timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
                if verdict.accepted { accepted += 1 }
                results.append((verdict.score, verdict.guessesLog10))
            }
            if let scores {
                let lines = results.map { "\($0.score)\t\($0.guessesLog10)" }
                try? (lines.joined(separator: "\n") + "\n").write(toFile: scores, atomically: true, encoding: .utf8)
            }
            timings.sort()
            func percentile(_ p: Double) -> Double { timings.isEmpty ? 0 : timings[min(timings.count - 1, Int(Double(timings.count) * p))] }
            let total = timings.reduce(0, +)
            print(
                String(
                    format:
                        "{\"passwords\":%d,\"accepted\":%d,\"median_us\":%.2f,\"p99_us\":%.2f,\"mean_us\":%.2f,\"load_ms\":%.1f,\"blocklist_entries\":%d}",
                    timings.count, accepted, percentile(0.5), percentile(0.99), timings.isEmpty ? 0 : total / Double(timings.count), loadMilliseconds,
                    checker.blocklist.count))
        }
    }
}
