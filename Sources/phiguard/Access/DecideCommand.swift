import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

/// `phiguard decide`: one decision, audited. Exit 0 on allow, 2 on deny, 1 on an input error.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide whether a subject may act on PHI; the decision is written to the audit log. Exit 0 allow, 2 deny."
    )

    @Option(help: "TYPE:ID, for example user:nurse.ana or service-account:svc.export.") var subject: String
    @Option(help: "create, read, update, delete, search, export, print or disclose.") var action: String
    @Option(help: "Patient:ID or Record:ID.") var resource: String
    @Option(
        name: .customLong("resource-properties"),
        help: #"JSON: {"patient","departments","category","labels","confidentiality","restrictions","care_team","part2_consent"}"#)
    var resourceProperties: String = "{}"
    @Option(help: #"JSON: {"purpose_of_use","justification","mfa","session_started"}"#) var context: String = "{}"
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let request = try buildRequest()
            var service: DecisionService
            let decision: AccessDecision
            let record: AuditRecord
            do {
                service = try DecisionService(store: try store.openStore(), bundle: try store.loadBundle(), at: request.now)
                (decision, record) = try service.decide(request)
            } catch {
                throw CLIError(domainError: error)
            }
            switch output.format {
            case .json: print(decision.json(auditRecord: record.seq).serialized)
            case .text:
                print(decision.allowed ? "allow" : "deny")
                print("reasons: \(decision.reasonCodes.joined(separator: ", "))")
                if !decision.policyIDs.isEmpty { print("policies: \(decision.policyIDs.joined(separator: ", "))") }
                if !decision.grantIDs.isEmpty { print("grants: \(decision.grantIDs.joined(separator: ", "))") }
                if !decision.obligations.isEmpty { print("obligations: \(decision.obligations.joined(separator: ", "))") }
                if let explanation = decision.explanation { print("explanation: \(explanation)") }
                for error in decision.errors { print("policy error: \(error.policyID): \(error.message)") }
                print("audit record: \(record.seq)")
            }
            if !decision.allowed { throw ExitCode(2) }
        }
    }

    func buildRequest() throws(CLIError) -> AccessRequest {
        let subjectParts = subject.split(separator: ":", maxSplits: 1).map(String.init)
        guard subjectParts.count == 2, let kind = Principal.Kind(rawValue: subjectParts[0]) else {
            throw CLIError(code: "invalid_subject", message: "--subject must be user:ID or service-account:ID")
        }
        let resourceParts = resource.split(separator: ":", maxSplits: 1).map(String.init)
        guard resourceParts.count == 2, let resourceKind = ResourceDescription.Kind(rawValue: resourceParts[0]) else {
            throw CLIError(code: "invalid_resource", message: "--resource must be Patient:ID or Record:ID")
        }
        let action = try parseCode(action, PHIAction.self, option: "--action")
        guard case .object(let properties) = try parseJSONArgument(resourceProperties, option: "--resource-properties"),
            case .object(let contextObject) = try parseJSONArgument(context, option: "--context")
        else { throw CLIError(code: "invalid_json", message: "--resource-properties and --context must be JSON objects") }
        do {
            return AccessRequest(
                subject: SubjectReference(id: subjectParts[1], kind: kind), action: action,
                resource: try ResourceDescription(kind: resourceKind, id: resourceParts[1], properties: properties),
                context: try RequestContext(json: contextObject), now: .now)
        } catch {
            throw CLIError(domainError: error)
        }
    }
}

func parseJSONArgument(_ text: String, option: String) throws(CLIError) -> JSON {
    do {
        return try JSON.parse(text)
    } catch {
        throw CLIError(code: "invalid_json", message: "\(option): \(error.message) at \(error.location)")
    }
}
