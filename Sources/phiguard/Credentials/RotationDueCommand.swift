import AccessModel
import ArgumentParser
import Cedar
import Credentials
import DatabaseTLS
import Foundation
import Store

/// `phiguard rotation due [--within 30d] [--format text|json|csv]`: credentials due by then, soonest first.
struct RotationDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: "List credentials due for rotation within a period, soonest first.",
        discussion: "Exit 0 whether or not something is due.")

    @Option(help: "How far ahead: 30d, 12h, 2w.") var within = "30d"
    @Option(help: "text, json (one object per line) or csv.") var format = "text"
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            let format = try parseCode(format, DueListingFormat.self, option: "--format")
            let period: Period
            do { period = try Period(parsing: within) } catch let error as CredentialsError {
                throw CLIError(code: error.code.rawValue, message: "--within: \(error.message)", exitCode: 64)
            }
            let rules = try credentials.rotationRules(policies: store.policies)
            let now = Timestamp.now
            var out = OutputBuffer()
            if format == .csv { out.line("id,kind,owner,class,due_at,days_left,reason,state,target") }
            // Soonest first, one line at a time from the store: nothing is held.
            do {
                try store.openStore().forEachDueLine(
                    rules: rules, until: now.adding(period), now: now, format: format, mask: ConnectionStringMasking.mask
                ) { out.line($0) }
            } catch {
                throw CLIError(domainError: error)
            }
            out.flush()
        }
    }
}

/// Buffers standard output in large writes: listings can run to a million lines.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(10)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}
