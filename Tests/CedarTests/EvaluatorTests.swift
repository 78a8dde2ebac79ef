import Cedar
import Testing

@Suite("evaluator")
struct EvaluatorTests {
    @Test("checked 64-bit arithmetic")
    func arithmetic() throws {
        #expect(try evaluate("1 + 2 * 3 - 4") == .long(3))
        #expect(try evaluate("-9223372036854775808") == .long(Int64.min))
        #expect(try errorCode("9223372036854775807 + 1") == .overflow)
        #expect(try errorCode("-(-9223372036854775808)") == .overflow)
        #expect(try errorCode("--9223372036854775808") == .overflow)
        #expect(try errorCode("4611686018427387904 * 2") == .overflow)
        #expect(try errorCode("1 + \"a\"") == .typeError)
    }

    @Test("equality across types, sets and records")
    func equality() throws {
        #expect(try evaluate("1 == \"1\"") == .bool(false))
        #expect(try evaluate("[1, 1, 2, 40] == [40, 1, 2]") == .bool(true))
        #expect(try evaluate("{a: 1, b: [2]} == {b: [2], a: 1}") == .bool(true))
        #expect(try evaluate("decimal(\"1.0\") == decimal(\"1.00\")") == .bool(true))
        #expect(try evaluate("ip(\"127.0.0.1\") == ip(\"127.0.0.1/32\")") == .bool(true))
        #expect(try evaluate("ip(\"192.168.0.1/24\") == ip(\"192.168.0.8/24\")") == .bool(false))
        #expect(try evaluate("datetime(\"2024-10-15T11:35:00+0100\") == datetime(\"2024-10-15T10:35:00Z\")") == .bool(true))
    }

    @Test("strings and ids compare by Unicode scalars, not canonical equivalence")
    func scalarComparison() throws {
        #expect(try evaluate("\"caf\\u{e9}\" == \"cafe\\u{301}\"") == .bool(false))
        #expect(try evaluate("User::\"caf\\u{e9}\" == User::\"cafe\\u{301}\"") == .bool(false))
        #expect(try evaluate("[\"caf\\u{e9}\", \"cafe\\u{301}\"].contains(\"cafe\\u{301}\")") == .bool(true))
        #expect(CedarString("caf\u{e9}") != CedarString("cafe\u{301}"))
    }

    @Test("short-circuiting exactly where Cedar does")
    func shortCircuit() throws {
        #expect(try evaluate("false && 1") == .bool(false))
        #expect(try evaluate("true || 1") == .bool(true))
        #expect(try errorCode("true && 1") == .typeError)
        #expect(try errorCode("false || 1") == .typeError)
        #expect(try evaluate("if false then 1 + \"x\" else 2") == .long(2))
        #expect(try errorCode("if 1 then 2 else 3") == .typeError)
    }

    @Test("like matches whole strings with * and \\*")
    func like() throws {
        #expect(try evaluate("\"日本語\" like \"日*\"") == .bool(true))
        #expect(try evaluate("\"abc\" like \"a*c\"") == .bool(true))
        #expect(try evaluate("\"abcd\" like \"a*c\"") == .bool(false))
        #expect(try evaluate("\"a*c\" like \"a\\*c\"") == .bool(true))
        #expect(try evaluate("\"abc\" like \"a\\*c\"") == .bool(false))
        #expect(try evaluate("\"\" like \"*\"") == .bool(true))
        #expect(try evaluate("\"aaa\" like \"*a*a*a*\"") == .bool(true))
    }

    @Test("set methods")
    func setMethods() throws {
        #expect(try evaluate("[1].containsAll([])") == .bool(true))
        #expect(try evaluate("[1].containsAny([])") == .bool(false))
        #expect(try evaluate("[].isEmpty()") == .bool(true))
        #expect(try evaluate("[1, [2]].contains([2])") == .bool(true))
        #expect(try errorCode("\"abc\".contains(\"a\")") == .typeError)
    }

    @Test("entity hierarchy, attributes and tags")
    func entityAccess() throws {
        let store = try entities(
            """
            [{"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 30, "dept": {"__entity": {"type": "Dept", "id": "d"}}},
              "parents": [{"type": "Group", "id": "g"}], "tags": {"clearance": "high"}},
             {"uid": {"type": "Group", "id": "g"}, "attrs": {}, "parents": [{"type": "Group", "id": "root"}]}]
            """)
        #expect(try evaluate("User::\"alice\" in Group::\"root\"", entities: store) == .bool(true))
        #expect(try evaluate("User::\"alice\" in [Group::\"x\", Group::\"g\"]", entities: store) == .bool(true))
        #expect(try evaluate("User::\"ghost\" in Group::\"g\"", entities: store) == .bool(false))
        #expect(try errorCode("User::\"alice\" in [Group::\"g\", 1]", entities: store) == .typeError)
        #expect(try evaluate("User::\"alice\".age", entities: store) == .long(30))
        #expect(try evaluate("User::\"alice\" has age", entities: store) == .bool(true))
        #expect(try evaluate("User::\"ghost\" has age", entities: store) == .bool(false))
        #expect(try errorCode("User::\"ghost\".age", entities: store) == .entityNotFound)
        #expect(try errorCode("User::\"alice\".height", entities: store) == .attributeNotFound)
        #expect(try evaluate("User::\"alice\".hasTag(\"clearance\")", entities: store) == .bool(true))
        #expect(try evaluate("User::\"alice\".getTag(\"clearance\")", entities: store) == .string("high"))
        #expect(try errorCode("User::\"alice\".getTag(\"missing\")", entities: store) == .tagNotFound)
        #expect(try evaluate("User::\"ghost\".hasTag(\"x\")", entities: store) == .bool(false))
        #expect(try evaluate("User::\"alice\" is User", entities: store) == .bool(true))
        #expect(try evaluate("User::\"alice\" is NS::User", entities: store) == .bool(false))
        #expect(try evaluate("{a: {b: 1}} has a.b") == .bool(true))
        #expect(try evaluate("{a: {b: 1}} has a.c") == .bool(false))
    }

    @Test("extension types and functions")
    func extensions() throws {
        #expect(try evaluate("decimal(\"-922337203685477.5808\").lessThan(decimal(\"0.0\"))") == .bool(true))
        for bad in ["1234", "1.", ".1", "1.23456", "922337203685477.5808"] {
            #expect(try errorCode("decimal(\"\(bad)\")") == .invalidExtensionValue, "\(bad)")
        }
        #expect(try evaluate("ip(\"10.1.2.3\").isInRange(ip(\"10.0.0.0/8\"))") == .bool(true))
        #expect(try evaluate("ip(\"10.0.0.0/8\").isInRange(ip(\"10.1.2.3\"))") == .bool(false))
        #expect(try evaluate("ip(\"::1\").isLoopback() && ip(\"127.1.1.1\").isLoopback()") == .bool(true))
        #expect(try evaluate("ip(\"ff02::1\").isMulticast() && ip(\"224.0.0.1\").isMulticast()") == .bool(true))
        #expect(try evaluate("ip(\"10.0.0.1\").isInRange(ip(\"::/0\"))") == .bool(false))
        for bad in ["010.0.0.1", "::ffff:1.2.3.4", "1.2.3.4/33", "1.2.3.4/01", "1.2.3", "::1/129"] {
            #expect(try errorCode("ip(\"\(bad)\")") == .invalidExtensionValue, "\(bad)")
        }
        #expect(try evaluate("datetime(\"1969-12-31T23:00:00Z\").toDate() == datetime(\"1969-12-31\")") == .bool(true))
        #expect(try evaluate("datetime(\"1969-12-31T23:00:00Z\").toTime() == duration(\"23h\")") == .bool(true))
        #expect(try errorCode("datetime(\"2024-02-30\")") == .invalidExtensionValue)
        #expect(try evaluate("datetime(\"2024-02-29\").offset(duration(\"1d\")) == datetime(\"2024-03-01\")") == .bool(true))
        #expect(try evaluate("datetime(\"2024-01-02\").durationSince(datetime(\"2024-01-01\")) == duration(\"24h\")") == .bool(true))
        #expect(try evaluate("duration(\"-1500ms\").toSeconds()") == .long(-1))
        #expect(try evaluate("duration(\"1d2h3m4s5ms\").toMilliseconds()") == .long(93_784_005))
        #expect(try evaluate("duration(\"1h\") < duration(\"61m\")") == .bool(true))
        for bad in ["1d1d", "+1d", "1h1d", "1d ", "", "-", "1x"] {
            #expect(try errorCode("duration(\"\(bad)\")") == .invalidExtensionValue, "\(bad)")
        }
        #expect(try errorCode("decimal(\"1.0\") < decimal(\"2.0\")") == .typeError)
        #expect(try errorCode("decimal(\"1.0\").lessThan()") == .wrongArgumentCount)
        #expect(try errorCode("ip(1)") == .typeError)
    }
}
