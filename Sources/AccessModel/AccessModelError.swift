/// A rejected change or input in the access model, with a stable code.
public struct AccessModelError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidIdentifier = Code("invalid_identifier")
        public static let identifierLooksLikePHI = Code("identifier_looks_like_phi")
        public static let duplicateID = Code("duplicate_id")
        public static let notFound = Code("not_found")
        public static let invalidTimeWindow = Code("invalid_time_window")
        public static let alreadyRevoked = Code("already_revoked")
        public static let unknownCode = Code("unknown_code")
        public static let invalidGrant = Code("invalid_grant")
        public static let roleCycle = Code("role_cycle")
        public static let invalidState = Code("invalid_state")
        /// A request field of the wrong type or shape (a resource property, a context value).
        public static let invalidField = Code("invalid_field")
        /// The approver of a grant is its grantee, or holds the role it is granted to.
        public static let selfApproval = Code("self_approval")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
