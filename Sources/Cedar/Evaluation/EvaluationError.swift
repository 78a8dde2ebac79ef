/// An error raised while evaluating a policy. Errors are values: the authorizer skips the policy
/// and reports the error with the decision.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An operand had the wrong type.
        public static let typeError = Code("type_error")
        /// A record or entity lacks the attribute.
        public static let attributeNotFound = Code("attribute_not_found")
        /// The entity is not in the entity store.
        public static let entityNotFound = Code("entity_not_found")
        /// The entity lacks the tag.
        public static let tagNotFound = Code("tag_not_found")
        /// Integer or extension-value overflow.
        public static let overflow = Code("overflow")
        /// An extension constructor was given a string it cannot parse.
        public static let invalidExtensionValue = Code("invalid_extension_value")
        /// An extension function or method was called with the wrong number of arguments.
        public static let wrongArgumentCount = Code("wrong_argument_count")
        /// A template slot was evaluated without being linked.
        public static let unlinkedSlot = Code("unlinked_slot")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func type(expected: [Value.TypeName], got value: Value) -> EvaluationError {
        let list = expected.count == 1 ? expected[0].rawValue : "one of [" + expected.map(\.rawValue).joined(separator: ", ") + "]"
        return EvaluationError(.typeError, "type error: expected \(list), got \(value.typeName)")
    }

    static func overflow(_ what: String) -> EvaluationError {
        EvaluationError(.overflow, "integer overflow while attempting to \(what)")
    }
}
