import ArgumentParser
import Monitoring

/// `phiguard monitor rules`: the rule catalogue with every parameter and its default.
struct MonitorRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the monitor's rules, their families and their parameters with defaults.")

    func run() {
        print(MonitorText.catalogue(), terminator: "")
    }
}
