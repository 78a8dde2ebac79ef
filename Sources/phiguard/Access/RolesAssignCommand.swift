import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct RolesAssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign a role to a principal, optionally for a time window.")

    @Argument var principal: String
    @Argument var role: String
    @Option(help: "Start of the assignment (RFC 3339 or a date).") var from: String?
    @Option(help: "End of the assignment (exclusive).") var until: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let start = try from.map { (text: String) throws(CLIError) in try Timestamp.argument(text, option: "--from") }
            let end = try until.map { (text: String) throws(CLIError) in try Timestamp.argument(text, option: "--until") }
            try store.perform { operations, actor throws(OperationError) in
                try operations.assignRole(principalID: principal, roleID: role, validFrom: start, validUntil: end, by: actor)
            }
        }
    }
}
