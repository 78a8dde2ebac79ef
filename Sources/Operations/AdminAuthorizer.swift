public import AccessModel
import Cedar
public import Store

/// An operation of the admin API, as a Cedar action of `Policies/service/`.
public enum AdminAction: String, Sendable, CaseIterable {
    case directoryRead = "directory.read"
    case directoryWrite = "directory.write"
    case reviewsRead = "reviews.read"
    case reviewsWrite = "reviews.write"
    case auditRead = "audit.read"
    case auditVerify = "audit.verify"
    case reportRead = "report.read"
    case policiesReload = "policies.reload"
    case keysManage = "keys.manage"
    case credentialsRead = "credentials.read"
    case credentialsWrite = "credentials.write"
    case passwordsCheck = "passwords.check"

    /// The action group, as the service schema declares it.
    public var group: String {
        switch self {
        case .directoryRead, .directoryWrite: "directory"
        case .reviewsRead, .reviewsWrite: "reviews"
        case .auditRead, .auditVerify, .reportRead: "audit"
        case .policiesReload, .keysManage: "service"
        case .credentialsRead, .credentialsWrite, .passwordsCheck: "credentials"
        }
    }
}

/// Decides the admin API's own permissions with the Cedar engine: the API key is the principal,
/// its scopes an attribute, and `Policies/service/*.cedar` the policies.
public struct AdminAuthorizer: Sendable {
    let policies: PolicySet
    public let fingerprint: String
    private let actionEntities: [Entity]
    static let service = EntityUID("Service", "phiguard")

    public init(bundle: PolicyBundle) throws {
        var set = PolicySet()
        for policy in bundle.policies { try set.add(policy) }
        policies = set
        fingerprint = bundle.fingerprint
        actionEntities =
            AdminAction.allCases.map {
                Entity(uid: EntityUID("Action", $0.rawValue), parents: [EntityUID("Action", $0.group)])
            } + Set(AdminAction.allCases.map(\.group)).map { Entity(uid: EntityUID("Action", $0)) }
    }

    /// Whether `key` may perform `action`, with the policies that decided.
    public func isAllowed(_ key: APIKey, _ action: AdminAction) -> (allowed: Bool, policies: [String]) {
        let principal = EntityUID("ApiKey", key.id)
        let keyEntity = Entity(
            uid: principal,
            attributes: ["name": .string(CedarString(key.name)), "scopes": .set(Set(key.scopes.map { .string(CedarString($0.rawValue)) }))])
        guard let entities = try? Entities(actionEntities + [keyEntity, Entity(uid: Self.service)]) else { return (false, []) }
        let response = Authorizer.isAuthorized(
            Request(principal: principal, action: EntityUID("Action", action.rawValue), resource: Self.service), policies: policies,
            entities: entities)
        return (response.decision == .allow && response.errors.isEmpty, response.reasons)
    }
}
