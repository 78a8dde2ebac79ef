import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write audit records as JSON lines: PHIGuard's own shape, or FHIR AuditEvent shaped after IHE BALP.")

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case json, fhir }

    @Option(help: "json or fhir.") var format: ExportFormat = .json
    @Option(help: "Only records after this sequence number.") var after: Int64 = 0
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            do {
                let opened = try store.openStore()
                var cursor = after
                while true {
                    let batch = try opened.auditRecords(after: cursor, limit: 1000)
                    guard let last = batch.last else { break }
                    for record in batch {
                        print(format == .fhir ? FHIRAuditEvent.json(record).serialized : FHIRAuditEvent.plainJSON(record).serialized)
                    }
                    cursor = last.seq
                }
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
