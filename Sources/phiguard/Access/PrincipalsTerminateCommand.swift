import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct PrincipalsTerminateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminate", abstract: "Terminate a principal (final, 164.308(a)(3)(ii)(C)); its history stays in the audit log.")

    @Argument var id: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try store.perform { operations, actor throws(OperationError) in try operations.setStatus(of: id, to: .terminated, by: actor) }
        }
    }
}
