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

    enum Format: String, CaseIterable { case text, json, csv }

    func run() throws {
        try reportingErrors {
            let format = try parseCode(format, Format.self, option: "--format")
            let period: Period
            do { period = try Period(parsing: within) } catch let error as CredentialsError { throw CLIError(code: error.code.rawValue, message: "--within: \(error.message)", exitCode: 64) }
            let rules = try credentials.rotationRules(policies: store.policies)
            let now = Timestamp.now
            var due: [DueCredential] = []
            do {
                try store.openStore().forEachDue(rules: rules, until: now.adding(period)) { due.append($0) }
            } catch {
                throw CLIError(domainError: error)
            }
            due.sort { ($0.dueAt.milliseconds, $0.credential.id) < ($1.dueAt.milliseconds, $1.credential.id) }
            var out = OutputBuffer()
            if format == .csv { out.line("id,kind,owner,class,due_at,days_left,reason,state,target") }
            for item in due {
                let credential = item.credential
                let target = credential.target.map(ConnectionStringMasking.mask) ?? ""
                switch format {
                case .text:
                    out.line(
                        "\(credential.id)\t\(credential.kind.rawValue)\towner=\(credential.owner)\tdue=\(item.dueAt)\tdays_left=\(item.daysLeft(at: now))\treason=\(item.reason.rawValue)"
                    )
                case .json:
                    out.line(
                        JSON.object(
                            JSONObject([
                                ("id", .string(credential.id)), ("kind", .string(credential.kind.rawValue)), ("owner", .string(credential.owner)),
                                ("class", .string(credential.rotationClass)), ("due_at", .string(item.dueAt.description)),
                                ("days_left", .number(String(item.daysLeft(at: now)))), ("reason", .string(item.reason.rawValue)),
                                ("state", .string(credential.state.rawValue)),
                            ])
                        ).serialized)
                case .csv:
                    out.line(
                        [credential.id, credential.kind.rawValue, credential.owner, credential.rotationClass, item.dueAt.description,
                         String(item.daysLeft(at: now)), item.reason.rawValue, credential.state.rawValue, target].map(csvField).joined(separator: ","))
                }
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

/// RFC 4180: quote fields with commas, quotes or line breaks; neutralise spreadsheet formulas.
func csvField(_ text: String) -> String {
    var value = text
    if let first = value.first, "=+-@".contains(first) { value = "'" + value }
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
