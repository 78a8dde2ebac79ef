/// Parses Cedar policy text into policies and templates.
///
/// Every error in the text is reported, each with its line and column: after an error the parser
/// skips to the end of that policy (the next `;` outside brackets) and carries on.
public enum PolicyParser {
    /// The greatest expression-tree height accepted. Evaluation recurses over the tree, so the
    /// bound keeps hostile input from exhausting the stack.
    public static let maximumExpressionHeight = 200

    /// The greatest number of nested brackets, `if`s and argument lists accepted while parsing.
    public static let maximumNesting = 64

    /// Parses `text` into policies with positional ids `policy0`, `policy1`, … (templates included).
    public static func parse(_ text: String, idPrefix: String = "policy") throws(ParseErrors) -> [Policy] {
        var parser = Parser(bytes: Array(text.utf8))
        var policies: [Policy] = []
        while !parser.atEnd {
            let id = "\(idPrefix)\(policies.count)"
            do {
                policies.append(try parser.policy(id: id))
            } catch {
                parser.skipPastPolicy()
                // Keep numbering positional even across broken policies.
                policies.append(Policy(id: id, effect: .forbid))
            }
        }
        if !parser.errors.isEmpty { throw ParseErrors(parser.errors) }
        return policies
    }

    /// Parses one expression (used by tests, tools and the policy formatter).
    public static func parseExpression(_ text: String) throws(ParseErrors) -> Expr {
        var parser = Parser(bytes: Array(text.utf8))
        var result: Expr?
        do {
            result = try parser.expression()
            if !parser.atEnd { parser.fail("unexpected token \(parser.describe(parser.peek)) after the expression") }
        } catch {}
        guard let result, parser.errors.isEmpty else { throw ParseErrors(parser.errors) }
        return result
    }
}

/// Thrown inside the parser to abandon the current policy; the message is already recorded.
struct PolicyAbandoned: Error {}

struct Parser {
    let bytes: [UInt8]
    let tokens: [Token]
    let lines: LineTable
    var position = 0
    var errors: [ParseError] = []
    /// How many `expression()` calls are active; bounded so that deep brackets cannot exhaust the stack.
    var nesting = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.tokens = Lexer(bytes).tokenize()
        self.lines = LineTable(bytes)
    }

    // MARK: Token access

    var peek: Token { tokens[position] }
    var atEnd: Bool { if case .end = peek.kind { true } else { false } }

    func token(at offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func text(_ token: Token) -> String { String(decoding: bytes[token.start..<token.end], as: UTF8.self) }

    func location(_ token: Token) -> SourceLocation { lines.location(ofOffset: token.start) }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "end of input"
        case .invalid(let message): message
        default: "`\(text(token))`"
        }
    }

    func isPunctuation(_ token: Token, _ p: Token.Punctuation) -> Bool { token.kind == .punctuation(p) }
    func isIdentifier(_ token: Token, _ name: String) -> Bool {
        token.kind == .identifier && token.end - token.start == name.utf8.count && text(token) == name
    }

    // MARK: Errors

    mutating func report(_ message: String, at token: Token) {
        errors.append(ParseError(message, at: location(token)))
    }

    /// Records an error at the current token and abandons the policy.
    mutating func fail(_ message: String) {
        report(message, at: peek)
    }

    mutating func abandon(_ message: String, at token: Token? = nil) -> PolicyAbandoned {
        report(message, at: token ?? peek)
        return PolicyAbandoned()
    }

    mutating func expect(_ p: Token.Punctuation, _ context: String) throws(PolicyAbandoned) {
        guard isPunctuation(peek, p) else {
            throw abandon("expected `\(p.rawValue)` \(context), found \(describe(peek))")
        }
        _ = advance()
    }

    /// Skips to just past the next `;` that is outside brackets, or to the end.
    mutating func skipPastPolicy() {
        var depth = 0
        while !atEnd {
            let token = advance()
            switch token.kind {
            case .punctuation(.leftParen), .punctuation(.leftBracket), .punctuation(.leftBrace): depth += 1
            case .punctuation(.rightParen), .punctuation(.rightBracket), .punctuation(.rightBrace): depth = max(0, depth - 1)
            case .punctuation(.semicolon) where depth == 0: return
            default: break
            }
        }
    }

    // MARK: Policies

    mutating func policy(id: PolicyID) throws(PolicyAbandoned) -> Policy {
        let start = peek
        var annotations: [(key: String, value: CedarString)] = []
        while isPunctuation(peek, .at) {
            _ = advance()
            let keyToken = peek
            guard keyToken.kind == .identifier else { throw abandon("expected an annotation name after `@`, found \(describe(peek))") }
            _ = advance()
            var value = CedarString("")
            if isPunctuation(peek, .leftParen) {
                _ = advance()
                guard peek.kind == .string else { throw abandon("expected a string literal as the annotation value, found \(describe(peek))") }
                value = CedarString(try stringLiteral(advance()))
                try expect(.rightParen, "after the annotation value")
            }
            let key = text(keyToken)
            if annotations.contains(where: { $0.key == key }) {
                report("duplicate annotation: @\(key)", at: keyToken)
            }
            annotations.append((key, value))
        }
        let effect: Effect
        if isIdentifier(peek, "permit") {
            effect = .permit
        } else if isIdentifier(peek, "forbid") {
            effect = .forbid
        } else {
            throw abandon("expected `permit` or `forbid`, found \(describe(peek))")
        }
        _ = advance()
        try expect(.leftParen, "after `\(effect.rawValue)`")
        let principal = try scopeConstraint(variable: "principal", slot: .principal)
        try expect(.comma, "after the principal constraint")
        let action = try actionConstraint()
        try expect(.comma, "after the action constraint")
        let resource = try scopeConstraint(variable: "resource", slot: .resource)
        if isPunctuation(peek, .comma) {
            _ = advance()
            throw abandon("extra element in the scope: \(describe(peek)); the scope has exactly principal, action and resource")
        }
        try expect(.rightParen, "to close the policy scope")
        var conditions: [Condition] = []
        while peek.kind == .identifier {
            let kind: Condition.Kind
            if isIdentifier(peek, "when") {
                kind = .when
            } else if isIdentifier(peek, "unless") {
                kind = .unless
            } else {
                throw abandon("expected `when`, `unless` or `;`, found \(describe(peek))")
            }
            _ = advance()
            try expect(.leftBrace, "after `\(kind.rawValue)`")
            if isPunctuation(peek, .rightBrace) {
                throw abandon("`\(kind.rawValue)` clause is empty: it needs a condition")
            }
            let body = try expression()
            try expect(.rightBrace, "to close the `\(kind.rawValue)` clause")
            conditions.append(Condition(kind: kind, body: body))
        }
        try expect(.semicolon, "at the end of the policy")
        return Policy(
            id: id, effect: effect, principal: principal, action: action, resource: resource, conditions: conditions,
            annotations: annotations, location: location(start))
    }

    mutating func scopeConstraint(variable: String, slot: SlotID) throws(PolicyAbandoned) -> ScopeConstraint {
        guard isIdentifier(peek, variable) else {
            throw abandon("expected `\(variable)` in the policy scope, found \(describe(peek))")
        }
        _ = advance()
        if isPunctuation(peek, .equal) {
            _ = advance()
            return .equals(try entityReference(slot: slot))
        }
        if isIdentifier(peek, "in") {
            _ = advance()
            if isPunctuation(peek, .leftBracket) {
                throw abandon("expected single entity uid or template slot: `\(variable) in [...]` is only allowed for the action")
            }
            return .memberOf(try entityReference(slot: slot))
        }
        if isIdentifier(peek, "is") {
            _ = advance()
            if peek.kind == .slot { throw abandon("`is` must be followed by an entity type, not a template slot") }
            let type = try path()
            if isIdentifier(peek, "in") {
                _ = advance()
                return .isTypeMemberOf(EntityType(type), try entityReference(slot: slot))
            }
            return .isType(EntityType(type))
        }
        if isPunctuation(peek, .assign) {
            throw abandon("`=` is not a valid operator; did you mean `==`?")
        }
        return .any
    }

    mutating func entityReference(slot: SlotID) throws(PolicyAbandoned) -> EntityReference {
        if peek.kind == .slot {
            let token = advance()
            let name = text(token)
            guard let found = SlotID(rawValue: name) else {
                throw abandon("`\(name)` is not a valid template slot: use `?principal` or `?resource`", at: token)
            }
            guard found == slot else {
                throw abandon("template slot `\(name)` is not allowed in the \(slot == .principal ? "principal" : "resource") scope", at: token)
            }
            return .slot(found)
        }
        return .entity(try entityUID())
    }

    mutating func actionConstraint() throws(PolicyAbandoned) -> ActionConstraint {
        guard isIdentifier(peek, "action") else {
            throw abandon("expected `action` in the policy scope, found \(describe(peek))")
        }
        _ = advance()
        if isPunctuation(peek, .equal) {
            _ = advance()
            return .equals(try actionUID())
        }
        if isIdentifier(peek, "in") {
            _ = advance()
            if isPunctuation(peek, .leftBracket) {
                _ = advance()
                var uids: [EntityUID] = []
                while !isPunctuation(peek, .rightBracket) {
                    uids.append(try actionUID())
                    if isPunctuation(peek, .comma) { _ = advance() } else { break }
                }
                try expect(.rightBracket, "to close the action list")
                return .memberOfAny(uids)
            }
            return .memberOf(try actionUID())
        }
        if isIdentifier(peek, "is") {
            throw abandon("`is` is not allowed in the action scope")
        }
        if isPunctuation(peek, .assign) {
            throw abandon("`=` is not a valid operator; did you mean `==`?")
        }
        return .any
    }

    mutating func actionUID() throws(PolicyAbandoned) -> EntityUID {
        if peek.kind == .slot { throw abandon("template slots are not allowed in the action scope") }
        let token = peek
        let uid = try entityUID()
        if !uid.type.isAction {
            report("expected an entity uid with type `Action` but got `\(uid)`", at: token)
        }
        return uid
    }

    /// `Ident {:: Ident}`, stopping before a `::` that is followed by a string.
    mutating func path() throws(PolicyAbandoned) -> String {
        guard peek.kind == .identifier else { throw abandon("expected an identifier, found \(describe(peek))") }
        var name = text(advance())
        while isPunctuation(peek, .doubleColon), token(at: 1).kind == .identifier {
            _ = advance()
            name += "::" + text(advance())
        }
        return name
    }

    mutating func entityUID() throws(PolicyAbandoned) -> EntityUID {
        let start = peek
        let type = try path()
        guard isPunctuation(peek, .doubleColon) else {
            throw abandon("expected an entity uid like `\(type)::\"id\"`, found \(describe(peek))", at: start)
        }
        _ = advance()
        guard peek.kind == .string else {
            throw abandon("expected a string literal as the entity id after `\(type)::`, found \(describe(peek))")
        }
        return EntityUID(type: EntityType(type), id: CedarString(try stringLiteral(advance())))
    }

    mutating func stringLiteral(_ token: Token) throws(PolicyAbandoned) -> String {
        let pieces = try decodeString(token, pattern: false)
        if case .literal(let text)? = pieces.first { return text }
        return ""
    }

    mutating func decodeString(_ token: Token, pattern: Bool) throws(PolicyAbandoned) -> [PatternPiece] {
        switch Lexer.unescape(bytes[(token.start + 1)..<(token.end - 1)], pattern: pattern) {
        case .success(let pieces): return pieces
        case .failure(let error): throw abandon(error.message, at: token)
        }
    }

    // MARK: Expressions

    func checkHeight(_ expr: Expr) -> Bool { expr.height <= PolicyParser.maximumExpressionHeight }

    mutating func node(_ kind: ExprKind, at token: Token) throws(PolicyAbandoned) -> Expr {
        let expr = Expr(kind, at: location(token))
        guard checkHeight(expr) else {
            throw abandon("expression is nested too deeply (more than \(PolicyParser.maximumExpressionHeight) levels)", at: token)
        }
        return expr
    }

    mutating func expression() throws(PolicyAbandoned) -> Expr {
        let start = peek
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= PolicyParser.maximumNesting else {
            throw abandon("expression is nested too deeply (more than \(PolicyParser.maximumNesting) levels of brackets)", at: start)
        }
        if isIdentifier(peek, "if") {
            _ = advance()
            let condition = try expression()
            guard isIdentifier(peek, "then") else { throw abandon("expected `then`, found \(describe(peek))") }
            _ = advance()
            let then = try expression()
            guard isIdentifier(peek, "else") else { throw abandon("expected `else`, found \(describe(peek))") }
            _ = advance()
            let otherwise = try expression()
            return try node(.ifThenElse(condition, then, otherwise), at: start)
        }
        return try or()
    }

    mutating func or() throws(PolicyAbandoned) -> Expr {
        let start = peek
        var left = try and()
        while isPunctuation(peek, .or) {
            _ = advance()
            left = try node(.or(left, try and()), at: start)
        }
        return left
    }

    mutating func and() throws(PolicyAbandoned) -> Expr {
        let start = peek
        var left = try relation()
        while isPunctuation(peek, .and) {
            _ = advance()
            left = try node(.and(left, try relation()), at: start)
        }
        return left
    }

    func relationalOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .punctuation(.equal): .equal
        case .punctuation(.notEqual): .notEqual
        case .punctuation(.less): .less
        case .punctuation(.lessEqual): .lessEqual
        case .punctuation(.greater): .greater
        case .punctuation(.greaterEqual): .greaterEqual
        case .identifier where isIdentifier(token, "in"): .in
        default: nil
        }
    }

    func startsRelation(_ token: Token) -> Bool {
        relationalOperator(token) != nil || isIdentifier(token, "has") || isIdentifier(token, "like") || isIdentifier(token, "is")
    }

    mutating func relation() throws(PolicyAbandoned) -> Expr {
        let start = peek
        let left = try add()
        let result: Expr
        if let op = relationalOperator(peek) {
            _ = advance()
            result = try node(.binary(op, left, try add()), at: start)
        } else if isIdentifier(peek, "has") {
            _ = advance()
            result = try hasPath(left, start: start)
        } else if isIdentifier(peek, "like") {
            _ = advance()
            guard peek.kind == .string else { throw abandon("the right side of `like` must be a string literal pattern, found \(describe(peek))") }
            let pattern = try decodeString(advance(), pattern: true)
            result = try node(.like(left, pattern), at: start)
        } else if isIdentifier(peek, "is") {
            _ = advance()
            if peek.kind == .slot { throw abandon("`is` must be followed by an entity type, not a template slot") }
            let type = EntityType(try path())
            let isExpr = try node(.isType(left, type), at: start)
            if isIdentifier(peek, "in") {
                _ = advance()
                let container = try add()
                result = try node(.and(isExpr, try node(.binary(.in, left, container), at: start)), at: start)
            } else {
                result = isExpr
            }
        } else if isPunctuation(peek, .assign) {
            throw abandon("`=` is not a valid operator; did you mean `==`?")
        } else {
            return left
        }
        if startsRelation(peek) {
            throw abandon("multiple relational operators (>, ==, in, etc.) must be used with parentheses to make ordering explicit")
        }
        return result
    }

    /// `e has a.b.c` is `e has a && e.a has b && e.a.b has c`.
    mutating func hasPath(_ subject: Expr, start: Token) throws(PolicyAbandoned) -> Expr {
        var names: [CedarString] = []
        if peek.kind == .string {
            names.append(CedarString(try stringLiteral(advance())))
        } else {
            names.append(try attributeName(after: "has"))
            while isPunctuation(peek, .dot) {
                _ = advance()
                names.append(try attributeName(after: "."))
            }
        }
        var target = subject
        var result = try node(.has(target, names[0]), at: start)
        for index in names.indices.dropFirst() {
            target = try node(.getAttribute(target, names[index - 1]), at: start)
            result = try node(.and(result, try node(.has(target, names[index]), at: start)), at: start)
        }
        return result
    }

    mutating func attributeName(after what: String) throws(PolicyAbandoned) -> CedarString {
        guard peek.kind == .identifier else {
            throw abandon("expected an attribute name after `\(what)`, found \(describe(peek))")
        }
        let token = advance()
        let name = text(token)
        if Lexer.reservedIdentifiers.contains(name) {
            throw abandon("`\(name)` is a reserved identifier: write `[\"\(name)\"]` or `has \"\(name)\"`", at: token)
        }
        return CedarString(name)
    }

    mutating func add() throws(PolicyAbandoned) -> Expr {
        let start = peek
        var left = try multiply()
        while isPunctuation(peek, .plus) || isPunctuation(peek, .minus) {
            let op: BinaryOperator = isPunctuation(advance(), .plus) ? .add : .subtract
            left = try node(.binary(op, left, try multiply()), at: start)
        }
        return left
    }

    mutating func multiply() throws(PolicyAbandoned) -> Expr {
        let start = peek
        var left = try unary()
        while true {
            if isPunctuation(peek, .star) {
                _ = advance()
                left = try node(.binary(.multiply, left, try unary()), at: start)
            } else if isPunctuation(peek, .slash) {
                throw abandon("division is not supported")
            } else if isPunctuation(peek, .percent) {
                throw abandon("remainder/modulo is not supported")
            } else {
                return left
            }
        }
    }

    mutating func unary() throws(PolicyAbandoned) -> Expr {
        let start = peek
        var operators: [Token] = []
        while isPunctuation(peek, .bang) || isPunctuation(peek, .minus) {
            operators.append(advance())
        }
        guard let first = operators.first else { return try member() }
        let isNot = isPunctuation(first, .bang)
        if operators.contains(where: { isPunctuation($0, .bang) != isNot }) {
            throw abandon("`!` and `-` cannot be mixed in one unary operator sequence: use parentheses", at: first)
        }
        if operators.count > 4 {
            throw abandon("too many occurrences of `\(isNot ? "!" : "-")`: at most 4 are allowed", at: first)
        }
        var remaining = operators.count
        var operand: Expr
        // `-` directly before an integer literal folds into the literal, so that
        // -9223372036854775808 is a valid literal.
        if !isNot, peek.kind == .integer, !isPunctuation(token(at: 1), .dot), !isPunctuation(token(at: 1), .leftBracket) {
            let literal = advance()
            let digits = text(literal)
            guard let value = Int64("-" + digits) else {
                throw abandon("integer literal `-\(digits)` is too large", at: literal)
            }
            operand = try node(.literal(.long(value)), at: literal)
            remaining -= 1
        } else {
            operand = try member()
        }
        while remaining > 0 {
            operand = try node(isNot ? .not(operand) : .negate(operand), at: start)
            remaining -= 1
        }
        return operand
    }

    mutating func member() throws(PolicyAbandoned) -> Expr {
        let start = peek
        var subject = try primary()
        while true {
            if isPunctuation(peek, .dot) {
                _ = advance()
                guard peek.kind == .identifier else { throw abandon("expected an attribute or method name after `.`, found \(describe(peek))") }
                let nameToken = peek
                let name = text(nameToken)
                if isPunctuation(token(at: 1), .leftParen) {
                    _ = advance()
                    guard let method = Method(rawValue: name) else {
                        throw abandon("`\(name)` is not a valid method", at: nameToken)
                    }
                    let arguments = try argumentList()
                    // Built-in set and tag methods have a fixed arity checked at parse time; extension
                    // methods are checked when evaluated, as the reference engine does.
                    if method.isBuiltin, arguments.count != method.arity {
                        let plural = method.arity == 1 ? "argument" : "arguments"
                        throw abandon(
                            "call to `\(name)` requires exactly \(method.arity) \(plural), but got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")",
                            at: nameToken)
                    }
                    subject = try node(.method(subject, method, arguments), at: start)
                } else {
                    subject = try node(.getAttribute(subject, try attributeName(after: ".")), at: start)
                }
            } else if isPunctuation(peek, .leftBracket) {
                _ = advance()
                guard peek.kind == .string else {
                    throw abandon("attribute access with `[...]` needs a string literal, found \(describe(peek))")
                }
                let name = CedarString(try stringLiteral(advance()))
                try expect(.rightBracket, "after the attribute name")
                subject = try node(.getAttribute(subject, name), at: start)
            } else {
                return subject
            }
        }
    }

    mutating func argumentList() throws(PolicyAbandoned) -> [Expr] {
        try expect(.leftParen, "to start the argument list")
        var arguments: [Expr] = []
        while !isPunctuation(peek, .rightParen) {
            arguments.append(try expression())
            if isPunctuation(peek, .comma) { _ = advance() } else { break }
        }
        try expect(.rightParen, "to close the argument list")
        return arguments
    }

    mutating func primary() throws(PolicyAbandoned) -> Expr {
        let start = peek
        switch start.kind {
        case .integer:
            _ = advance()
            guard let value = Int64(text(start)) else {
                throw abandon("integer literal `\(text(start))` is too large", at: start)
            }
            return try node(.literal(.long(value)), at: start)
        case .string:
            _ = advance()
            return try node(.literal(.string(CedarString(try stringLiteral(start)))), at: start)
        case .slot:
            throw abandon("template slot `\(text(start))` is only allowed in the policy scope", at: start)
        case .punctuation(.leftParen):
            _ = advance()
            let inner = try expression()
            try expect(.rightParen, "to close the parenthesis")
            return try node(inner.kind, at: start)
        case .punctuation(.leftBracket):
            _ = advance()
            var elements: [Expr] = []
            while !isPunctuation(peek, .rightBracket) {
                elements.append(try expression())
                if isPunctuation(peek, .comma) { _ = advance() } else { break }
            }
            try expect(.rightBracket, "to close the set literal")
            return try node(.set(elements), at: start)
        case .punctuation(.leftBrace):
            _ = advance()
            return try recordLiteral(start: start)
        case .identifier:
            return try identifierPrimary()
        case .invalid(let message):
            throw abandon(message, at: start)
        default:
            throw abandon("unexpected token \(describe(start)), expected an expression", at: start)
        }
    }

    mutating func recordLiteral(start: Token) throws(PolicyAbandoned) -> Expr {
        var fields: [RecordField] = []
        var seen = Set<CedarString>()
        while !isPunctuation(peek, .rightBrace) {
            let keyToken = peek
            let key: CedarString
            if keyToken.kind == .string {
                key = CedarString(try stringLiteral(advance()))
            } else if keyToken.kind == .identifier {
                key = try attributeName(after: "{")
            } else {
                throw abandon("expected a record key (identifier or string), found \(describe(peek))")
            }
            try expect(.colon, "after the record key")
            let value = try expression()
            if !seen.insert(key).inserted {
                throw abandon("duplicate key `\(key.string)` in record literal", at: keyToken)
            }
            fields.append(RecordField(key: key, value: value))
            if isPunctuation(peek, .comma) { _ = advance() } else { break }
        }
        try expect(.rightBrace, "to close the record literal")
        return try node(.record(fields), at: start)
    }

    mutating func identifierPrimary() throws(PolicyAbandoned) -> Expr {
        let start = peek
        let first = text(start)
        // Entity uid or namespaced name.
        if isPunctuation(token(at: 1), .doubleColon) {
            let name = try path()
            if isPunctuation(peek, .leftParen) {
                throw abandon("`\(name)` is not a valid function: extension functions are not namespaced", at: start)
            }
            guard isPunctuation(peek, .doubleColon) else { throw abandon("expected `::` after `\(name)`") }
            _ = advance()
            guard peek.kind == .string else {
                throw abandon("expected a string literal as the entity id after `\(name)::`, found \(describe(peek))")
            }
            let id = CedarString(try stringLiteral(advance()))
            return try node(.literal(.entity(EntityUID(type: EntityType(name), id: id))), at: start)
        }
        if isPunctuation(token(at: 1), .leftParen) {
            _ = advance()
            guard let function = ExtensionFunction(rawValue: first) else {
                if Method(rawValue: first) != nil {
                    throw abandon("`\(first)` is a method, not a function: write `receiver.\(first)(...)`", at: start)
                }
                throw abandon("`\(first)` is not a valid function", at: start)
            }
            let arguments = try argumentList()
            return try node(Self.foldExtensionCall(function, arguments), at: start)
        }
        _ = advance()
        switch first {
        case "true": return try node(.literal(.bool(true)), at: start)
        case "false": return try node(.literal(.bool(false)), at: start)
        case "principal": return try node(.variable(.principal), at: start)
        case "action": return try node(.variable(.action), at: start)
        case "resource": return try node(.variable(.resource), at: start)
        case "context": return try node(.variable(.context), at: start)
        default:
            if Lexer.reservedIdentifiers.contains(first) {
                throw abandon("`\(first)` is a reserved identifier and cannot start an expression here", at: start)
            }
            throw abandon("invalid variable: `\(first)`; expected principal, action, resource or context", at: start)
        }
    }

    /// Constructs an extension value at parse time when the argument is a valid string literal,
    /// so that per-request evaluation does not parse it again. Anything else stays a call and is
    /// evaluated (and may error) at request time, as the reference engine does.
    static func foldExtensionCall(_ function: ExtensionFunction, _ arguments: [Expr]) -> ExprKind {
        guard arguments.count == 1, case .literal(.string(let text)) = arguments[0].kind,
            let value = Extensions.construct(function, text.string)
        else { return .call(function, arguments) }
        // A datetime outside years 0000-9999 in UTC has no literal text of its own: keep the call so that
        // formatting reproduces the source.
        if case .datetime(let date) = value, CedarDatetime(parsing: date.description) != date {
            return .call(function, arguments)
        }
        return .literal(value)
    }
}
