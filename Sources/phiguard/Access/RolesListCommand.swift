import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct RolesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List roles and what they include.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let directory = try store.openStore().loadDirectory()
            for role in directory.roles.values.sorted(by: { $0.id < $1.id }) {
                let members = directory.assignments.values.joined().filter { $0.roleID == role.id }.count
                print("\(role.id)\tincludes=\(role.includes.joined(separator: ","))\tmembers=\(members)\t\(role.description)")
            }
        }
    }
}
