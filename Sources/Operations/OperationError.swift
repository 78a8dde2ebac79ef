public import AccessModel
import Credentials
import Store

/// What an operation throws: a code of `ErrorTable` and a message for people. Messages never
/// carry a secret or PHI; a storage failure's message keeps its details (paths, SQLite codes) for
/// the operator, and the HTTP edge replaces it with a generic one.
public struct OperationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The domain modules' errors by their stable codes; anything else is `internal_error`.
    public init(_ error: any Error) {
        switch error {
        case let error as OperationError: self = error
        case let error as AccessModelError: self.init(error.code.rawValue, error.message)
        case let error as StoreError: self.init(error.code.rawValue, error.message)
        case let error as CredentialsError: self.init(error.code.rawValue, error.message)
        case let error as PolicyBundle.Problems: self.init("invalid_policies", error.messages.prefix(5).joined(separator: "; "))
        default: self.init("internal_error", "\(error)")
        }
    }

    public var entry: ErrorTable.Entry { ErrorTable.entry(code) }
    /// Whether the same request may succeed later (the store or the audit log was unavailable).
    public var isUnavailable: Bool { entry.httpStatus == 503 }
    public var description: String { "\(code): \(message)" }
}
