import AccessModel
import DatabaseTLS
import Foundation

/// Output formats of `phiguard db scan`. Every format carries the same cells, which are already
/// redacted: nothing here can print an identifier that looks like PHI or a password.
public enum ScanFormat: String, Sendable, CaseIterable {
    case text, json, junit, sarif

    public func render(_ reports: [TargetReport]) -> String {
        switch self {
        case .text: Self.text(reports)
        case .json: Self.json(reports)
        case .junit: Self.junit(reports)
        case .sarif: Self.sarif(reports)
        }
    }

    /// 0 nothing new; 1 new findings; 2 a target could not be reached or a rule could not be assessed.
    public static func exitCode(_ reports: [TargetReport]) -> Int32 {
        if reports.contains(where: { $0.status == .unreachable || !$0.notAssessable.isEmpty }) { return 2 }
        return reports.contains { !$0.failedRules.isEmpty } ? 1 : 0
    }

    static func text(_ reports: [TargetReport]) -> String {
        var out = ""
        for report in reports {
            out += "\(report.target)"
            if let version = report.serverVersion { out += " (\(report.engine.rawValue) \(version))" }
            out += "\n"
            if let error = report.error {
                out += "  NOT SCANNED  \(error.code.rawValue): \(error.message)\n\n"
                continue
            }
            if let tls = report.tls {
                out +=
                    "  tls: \(tls.protocolVersion ?? "?") \(tls.cipher ?? ""), \(tls.leafSubject ?? "?"), \(tls.daysLeft.map { "\($0) days left" } ?? "")\n"
            }
            for result in report.rules {
                let label =
                    switch result.status {
                    case .passed: "pass"
                    case .failed: "FAIL"
                    case .approved: "approved"
                    case .notAssessable: "NOT ASSESSABLE"
                    case .notApplicable: "n/a"
                    case .disabled: "disabled"
                    }
                out +=
                    "  \(result.rule.padding(toLength: 11, withPad: " ", startingAt: 0)) \(label.padding(toLength: 14, withPad: " ", startingAt: 0)) \(result.title)"
                out += result.status == .failed ? " [\(result.severity.rawValue); HIPAA \(result.hipaa.joined(separator: ", "))]\n" : "\n"
                for row in result.findings {
                    out += "      " + zip(result.columns, row.cells).map { "\($0)=\($1)" }.joined(separator: " ")
                    out += row.expiredApproval.map { " (baseline expired: \($0))" } ?? ""
                    out += "\n"
                }
                if result.status == .failed { out += "      fix: \(result.fix)\n" }
                if let note = result.note, result.status != .passed { out += "      \(note)\n" }
            }
            let failed = report.failedRules.count
            out += "  \(report.identifiersScanned) identifiers classified; \(report.phiColumns.count) columns hold PHI by name"
            out += "; \(failed) rule\(failed == 1 ? "" : "s") with new findings, \(report.notAssessable.count) not assessable\n"
            if !report.phiColumns.isEmpty {
                let byCategory = Dictionary(grouping: report.phiColumns, by: \.category.rawValue).mapValues(\.count)
                out += "  PHI columns: " + byCategory.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
            }
            if let note = report.samplingNote { out += "  sampling: \(note)\n" }
            out += "\n"
        }
        return out
    }

    static func json(_ reports: [TargetReport]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["targets": reports])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func junit(_ reports: [TargetReport]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"phiguard db scan\">\n"
        for report in reports {
            let failures = report.failedRules.count + (report.error == nil ? 0 : 1)
            out +=
                "  <testsuite name=\"\(xml(report.target))\" tests=\"\(max(report.rules.count, 1))\" failures=\"\(failures)\" skipped=\"\(report.rules.filter { [.notAssessable, .notApplicable, .disabled].contains($0.status) }.count)\">\n"
            if let error = report.error {
                out +=
                    "    <testcase classname=\"\(xml(report.key))\" name=\"connect\"><failure type=\"\(error.code.rawValue)\" message=\"\(xml(error.message))\"/></testcase>\n"
            }
            for result in report.rules {
                out += "    <testcase classname=\"\(xml(report.key))\" name=\"\(result.rule) \(xml(result.title))\">"
                switch result.status {
                case .failed:
                    let body = result.findings.map { zip(result.columns, $0.cells).map { "\($0)=\($1)" }.joined(separator: " ") }.joined(
                        separator: "\n")
                    out +=
                        "<failure type=\"\(result.severity.rawValue)\" message=\"\(result.findings.count) new finding(s); fix: \(xml(result.fix))\">\(xml(body))</failure>"
                case .notAssessable, .notApplicable, .disabled:
                    out += "<skipped message=\"\(result.status.rawValue): \(xml(result.note ?? ""))\"/>"
                case .passed, .approved:
                    break
                }
                out += "</testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// SARIF 2.1.0. A live database has no file: each finding points at a synthetic, repository-relative
    /// path `db/ENGINE/HOST_PORT/DATABASE` (code scanning accepts only such paths), with the object as
    /// a logical location.
    static func sarif(_ reports: [TargetReport]) -> String {
        let rules = ScanRule.all.map { rule -> [String: Any] in
            [
                "id": rule.id, "name": rule.id, "shortDescription": ["text": rule.title], "help": ["text": rule.fix],
                "properties": ["hipaa": rule.hipaa, "anchors": rule.anchors, "security-severity": securityScore(rule.severity.rawValue)],
            ]
        }
        var results: [[String: Any]] = []
        for report in reports {
            let path =
                "db/\(report.engine.rawValue)/"
                + report.key.drop { $0 != "/" }.drop { $0 == "/" }.map { $0.isLetter || $0.isNumber || $0 == "/" ? $0 : "_" }
            for result in report.rules where result.status == .failed {
                for row in result.findings {
                    results.append([
                        "ruleId": result.rule,
                        "level": ["critical", "high"].contains(result.severity.rawValue) ? "error" : "warning",
                        "message": ["text": "\(result.title): " + zip(result.columns, row.cells).map { "\($0)=\($1)" }.joined(separator: " ")],
                        "locations": [
                            [
                                "physicalLocation": ["artifactLocation": ["uri": String(path)]],
                                "logicalLocations": [["fullyQualifiedName": row.cells.joined(separator: "/")]],
                            ]
                        ],
                        "partialFingerprints": ["phiguardRow/v1": row.fingerprint],
                    ])
                }
            }
        }
        let document: [String: Any] = [
            "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [["tool": ["driver": ["name": "phiguard db scan", "rules": rules]], "results": results]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func securityScore(_ severity: String) -> String {
        ["critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"][severity] ?? "1.0"
    }

    static func xml(_ text: String) -> String { ReportFormat.escape(text) }
}
