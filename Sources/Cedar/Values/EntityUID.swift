/// A (possibly namespaced) entity type name such as `User` or `Hospital::Patient`.
///
/// Type names are Cedar identifiers joined by `::`, so they are ASCII and plain `String`
/// comparison is exact.
public struct EntityType: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }

    /// Byte offset of the last `::` in the name, if any (names are ASCII).
    private var lastSeparator: Int? {
        let bytes = Array(name.utf8)
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: ":") { return index }
            index -= 1
        }
        return nil
    }

    /// The namespace part (`Hospital` for `Hospital::Patient`), empty when there is none.
    public var namespace: String {
        guard let separator = lastSeparator else { return "" }
        return String(decoding: name.utf8.prefix(separator), as: UTF8.self)
    }

    /// The last path segment (`Patient` for `Hospital::Patient`).
    public var basename: String {
        guard let separator = lastSeparator else { return name }
        return String(decoding: name.utf8.dropFirst(separator + 2), as: UTF8.self)
    }

    /// Whether this is an action entity type (`Action` or `NS::Action`).
    public var isAction: Bool { name == "Action" || name.hasSuffix("::Action") }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.name < rhs.name }

    /// Whether `text` is a valid normalized type name: identifiers joined by `::`, with no spaces,
    /// no reserved words and no `__cedar` segment (as entity JSON requires).
    public static func isValidName(_ text: String) -> Bool {
        let segments = text.split(separator: "::", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            Lexer.isIdentifier(segment) && !Lexer.reservedIdentifiers.contains(String(segment)) && segment != "__cedar"
        }
    }
}

/// An entity's unique identifier: its type and its id, written `User::"alice"`.
public struct EntityUID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let type: EntityType
    public let id: CedarString

    public init(type: EntityType, id: CedarString) {
        self.type = type
        self.id = id
    }

    public init(_ type: String, _ id: String) {
        self.init(type: EntityType(type), id: CedarString(id))
    }

    public var description: String { "\(type.name)::\(id.quoted)" }

    public static func < (lhs: EntityUID, rhs: EntityUID) -> Bool {
        lhs.type != rhs.type ? lhs.type < rhs.type : lhs.id < rhs.id
    }
}
