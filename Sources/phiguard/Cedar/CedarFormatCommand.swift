import ArgumentParser
import Cedar

/// `phiguard cedar format`: prints policies in canonical layout (to standard output, or in place).
struct CedarFormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "Print a policy file in canonical layout; parsing the output gives the same policies."
    )

    @Option(name: .long, help: "Cedar policy file.")
    var policies: String

    func run() throws {
        try reportingErrors {
            let text = try readTextFile(policies, what: "policy")
            let parsed = try converting(file: policies) { try PolicyParser.parse(text) }
            print(PolicyFormatter.format(parsed), terminator: "")
        }
    }
}
