import Foundation

/// Renders `tls check` reports as text (people), JSON (scripts) or JUnit XML (CI test reports).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, junit

    public func render(_ reports: [EndpointReport], policy: TLSPolicy, verbose: Bool = false) -> String {
        switch self {
        case .text: Self.text(reports, policy: policy, verbose: verbose)
        case .json: Self.json(reports, policy: policy)
        case .junit: Self.junit(reports, policy: policy)
        }
    }

    /// The process exit code for a run: 2 when any endpoint could not be checked, else 1 when any failed, else 0.
    public static func exitCode(_ reports: [EndpointReport]) -> Int32 {
        if reports.contains(where: { $0.status == .error }) { return 2 }
        if reports.contains(where: { $0.status == .failed }) { return 1 }
        return 0
    }

    private static func text(_ reports: [EndpointReport], policy: TLSPolicy, verbose: Bool) -> String {
        var lines: [String] = []
        for report in reports {
            var heading = "\(report.endpoint.url)  \(report.status.rawValue.uppercased())"
            if let session = report.session { heading += "  \(session.protocolVersion) \(session.cipher)" }
            lines.append(heading + "  (\(Int(report.milliseconds.rounded())) ms)")
            if let error = report.error {
                lines.append("  error \(error.code): \(error.message)")
            }
            for result in report.checks where verbose || result.outcome == .fail {
                let mark = result.outcome == .fail ? (result.severity >= policy.failAt ? "FAIL" : "warn") : result.outcome.rawValue
                lines.append("  \(mark.padding(7)) \(result.severity.rawValue.padding(8))  \(result.check.rawValue): \(result.message)")
            }
        }
        lines.append("")
        lines += summaryTable(reports, policy: policy)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func summaryTable(_ reports: [EndpointReport], policy: TLSPolicy) -> [String] {
        let rows = reports.map { report -> [String] in
            let worst = report.failures(at: policy.failAt).first
            let daysLeft =
                (report.verifiedPath ?? report.certificates).map(\.notAfter).min().map { String(($0 - Int64(Date().timeIntervalSince1970)) / 86_400) }
                ?? "-"
            return [
                report.endpoint.url, report.status.rawValue,
                report.error?.code.rawValue ?? worst.map { "\($0.check.rawValue) (\($0.severity.rawValue))" } ?? "-",
                daysLeft, report.session?.protocolVersion ?? "-",
            ]
        }
        let header = ["ENDPOINT", "STATUS", "WORST", "DAYS LEFT", "PROTOCOL"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        let format = { (row: [String]) in zip(row, widths).map { $0.padding($1) }.joined(separator: "  ").trimmingTrailingSpaces }
        var lines = [format(header)] + rows.map(format)
        func count(_ status: EndpointReport.Status) -> Int { reports.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }
        lines.append(
            "\(reports.count) endpoint(s): \(count(.passed)) passed, \(count(.failed)) failed, \(count(.error)) could not be checked (fail at \(policy.failAt.rawValue))"
        )
        return lines
    }

    private static func json(_ reports: [EndpointReport], policy: TLSPolicy) -> String {
        struct Document: Encodable {
            var endpoints: [EndpointReport]
            var failAt: Severity
            var exitCode: Int32
            enum CodingKeys: String, CodingKey {
                case endpoints
                case failAt = "fail_at"
                case exitCode = "exit_code"
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(endpoints: reports, failAt: policy.failAt, exitCode: exitCode(reports)))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func junit(_ reports: [EndpointReport], policy: TLSPolicy) -> String {
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let failures = reports.reduce(0) { $0 + $1.failures(at: policy.failAt).count }
        let errors = reports.filter { $0.status == .error }.count
        let tests = reports.reduce(0) { $0 + max(1, $1.checks.count) }
        xml.append("<testsuites name=\"phiguard tls check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">")
        for report in reports {
            let suite = escape(report.endpoint.url)
            let suiteFailures = report.failures(at: policy.failAt).count
            xml.append(
                "  <testsuite name=\"\(suite)\" tests=\"\(max(1, report.checks.count))\" failures=\"\(suiteFailures)\" errors=\"\(report.status == .error ? 1 : 0)\" time=\"\(milliseconds(report.milliseconds))\">"
            )
            if let error = report.error {
                xml.append("    <testcase classname=\"\(suite)\" name=\"connect\">")
                xml.append("      <error type=\"\(escape(error.code.rawValue))\" message=\"\(escape(error.message))\"/>")
                xml.append("    </testcase>")
            }
            for result in report.checks {
                let open = "    <testcase classname=\"\(suite)\" name=\"\(result.check.rawValue)\">"
                switch result.outcome {
                case .fail where result.severity >= policy.failAt:
                    xml += [open, "      <failure type=\"\(result.severity.rawValue)\" message=\"\(escape(result.message))\"/>", "    </testcase>"]
                case .skipped:
                    xml += [open, "      <skipped message=\"\(escape(result.message))\"/>", "    </testcase>"]
                default:
                    xml.append("    <testcase classname=\"\(suite)\" name=\"\(result.check.rawValue)\"/>")
                }
            }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    /// Seconds with millisecond precision, as JUnit's `time` attribute wants.
    private static func milliseconds(_ value: Double) -> String {
        let whole = Int(value.rounded())
        let fraction = String(whole % 1000)
        return "\(whole / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Text for an XML attribute or element (JUnit reports).
    public static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            // XML 1.0 forbids most control characters, even escaped.
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": output += "?"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    // An index walk, not `reversed().drop(while:).reversed()`: the Swift runtime builds that nest of
    // generic collection types on first use, which cost each `tls check` run about 1 ms.
    var trimmingTrailingSpaces: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}

/// Renders `conn lint` findings. Findings are already scrubbed of every secret the linter met
/// (`ConnectionLinter`); the formats add nothing from the input.
public enum LintFormat: String, Sendable, CaseIterable {
    case text, json, junit, sarif

    public func render(_ findings: [LintFinding], failAt: Severity) -> String {
        switch self {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return findings.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) + "\n" }.joined()
        case .text:
            var lines: [String] = []
            for finding in findings {
                let mark = finding.severity >= failAt ? "FAIL" : "warn"
                lines.append("\(finding.source): \(mark) \(finding.severity.rawValue) \(finding.code): \(finding.setting)")
                lines.append("    why:  \(finding.why)")
                lines.append("    safe: \(finding.safe)")
                lines.append("    in:   \(finding.connection)")
            }
            let failing = findings.filter { $0.severity >= failAt }.count
            lines.append("\(findings.count) finding(s), \(failing) at or above \(failAt.rawValue)")
            return lines.joined(separator: "\n") + "\n"
        case .junit:
            // One test case per finding; those at or above the threshold fail.
            let escape = ReportFormat.escape
            let failing = findings.filter { $0.severity >= failAt }.count
            var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
            xml.append("<testsuites name=\"phiguard conn lint\" tests=\"\(findings.count)\" failures=\"\(failing)\">")
            xml.append("  <testsuite name=\"conn lint\" tests=\"\(findings.count)\" failures=\"\(failing)\">")
            for finding in findings {
                let open = "    <testcase classname=\"\(escape(finding.source))\" name=\"\(escape(finding.code))\">"
                let body = "\(finding.setting): \(finding.why). Safe: \(finding.safe). In: \(finding.connection)"
                if finding.severity >= failAt {
                    xml += [open, "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(escape(body))\"/>", "    </testcase>"]
                } else {
                    xml += [open, "      <system-out>\(escape(body))</system-out>", "    </testcase>"]
                }
            }
            xml += ["  </testsuite>", "</testsuites>"]
            return xml.joined(separator: "\n") + "\n"
        case .sarif:
            return Self.sarif(findings, failAt: failAt)
        }
    }

    /// SARIF 2.1.0, as code-scanning services read it: one rule per code, one result per finding,
    /// located at `FILE:LINE` when the source is a file.
    private static func sarif(_ findings: [LintFinding], failAt: Severity) -> String {
        func level(_ severity: Severity) -> String {
            severity >= failAt ? "error" : severity >= .low ? "warning" : "note"
        }
        var rules: [[String: Any]] = []
        var seen: Set<String> = []
        for finding in findings where seen.insert(finding.code).inserted {
            rules.append(["id": finding.code, "shortDescription": ["text": finding.why], "help": ["text": "Safe: \(finding.safe)"]])
        }
        let results: [[String: Any]] = findings.map { finding in
            var result: [String: Any] = [
                "ruleId": finding.code, "level": level(finding.severity),
                "message": ["text": "\(finding.setting): \(finding.why). Safe: \(finding.safe). In: \(finding.connection)"],
                "properties": ["severity": finding.severity.rawValue, "family": finding.family],
            ]
            // `file:12` or `file:12 (NAME)`: a physical location.
            let place = finding.source.split(separator: " ").first.map(String.init) ?? finding.source
            if let colon = place.lastIndex(of: ":"), let line = Int(place[place.index(after: colon)...]) {
                result["locations"] = [
                    ["physicalLocation": ["artifactLocation": ["uri": String(place[..<colon])], "region": ["startLine": line]]]
                ]
            }
            return result
        }
        let document: [String: Any] = [
            "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [["tool": ["driver": ["name": "phiguard conn lint", "rules": rules]], "results": results]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension TrustAnchors {
    /// The CA files a `--ca` path names: the file itself, or every `*.pem`, `*.crt` and `*.cer` in a folder (sorted).
    public static func files(at path: String) throws(TLSCheckError) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw TLSCheckError(.noTrustAnchors, "CA path `\(path)` does not exist")
        }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { name in [".pem", ".crt", ".cer"].contains { name.lowercased().hasSuffix($0) } }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
