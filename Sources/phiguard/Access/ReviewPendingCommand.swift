import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct ReviewPendingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pending", abstract: "List break-the-glass accesses awaiting review.")

    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let items: [ReviewItem]
            do { items = try store.openStore().reviews(status: .open) } catch { throw CLIError(domainError: error) }
            for item in items {
                switch output.format {
                case .text: print("\(item.id)\t\(item.principalID)\topened=\(item.openedAt)\tdue=\(item.dueAt)\taudit=\(item.auditSeq)")
                case .json:
                    print(item.json.serialized)
                }
            }
        }
    }
}
