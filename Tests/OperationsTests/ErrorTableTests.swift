import Foundation
import Operations
import Testing

/// The error table is the one vocabulary: every code the sources report is in it, and the user
/// documentation of both edges lists every code with the status and exit code the table gives.
@Suite("The error table")
struct ErrorTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Codes that the sources construct errors with, found by their constructors.
    static func codesInSources() throws -> [String: String] {
        let patterns = [
            #"APIError\(\s*"([a-z_0-9]+)""#, #"\.badRequest\(\s*"([a-z_0-9]+)""#, #"CLIError\(\s*code:\s*"([a-z_0-9]+)""#,
            #"OperationError\(\s*"([a-z_0-9]+)""#, #"Code\(\s*(?:rawValue:\s*)?"([a-z_0-9]+)"\)"#, #"case [a-zA-Z]+ = "([a-z_0-9]+)""#,
            #"Error\(code: "([a-z_0-9]+)""#,
        ]
        let expressions = try patterns.map { try NSRegularExpression(pattern: $0) }
        // The domain error types whose codes reach the edges (TLS check findings are report data, not errors).
        let folders = ["Sources/Server", "Sources/phiguard", "Sources/Operations", "Sources/Cedar"]
        let domainFiles = [
            "Sources/AccessModel/AccessModelError.swift", "Sources/Store/AuditKeys.swift", "Sources/Credentials/CredentialsError.swift",
            "Sources/Monitoring/MonitoringError.swift",
        ]
        var files: [URL] = domainFiles.map { root.appendingPathComponent($0) }
        for folder in folders {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "swift" { files.append(url) }
            }
        }
        var found: [String: String] = [:]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let isDomain = domainFiles.contains { file.path.hasSuffix($0) }
            let isCedar = file.path.contains("/Sources/Cedar/")
            for (index, expression) in expressions.enumerated() where isCedar ? index == 6 : (isDomain || index < 4) {
                for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let code = String(text[Range(match.range(at: 1), in: text)!])
                    found[code] = file.lastPathComponent
                }
            }
        }
        return found
    }

    @Test("every code the sources report is in the table, once")
    func everyCodeListed() throws {
        let codes = try Self.codesInSources()
        #expect(codes.count > 60, "the source scan found too few codes: \(codes.count)")
        for (code, file) in codes.sorted(by: { $0.key < $1.key }) {
            #expect(ErrorTable.contains(code), "`\(code)` (\(file)) is not in ErrorTable")
        }
        let all = ErrorTable.entries.map(\.code)
        #expect(Set(all).count == all.count, "a code is listed twice")
    }

    @Test("statuses and exit codes follow one rule: 4xx refuse (exit 1), 503 is unavailable (exit 75), 500 a defect (exit 70)")
    func statusesAndExitCodesAgree() {
        for entry in ErrorTable.entries {
            switch entry.httpStatus {
            case 400..<500: #expect(entry.exitCode == ErrorTable.Exit.refused, "\(entry.code)")
            case 503: #expect(entry.exitCode == ErrorTable.Exit.unavailable, "\(entry.code)")
            case 500: #expect(entry.exitCode == ErrorTable.Exit.internalError, "\(entry.code)")
            default: Issue.record("`\(entry.code)` has status \(entry.httpStatus), which no edge expects")
            }
        }
        #expect(ErrorTable.entry("no_such_code").code == "internal_error")
    }

    @Test("docs/server.md and docs/cli.md list every code with its status and exit code")
    func documented() throws {
        for doc in ["docs/server.md", "docs/cli.md"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent(doc), encoding: .utf8)
            for entry in ErrorTable.entries {
                #expect(text.contains("| `\(entry.code)` | \(entry.httpStatus) | \(entry.exitCode) |"), "\(doc) does not list `\(entry.code)`")
            }
        }
    }
}
