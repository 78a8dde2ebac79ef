import Crypto
public import Foundation

/// Approved finding rows, per target and rule, each with who approved it, why, and until when: the
/// model of Microsoft VA's baselines, kept in a JSON file a team reviews like code. The file holds
/// redacted cells and fingerprints only, never a value that looks like PHI.
public struct Baseline: Sendable, Codable, Hashable {
    public struct Entry: Sendable, Codable, Hashable {
        public var fingerprint: String
        /// The row as reported, for the reader of the file.
        public var cells: [String]
        public var owner: String
        public var justification: String
        /// `YYYY-MM-DD`: after this day the row is a finding again.
        public var expires: String
    }

    public var version = 1
    /// Target key (`postgres://host:port/db`) → rule id → approved rows.
    public var targets: [String: [String: [Entry]]] = [:]

    public init() {}

    public init(data: Data, source: String) throws(ScanError) {
        do {
            self = try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw ScanError(.invalidBaseline, "\(source) is not a baseline written by `phiguard db scan --write-baseline`")
        }
        guard version == 1 else { throw ScanError(.invalidBaseline, "\(source) has baseline version \(version); this PHIGuard reads version 1") }
        for (_, rules) in targets {
            for (_, entries) in rules {
                for entry in entries where Baseline.day(entry.expires) == nil || entry.owner.isEmpty || entry.justification.isEmpty {
                    throw ScanError(.invalidBaseline, "\(source): every entry needs an owner, a justification and an expiry day (YYYY-MM-DD)")
                }
            }
        }
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The entry approving `row` of `rule` on `target`, if any (expired or not).
    func entry(target: String, rule: String, fingerprint: String) -> Entry? {
        targets[target]?[rule]?.first { $0.fingerprint == fingerprint }
    }

    /// Records every finding of `reports` as approved (the rows already approved keep their entry).
    public mutating func approve(_ reports: [TargetReport], owner: String, justification: String, expires: String) {
        for report in reports {
            for result in report.rules {
                let rows = result.findings + result.approved
                guard !rows.isEmpty else { continue }
                var entries = targets[report.key]?[result.rule] ?? []
                for row in rows where !entries.contains(where: { $0.fingerprint == row.fingerprint }) {
                    entries.append(
                        Entry(fingerprint: row.fingerprint, cells: row.cells, owner: owner, justification: justification, expires: expires))
                }
                targets[report.key, default: [:]][result.rule] = entries
            }
        }
    }

    /// Seconds since 1970 at the end of `text` (`YYYY-MM-DD`, UTC), or nil.
    public static func endOfDay(_ text: String) -> Int64? { day(text) }

    static func day(_ text: String) -> Int64? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10, (2000...2200).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return nil }
        return Int64(date.timeIntervalSince1970) + 86_400
    }

    /// The fingerprint of a row: rule id and the row's identity cells, hashed.
    static func fingerprint(rule: String, cells: [String]) -> String {
        let text = ([rule] + cells).joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
