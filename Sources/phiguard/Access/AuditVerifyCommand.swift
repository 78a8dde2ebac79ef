import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check every link of the audit chain and every signed checkpoint; exit 1 at the first broken link.")

    @Option(help: ArgumentHelp("Also check the checkpoints in FILE, written by `audit checkpoint --export`.", valueName: "FILE"))
    var witness: String?
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let witnessed = try witness.map { (path: String) throws(CLIError) in try WitnessFile.read(path) } ?? []
            let verification: Store.AuditVerification
            do { verification = try store.operations().verifyAudit(witnessed: witnessed, by: store.operator_) } catch {
                throw CLIError(domainError: error)
            }
            switch output.format {
            case .text: print(verification.isIntact ? "intact: \(verification.message)" : "BROKEN: \(verification.message)")
            case .json:
                print(verification.json.serialized)
            }
            if !verification.isIntact { throw ExitCode(1) }
        }
    }
}
