import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct GrantsAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a PHI-access grant: who, which actions on which PHI, for which purposes, when, approved by whom and why.")

    @Option(help: "Grant id.") var id: String
    @Option(help: "principal:ID or role:ID.") var grantee: String
    @Option(name: .customLong("action"), help: "create, read, update, delete, search, export, print, disclose (repeatable).") var actions: [String]
    @Option(name: .customLong("purpose"), help: "HL7 purpose of use: TREAT, HPAYMT, HOPERAT, HRESCH, … (repeatable).") var purposes: [String]
    @Option(name: .customLong("department"), help: "Department scope (repeatable); none and no --patient: every department.") var departments:
        [String] = []
    @Option(help: "One patient instead of departments.") var patient: String?
    @Option(name: .customLong("category"), help: "Record category (repeatable); none: every category.") var categories: [String] = []
    @Option(name: .customLong("label"), help: "Sensitivity label the grant reaches: PSY, PSYTHPN, SUD, HIV, SDV, … (repeatable).") var labels:
        [String] = []
    @Option(name: .customLong("confidentiality"), help: "R or V, beyond N (repeatable).") var confidentiality: [String] = []
    @Option(help: "Start (RFC 3339, a date, or now).") var from: String = "now"
    @Option(help: "End (exclusive).") var until: String?
    @Option(help: "Who approved the grant.") var approver: String
    @Option(help: "Why the grant is needed.") var justification: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let parts = grantee.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["principal", "role"].contains(parts[0]) else {
                throw CLIError(code: "invalid_grantee", message: "--grantee must be principal:ID or role:ID")
            }
            let grant = Grant(
                id: id, grantee: parts[0] == "principal" ? .principal(parts[1]) : .role(parts[1]),
                actions: try actions.map { (text: String) throws(CLIError) in try parseCode(text, PHIAction.self, option: "--action") },
                scope: GrantScope(
                    departments: departments, patient: patient,
                    categories: try categories.map { (text: String) throws(CLIError) in try parseCode(text, RecordCategory.self, option: "--category")
                    }),
                labels: try labels.map { (text: String) throws(CLIError) in try parseCode(text, SensitivityLabel.self, option: "--label") },
                confidentiality: try confidentiality.map { (text: String) throws(CLIError) in
                    try parseCode(text, Confidentiality.self, option: "--confidentiality")
                },
                purposes: try purposes.map { (text: String) throws(CLIError) in try parseCode(text, PurposeOfUse.self, option: "--purpose") },
                validFrom: try Timestamp.argument(from, option: "--from"),
                validUntil: try until.map { (text: String) throws(CLIError) in try Timestamp.argument(text, option: "--until") },
                approver: approver, justification: justification, createdBy: store.actor, createdAt: .now)
            try store.perform { operations, actor throws(OperationError) in try operations.addGrant(grant, by: actor) }
        }
    }
}
