import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct RolesIncludeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "include", abstract: "Make ROLE include INCLUDED: ROLE's members also hold INCLUDED's grants.")

    @Argument var role: String
    @Argument var included: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors { try store.apply(.includeRole(roleID: role, includedID: included)) }
    }
}
