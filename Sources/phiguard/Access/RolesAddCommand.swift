import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct RolesAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a role.")

    @Argument var id: String
    @Option(help: "What the role is for.") var description: String = ""
    @Option(name: .customLong("includes"), help: "A role this role includes (repeatable).") var includes: [String] = []
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try store.perform { operations, actor throws(OperationError) in
                try operations.addRole(Role(id: id, description: description, includes: includes), by: actor)
            }
        }
    }
}
