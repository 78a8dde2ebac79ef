/// One problem found in policy or schema text, with where it is.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// Every problem found in one text, reported together, in source order.
public struct ParseErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [ParseError]

    public init(_ errors: [ParseError]) {
        self.errors = errors.sorted { $0.location < $1.location }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
