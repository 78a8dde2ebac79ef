import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct PrincipalsSuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Suspend a principal: every decision for it denies at once.")

    @Argument var id: String
    @Flag(help: "Reactivate a suspended principal instead.") var reactivate = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try store.perform { operations, actor throws(OperationError) in
                try operations.setStatus(of: id, to: reactivate ? .active : .suspended, by: actor)
            }
        }
    }
}
