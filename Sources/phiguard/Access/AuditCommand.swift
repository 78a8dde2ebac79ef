import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard audit …`: the tamper-evident audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, checkpoint and export the audit log.",
        subcommands: [AuditVerifyCommand.self, AuditCheckpointCommand.self, AuditExportCommand.self]
    )
}
