import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard roles …`: hierarchical roles and their assignment to principals.
struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Manage roles, role inclusion and assignments.",
        subcommands: [RolesAddCommand.self, RolesIncludeCommand.self, RolesAssignCommand.self, RolesUnassignCommand.self, RolesListCommand.self]
    )
}
