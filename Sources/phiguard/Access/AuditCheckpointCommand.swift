import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Sign the current head of the audit chain with the key kept outside the database.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            do {
                if let checkpoint = try store.openStore().writeCheckpoint(at: .now) {
                    print("checkpoint at record \(checkpoint.seq) signed with key \(checkpoint.keyID)")
                } else {
                    print("the audit log is empty")
                }
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
