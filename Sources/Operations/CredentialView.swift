public import AccessModel
public import Cedar
public import Credentials
import DatabaseTLS

extension CredentialRecord {
    /// The record as the CLI and the HTTP API show it; never a secret (a target connection string
    /// is shown with its password masked).
    public func json(dueAt: Timestamp?) -> JSON {
        func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        func time(_ value: Timestamp?) -> JSON { value.map { .string($0.description) } ?? .null }
        return .object(
            JSONObject([
                ("id", .string(id)), ("kind", .string(kind.rawValue)), ("owner", .string(owner)), ("contact", optional(contact)),
                ("class", .string(rotationClass)), ("principal", optional(principalID)), ("state", .string(state.rawValue)),
                ("last_rotated_at", time(lastRotatedAt)), ("expires_at", time(expiresAt)), ("due_at", time(dueAt)),
                ("target", optional(target.map(ConnectionStringMasking.mask))), ("username", optional(username)),
                ("failed_attempts", .number(String(failedAttempts))), ("locked_until", time(lockedUntil)),
                ("compromised_at", time(compromisedAt)), ("created_at", .string(createdAt.description)),
            ]))
    }
}
