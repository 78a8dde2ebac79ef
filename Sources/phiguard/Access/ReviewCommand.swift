import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard review …`: break-the-glass reviews and the periodic access review.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review break-the-glass accesses and who can reach which PHI.",
        subcommands: [ReviewPendingCommand.self, ReviewCloseCommand.self, ReviewAccessCommand.self]
    )
}
