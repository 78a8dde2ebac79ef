import Cedar
import Testing

@Suite("policy parser")
struct ParserTests {
    @Test("every scope form parses")
    func scopeForms() throws {
        let policies = try PolicyParser.parse(
            """
            permit(principal == User::"a", action == Action::"view", resource in Folder::"f");
            forbid(principal in Group::"g", action in [Action::"a", Action::"b",], resource is Photo);
            permit(principal is User in Group::"g", action in Action::"all", resource is Photo in Album::"x");
            permit(principal == ?principal, action, resource in ?resource);
            """)
        #expect(policies.map(\.id) == ["policy0", "policy1", "policy2", "policy3"])
        #expect(policies[0].principal == .equals(.entity(uid(#"User::"a""#))))
        #expect(policies[1].action == .memberOfAny([uid(#"Action::"a""#), uid(#"Action::"b""#)]))
        #expect(policies[2].principal == .isTypeMemberOf(EntityType("User"), .entity(uid(#"Group::"g""#))))
        #expect(policies[3].isTemplate)
        #expect(policies[3].slots == [.principal, .resource])
    }

    @Test("annotations are kept in order and duplicates are errors")
    func annotations() throws {
        let policy = try PolicyParser.parse(#"@id("grant-7") @if @obligation("AUDTR") permit(principal, action, resource);"#)[0]
        #expect(policy.annotation("id") == "grant-7")
        #expect(policy.annotation("if") == "")
        #expect(policy.annotations.map(\.key) == ["id", "if", "obligation"])
        #expect(throws: ParseErrors.self) { try PolicyParser.parse(#"@id("a") @id("b") permit(principal, action, resource);"#) }
    }

    @Test("all errors are reported at once with line and column")
    func errorsAtOnce() {
        let text = """
            permit(principal, action, resource) when { 1 / 2 };
            permit(principal, action, resource) when { 3 % 2 };
            permit(principal, action, resource) when { principal = User::"a" };
            permit(principal, action, resource) when { context.if };
            """
        do {
            _ = try PolicyParser.parse(text)
            Issue.record("expected parse errors")
        } catch {
            #expect(error.errors.count == 4)
            #expect(error.errors[0].message == "division is not supported")
            #expect(error.errors[0].location.line == 1)
            #expect(error.errors[0].location.column == 46)
            #expect(error.errors[1].message == "remainder/modulo is not supported")
            #expect(error.errors[1].location.line == 2)
            #expect(error.errors[2].message.contains("did you mean `==`"))
            #expect(error.errors[3].message.contains("reserved identifier"))
        }
    }

    @Test(
        "invalid programs are parse errors",
        arguments: [
            "1 < 2 < 3", "context[1]", "!!!!!true", "!-1", "foo(1)", "lessThan(1, 2)", "ip::ip(\"1.2.3.4\")",
            "context.foo()", "{a: 1, a: 2}", "9223372036854775808", "\"\\q\"", "\"\\*\"", "[1].contains(1, 2)",
            "User::{id: \"x\"}", "?principal", "x", "/* c */ true",
        ])
    func invalidExpressions(_ text: String) {
        #expect(throws: ParseErrors.self) { try PolicyParser.parseExpression(text) }
    }

    @Test(
        "valid edge cases parse",
        arguments: [
            "-9223372036854775808", "[1, 2,]", "{a: 1,}", "{permit: 1, principal: 3}", "context.principal", "!!!!true",
            "----1", "User :: \"a\"", "\"\\u{1F600}\\x41\\0\"", "\"a*b\" like \"a\\*b\"", "if true then 1 else 2 || 3",
            "A::B::C::\"x\"", "context has a.b.c", "context has \"if\"", "decimal(\"1.0\").lessThan(decimal(\"2.0\"))",
        ])
    func validExpressions(_ text: String) throws {
        _ = try PolicyParser.parseExpression(text)
    }

    @Test("scope restrictions")
    func scopeRestrictions() {
        for text in [
            "permit(principal in [User::\"a\"], action, resource);",
            "permit(principal, action, resource, context);",
            "permit(principal == ?resource, action, resource);",
            "permit(principal, action == ?principal, resource);",
            "permit(principal is ?principal, action, resource);",
            "permit(principal, action is Action, resource);",
            "permit(principal, action == User::\"a\", resource);",
            "permit(principal, action, resource) when {};",
            "permit(principal, action, resource) when { ?principal == principal };",
            "permit(action, principal, resource);",
        ] {
            #expect(throws: ParseErrors.self, "\(text)") { try PolicyParser.parse(text) }
        }
    }

    @Test("deep nesting is an error, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: ParseErrors.self) { try PolicyParser.parseExpression(deep) }
        let long = Array(repeating: "1", count: 5000).joined(separator: " + ")
        #expect(throws: ParseErrors.self) { try PolicyParser.parseExpression(long) }
        let sets = String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)
        #expect(throws: ParseErrors.self) { try PolicyParser.parseExpression(sets) }
    }

    @Test("arbitrary bytes never crash the parser")
    func arbitraryBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("permit(principal,action,resource)when{}unless[]\"\\;:@?!-=<>&|+*/%.0123456789 \n\u{0}é".unicodeScalars)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<80, using: &generator) {
                text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
            }
            _ = try? PolicyParser.parse(text)
        }
    }
}

@Suite("evaluation depth")
struct EvaluationDepthTests {
    @Test("the deepest accepted expression evaluates without exhausting the stack")
    func deepestAccepted() throws {
        let terms = PolicyParser.maximumExpressionHeight - 1
        let sum = Array(repeating: "1", count: terms).joined(separator: " + ")
        #expect(try evaluate(sum) == .long(Int64(terms)))
        let nested = String(repeating: "[", count: PolicyParser.maximumNesting - 1) + String(repeating: "]", count: PolicyParser.maximumNesting - 1)
        _ = try evaluate(nested)
    }
}
