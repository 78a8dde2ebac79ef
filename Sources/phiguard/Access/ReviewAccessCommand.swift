import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct ReviewAccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Who can reach which PHI through which roles and grants; expiring grants; inactive principals.")

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @Option(help: "Only grants reaching this department.") var department: String?
    @Option(name: .customLong("expiring-within"), help: "Days ahead for expiring grants.") var expiringWithin: Int64 = 30
    @Option(name: .customLong("inactive-days"), help: "Days without a decision before a principal counts as inactive.") var inactiveDays: Int64 = 90
    @Option(help: "text, json or csv.") var format: ReportFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let report = AccessReviewReport(
                directory: try store.loadDirectoryWithActivity(), at: .now, department: department, expiringWithinDays: expiringWithin,
                inactiveDays: inactiveDays)
            switch format {
            case .csv:
                print("principal,status,via,grant,actions,scope,purposes,labels,valid_until")
                for row in report.rows {
                    let fields = [
                        row.principalID, row.principalStatus, row.via, row.grantID, row.actions.joined(separator: " "), row.scope,
                        row.purposes.joined(separator: " "), row.labels.joined(separator: " "), row.validUntil?.description ?? "",
                    ]
                    print(fields.map(Self.csvField).joined(separator: ","))
                }
            case .json:
                print(report.json.serialized)
            case .text:
                print("Access (\(report.rows.count) principal-grant pairs):")
                for row in report.rows {
                    print(
                        "  \(row.principalID) [\(row.principalStatus)] via \(row.via): \(row.grantID) \(row.actions.joined(separator: ",")) on \(row.scope) for \(row.purposes.joined(separator: ","))"
                    )
                }
                print("Grants expiring within \(expiringWithin) days: \(report.expiringGrants.map(\.id).joined(separator: ", "))")
                print("Principals inactive for \(inactiveDays) days: \(report.inactivePrincipals.map(\.id).joined(separator: ", "))")
            }
        }
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
