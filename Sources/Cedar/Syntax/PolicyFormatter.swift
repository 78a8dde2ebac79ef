/// Prints policies in a canonical layout. Parsing the output gives the same policies: the printer
/// adds parentheses wherever precedence requires them.
public enum PolicyFormatter {
    public static func format(_ policies: [Policy]) -> String {
        policies.map(format).joined(separator: "\n\n") + (policies.isEmpty ? "" : "\n")
    }

    public static func format(_ policy: Policy) -> String {
        var out = ""
        for annotation in policy.annotations {
            out += "@\(annotation.key)(\(annotation.value.quoted))\n"
        }
        out += "\(policy.effect.rawValue) (\n"
        out += "  " + scope("principal", policy.principal) + ",\n"
        out += "  " + action(policy.action) + ",\n"
        out += "  " + scope("resource", policy.resource) + "\n)"
        for condition in policy.conditions {
            out += "\n\(condition.kind.rawValue) { \(expression(condition.body)) }"
        }
        return out + ";"
    }

    static func reference(_ reference: EntityReference) -> String {
        switch reference {
        case .entity(let uid): uid.description
        case .slot(let slot): slot.rawValue
        }
    }

    static func scope(_ variable: String, _ constraint: ScopeConstraint) -> String {
        switch constraint {
        case .any: variable
        case .equals(let r): "\(variable) == \(reference(r))"
        case .memberOf(let r): "\(variable) in \(reference(r))"
        case .isType(let type): "\(variable) is \(type)"
        case .isTypeMemberOf(let type, let r): "\(variable) is \(type) in \(reference(r))"
        }
    }

    static func action(_ constraint: ActionConstraint) -> String {
        switch constraint {
        case .any: "action"
        case .equals(let uid): "action == \(uid)"
        case .memberOf(let uid): "action in \(uid)"
        case .memberOfAny(let uids): "action in [" + uids.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Precedence levels, loosest first.
    enum Level: Int, Comparable {
        case conditional, or, and, relation, add, multiply, unary, member, primary
        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public static func expression(_ expr: Expr) -> String {
        print(expr, atLeast: .conditional)
    }

    static func print(_ expr: Expr, atLeast required: Level) -> String {
        let (text, level) = render(expr)
        return level < required ? "(\(text))" : text
    }

    static func identifierOrString(_ name: CedarString) -> (identifier: String?, quoted: String) {
        let text = name.string
        let isIdentifier = Lexer.isIdentifier(Substring(text)) && !Lexer.reservedIdentifiers.contains(text)
        return (isIdentifier ? text : nil, name.quoted)
    }

    static func render(_ expr: Expr) -> (String, Level) {
        switch expr.kind {
        case .literal(let value):
            return literal(value)
        case .variable(let variable):
            return (variable.rawValue, .primary)
        case .slot(let slot):
            return (slot.rawValue, .primary)
        case .not(let operand):
            return ("!" + print(operand, atLeast: .member), .unary)
        case .negate(let operand):
            // `-` directly before an integer literal would fold into the literal when parsed again.
            if case .literal(.long) = operand.kind { return ("-(" + expression(operand) + ")", .unary) }
            return ("-" + print(operand, atLeast: .member), .unary)
        case .and(let left, let right):
            return (print(left, atLeast: .and) + " && " + print(right, atLeast: .relation), .and)
        case .or(let left, let right):
            return (print(left, atLeast: .or) + " || " + print(right, atLeast: .and), .or)
        case .ifThenElse(let condition, let then, let otherwise):
            return ("if \(expression(condition)) then \(expression(then)) else \(expression(otherwise))", .conditional)
        case .binary(let op, let left, let right):
            switch op {
            case .add, .subtract:
                return (print(left, atLeast: .add) + " \(op.rawValue) " + print(right, atLeast: .multiply), .add)
            case .multiply:
                return (print(left, atLeast: .multiply) + " * " + print(right, atLeast: .unary), .multiply)
            default:
                return (print(left, atLeast: .add) + " \(op.rawValue) " + print(right, atLeast: .add), .relation)
            }
        case .has(let subject, let attribute):
            let name = identifierOrString(attribute)
            return (print(subject, atLeast: .add) + " has " + (name.identifier ?? name.quoted), .relation)
        case .getAttribute(let subject, let attribute):
            let name = identifierOrString(attribute)
            let access = name.identifier.map { ".\($0)" } ?? "[\(name.quoted)]"
            return (print(subject, atLeast: .member) + access, .member)
        case .like(let subject, let pattern):
            var text = "\""
            for piece in pattern {
                switch piece {
                case .wildcard: text += "*"
                case .literal(let literal):
                    // Work on scalars: a combining mark after the quote would otherwise join its grapheme.
                    var scalars = CedarString(literal).quoted.unicodeScalars.dropFirst()
                    scalars.removeLast()
                    for scalar in scalars { text += scalar == "*" ? "\\*" : String(scalar) }
                }
            }
            return (print(subject, atLeast: .add) + " like " + text + "\"", .relation)
        case .isType(let subject, let type):
            return (print(subject, atLeast: .add) + " is \(type)", .relation)
        case .set(let elements):
            return ("[" + elements.map(expression).joined(separator: ", ") + "]", .primary)
        case .record(let fields):
            let rendered = fields.map { field in
                let name = identifierOrString(field.key)
                return (name.identifier ?? name.quoted) + ": " + expression(field.value)
            }
            return ("{" + rendered.joined(separator: ", ") + "}", .primary)
        case .call(let function, let arguments):
            return ("\(function.rawValue)(" + arguments.map(expression).joined(separator: ", ") + ")", .primary)
        case .method(let receiver, let method, let arguments):
            let call = ".\(method.rawValue)(" + arguments.map(expression).joined(separator: ", ") + ")"
            return (print(receiver, atLeast: .member) + call, .member)
        }
    }

    static func literal(_ value: Value) -> (String, Level) {
        switch value {
        case .long(let n) where n < 0: (String(n), .unary)
        case .datetime(let date) where !(0...9999).contains(CedarDatetime.civilFromDays(Self.floorDays(date.milliseconds)).year):
            // Outside four-digit years the text form cannot be parsed back: build it from the epoch.
            ("datetime(\"1970-01-01\").offset(duration(\"\(CedarDuration(milliseconds: date.milliseconds))\"))", .member)
        case .set, .record: (value.description, .primary)
        default: (value.description, .primary)
        }
    }

    static func floorDays(_ milliseconds: Int64) -> Int64 {
        let day = CedarDatetime.millisecondsPerDay
        return milliseconds >= 0 ? milliseconds / day : (milliseconds + 1) / day - 1
    }
}
