/// A Cedar expression. The source location is carried for error messages and is not part of
/// equality.
public struct Expr: Sendable, Equatable {
    public let kind: ExprKind
    public let location: SourceLocation?
    /// The height of this syntax tree (a leaf is 1). The parser bounds it so that evaluation,
    /// which recurses over the tree, cannot exhaust the stack.
    public let height: Int

    public init(_ kind: ExprKind, at location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
        var tallest = 0
        kind.forEachChild { tallest = max(tallest, $0.height) }
        self.height = tallest + 1
    }

    public static func == (lhs: Expr, rhs: Expr) -> Bool { lhs.kind == rhs.kind }
}

/// The request variables.
public enum Variable: String, Sendable, Hashable, CaseIterable {
    case principal, action, resource, context
}

/// Binary operators that evaluate both operands (`&&` and `||` short-circuit and are separate).
public enum BinaryOperator: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case `in` = "in"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
}

/// Extension constructors callable as functions.
public enum ExtensionFunction: String, Sendable, Hashable, CaseIterable {
    case ip, decimal, datetime, duration
}

/// The fixed set of Cedar methods; any other name is a parse error.
public enum Method: String, Sendable, Hashable, CaseIterable {
    case contains, containsAll, containsAny, isEmpty, hasTag, getTag
    case lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
    case isIpv4, isIpv6, isLoopback, isMulticast, isInRange
    case offset, durationSince, toDate, toTime, toMilliseconds, toSeconds, toMinutes, toHours, toDays

    /// Set and tag methods, built into the language rather than provided by an extension type.
    public var isBuiltin: Bool {
        switch self {
        case .contains, .containsAll, .containsAny, .isEmpty, .hasTag, .getTag: true
        default: false
        }
    }

    /// Number of arguments besides the receiver.
    public var arity: Int {
        switch self {
        case .isEmpty, .isIpv4, .isIpv6, .isLoopback, .isMulticast, .toDate, .toTime, .toMilliseconds, .toSeconds,
            .toMinutes, .toHours, .toDays:
            0
        default: 1
        }
    }
}

public indirect enum ExprKind: Sendable, Equatable {
    case literal(Value)
    case variable(Variable)
    case slot(SlotID)
    case not(Expr)
    case negate(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case ifThenElse(Expr, Expr, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case has(Expr, CedarString)
    case getAttribute(Expr, CedarString)
    case like(Expr, [PatternPiece])
    case isType(Expr, EntityType)
    case set([Expr])
    case record([RecordField])
    case call(ExtensionFunction, [Expr])
    case method(Expr, Method, [Expr])
}

public struct RecordField: Sendable, Equatable {
    public var key: CedarString
    public var value: Expr
}

extension ExprKind {
    /// Calls `body` on each direct subexpression, in evaluation order.
    func forEachChild(_ body: (Expr) -> Void) {
        switch self {
        case .literal, .variable, .slot: break
        case .not(let e), .negate(let e), .has(let e, _), .getAttribute(let e, _), .like(let e, _), .isType(let e, _): body(e)
        case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b):
            body(a)
            body(b)
        case .ifThenElse(let a, let b, let c):
            body(a)
            body(b)
            body(c)
        case .set(let elements), .call(_, let elements): elements.forEach(body)
        case .record(let fields): fields.forEach { body($0.value) }
        case .method(let receiver, _, let arguments):
            body(receiver)
            arguments.forEach(body)
        }
    }
}
