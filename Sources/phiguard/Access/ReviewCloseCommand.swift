import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct ReviewCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a break-the-glass review with its outcome.")

    @Argument var id: String
    @Option(help: "justified, unjustified or escalated.") var outcome: String
    @Option(help: "What the reviewer found.") var notes: String = ""
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let outcome = try parseCode(outcome, ReviewItem.Outcome.self, option: "--outcome")
            do {
                let item = try store.operations().closeReview(id, outcome: outcome, notes: notes, by: store.operator_)
                print("\(item.id): closed as \(outcome.rawValue)")
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
