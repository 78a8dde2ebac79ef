import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct RolesIncludeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "include", abstract: "Make ROLE include INCLUDED: ROLE's members also hold INCLUDED's grants.")

    @Argument var role: String
    @Argument var included: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try store.perform { operations, actor throws(OperationError) in try operations.includeRole(included, in: role, by: actor) }
        }
    }
}
