import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard principals …`: workforce users and service accounts.
struct PrincipalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principals",
        abstract: "Manage workforce users and service accounts.",
        subcommands: [
            PrincipalsAddCommand.self, PrincipalsListCommand.self, PrincipalsShowCommand.self, PrincipalsSuspendCommand.self,
            PrincipalsTerminateCommand.self, PrincipalsCredentialStateCommand.self,
        ]
    )
}
