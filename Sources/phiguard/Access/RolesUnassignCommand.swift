import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct RolesUnassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unassign", abstract: "Remove a role from a principal.")

    @Argument var principal: String
    @Argument var role: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try store.perform { operations, actor throws(OperationError) in
                try operations.unassignRole(principalID: principal, roleID: role, by: actor)
            }
        }
    }
}
