import DatabaseTLS
import Foundation
import Testing

/// The corpus of real-world connection strings and snippets (`Corpus/connection-strings.txt`):
/// each must produce exactly its expected findings, and no output format may contain a password.
@Suite("Connection-string corpus")
struct ConnectionCorpusTests {
    struct Entry: CustomStringConvertible {
        var family: String
        var expected: Set<String>
        var reason: String
        var input: String
        var line: Int
        var description: String { "corpus line \(line) (\(family)): \(reason)" }
    }

    static let canaries = ["Canary-Pw-7Q", "Canary@Pw", "Canary%2DPw", "Canary\\ Pw", "Canary Pw"]

    static let entries: [Entry] = {
        let path = Lab.repository.appendingPathComponent("Tests/DatabaseTLSTests/Corpus/connection-strings.txt").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("=== ") {
                let fields = line.dropFirst(4).split(separator: "|", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
                let codes = fields[1] == "-" ? [] : fields[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                entries.append(Entry(family: fields[0], expected: Set(codes), reason: fields[2], input: "", line: index + 1))
            } else if !entries.isEmpty {
                entries[entries.count - 1].input += (entries[entries.count - 1].input.isEmpty ? "" : "\n") + line
            }
        }
        return entries.map { entry in
            var trimmed = entry
            trimmed.input = entry.input.trimmingCharacters(in: .newlines)
            return trimmed
        }
    }()

    @Test("at least 200 entries, every family with a canary password")
    func size() {
        #expect(Self.entries.count >= 200)
        let families = Set(Self.entries.map(\.family))
        #expect(families.count >= 9, "\(families.sorted())")
        for family in families {
            #expect(Self.entries.contains { $0.family == family && $0.input.contains("Canary") }, "\(family) has no canary password")
        }
    }

    @Test("each entry produces exactly its expected findings", arguments: entries)
    func verdict(entry: Entry) {
        let codes = Set(ConnectionLinter.lint(entry.input, source: "corpus").map(\.code))
        #expect(codes == entry.expected, "\(entry)\n\(entry.input)")
    }

    @Test("no output format carries a password from the input", arguments: entries.filter { $0.input.contains("Canary") })
    func noPasswordEcho(entry: Entry) {
        let findings = ConnectionLinter.lint(entry.input, source: "corpus")
        for format in LintFormat.allCases {
            let output = format.render(findings, failAt: .medium)
            for canary in Self.canaries {
                #expect(!output.contains(canary), "\(entry): \(format.rawValue) output contains the password:\n\(output)")
            }
        }
    }

    @Test("the corpus as files: environment, YAML and code documents keep verdicts and never echo a password")
    func asDocuments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (family, name) in [("env", "app.env"), ("yaml", "config.yml"), ("python", "db.py"), ("node", "db.js"), ("go-dsn", "db.go")] {
            for entry in Self.entries where entry.family == family {
                let findings = ConnectionLinter.lintDocument(entry.input, file: folder.appendingPathComponent(name).path)
                #expect(Set(findings.map(\.code)).subtracting(["unrecognised_connection_string"]) == entry.expected, "\(entry)")
                for format in LintFormat.allCases {
                    let output = format.render(findings, failAt: .medium)
                    #expect(!Self.canaries.contains { output.contains($0) }, "\(entry): \(format.rawValue)")
                }
            }
        }
    }
}
