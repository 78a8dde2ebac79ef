import Cedar
import Testing

@Suite("entities and request JSON")
struct EntitiesJSONTests {
    @Test("bad entity files give clear errors")
    func badEntities() {
        let cases: [(String, String)] = [
            (
                #"[{"uid":{"type":"A","id":"a"},"attrs":{},"parents":[{"type":"A","id":"b"}]},{"uid":{"type":"A","id":"b"},"attrs":{},"parents":[{"type":"A","id":"a"}]}]"#,
                "cycle"
            ),
            (#"[{"uid":{"type":"A","id":"a"},"attrs":{},"parents":[{"type":"A","id":"a"}]}]"#, "cycle"),
            (
                #"[{"uid":{"type":"A","id":"c"},"attrs":{},"parents":[{"type":"A","id":"a"}]},{"uid":{"type":"A","id":"d"},"attrs":{},"parents":[]},"#
                    + #"{"uid":{"type":"A","id":"a"},"attrs":{},"parents":[{"type":"A","id":"b"},{"type":"A","id":"d"}]},"#
                    + #"{"uid":{"type":"A","id":"b"},"attrs":{},"parents":[{"type":"A","id":"c"}]}]"#,
                "cycle"
            ),
            (#"[{"uid":{"type":"A","id":"a"},"attrs":{},"parents":[]},{"uid":{"type":"A","id":"a"},"attrs":{},"parents":[]}]"#, "duplicate"),
            (#"[{"uid":{"type":"A","id":"a"},"attrs":{"n":9223372036854775808},"parents":[]}]"#, "range"),
            (#"[{"uid":{"type":"A","id":"a"},"attrs":{"n":1.5},"parents":[]}]"#, "floating"),
            (#"[{"uid":{"type":"A","id":"a"},"attrs":{"n":null},"parents":[]}]"#, "null"),
            (#"[{"uid":{"type":"A","id":"a"},"parents":[]}]"#, "attrs"),
            (#"[{"uid":{"type":"A","id":"a"},"attrs":{}}]"#, "parents"),
            (#"[{"uid":{"type":"A A","id":"a"},"attrs":{},"parents":[]}]"#, "type name"),
        ]
        for (json, fragment) in cases {
            do {
                _ = try entities(json)
                Issue.record("expected an error for \(json)")
            } catch let error as EntityJSONError {
                #expect(error.message.contains(fragment), "\(error.message)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("duplicate keys, invalid UTF-8 and deep nesting are JSON errors")
    func badJSON() {
        #expect(throws: JSONError.self) { try JSON.parse(#"{"a":1,"a":2}"#) }
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONError.self) { try JSON.parse(String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)) }
        #expect(throws: JSONError.self) { try JSON.parse(#""\ud800""#) }
    }

    @Test("duplicate keys are found in small objects (scanned) and large ones (hashed), compared by scalars")
    func duplicateKeys() throws {
        for size in [2, 7, 8, 9, 40] {
            let members = (0..<size).map { #""k\#($0)":\#($0)"# }
            #expect(try JSON.parse("{" + members.joined(separator: ",") + "}")["k0"] == .number("0"))
            for duplicate in [0, size - 1] {
                let text = "{" + (members + [#""k\#(duplicate)":true"#]).joined(separator: ",") + "}"
                #expect(throws: JSONError.self, "size \(size), duplicate k\(duplicate)") { try JSON.parse(text) }
            }
        }
        // An escaped key is the same key as its plain spelling; NFC and NFD spellings are not.
        #expect(throws: JSONError.self) { try JSON.parse(#"{"ab":1,"a\u0062":2}"#) }
        #expect(try JSON.parse("{\"\u{E9}\":1,\"e\u{301}\":2}").objectValue?.members.count == 2)
    }

    @Test("strings with and without escapes, literals, and where a bad string is reported")
    func stringsAndLiterals() throws {
        #expect(
            try JSON.parse(#"["plain","caf\u00e9","tab\tand \"quote\"","\ud83d\ude00",""]"#)
                == .array([.string("plain"), .string("café"), .string("tab\tand \"quote\""), .string("😀"), .string("")]))
        #expect(try JSON.parse("\"h\u{E9}llo \u{1F600}\"") == .string("héllo 😀"))
        #expect(try JSON.parse("[true,false,null]") == .array([.bool(true), .bool(false), .null]))
        for bad in ["tru", "nul", "fals", "truE", "[nulll]"] {
            #expect(throws: JSONError.self, "\(bad)") { try JSON.parse(bad) }
        }
        #expect(throws: JSONError.self) { try JSON.parse("\"unterminated") }
        #expect(throws: JSONError.self) { try JSON.parse("\"line\nbreak\"") }
        // Invalid UTF-8 inside a string, without and with an escape before it.
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0x61, 0xC3, 0x22]) }
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0x5C, 0x6E, 0xC3, 0x22]) }
        do {
            _ = try JSON.parse(Array("{\n  \"a\": \"x".utf8) + [0xFF] + Array("\"}".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "invalid UTF-8 in string")
            #expect(error.location.line == 2)
        }
    }

    @Test("__entity and __extn escapes, including the multi-argument form")
    func escapes() throws {
        let store = try entities(
            """
            [{"uid":{"__entity":{"type":"A","id":"a"}},"attrs":{
              "owner":{"__entity":{"type":"User","id":"u"}},
              "ip":{"__extn":{"fn":"ip","arg":"10.0.0.1"}},
              "when":{"__extn":{"fn":"offset","args":[{"__extn":{"fn":"datetime","arg":"2024-01-01"}},{"__extn":{"fn":"duration","arg":"1d"}}]}},
              "plain":{"type":"User","id":"u"}},"parents":[]}]
            """)
        let attributes = try #require(store.entity(uid(#"A::"a""#))?.attributes)
        #expect(attributes["owner"] == .entity(uid(#"User::"u""#)))
        #expect(attributes["ip"] == .ipaddr(IPAddress(parsing: "10.0.0.1")!))
        #expect(attributes["when"] == .datetime(CedarDatetime(parsing: "2024-01-02")!))
        // Without a schema a bare {type, id} is a record.
        #expect(attributes["plain"] == .record(["type": .string("User"), "id": .string("u")]))
    }

    @Test("schema-based parsing turns bare strings and {type,id} into typed values")
    func schemaBased() throws {
        let schema = try Schema(
            cedarSchema: """
                entity User;
                entity Doc { owner: User, ip: ipaddr, score?: decimal };
                action view appliesTo { principal: [User], resource: [Doc], context: { src: ipaddr } };
                """)
        let store = try entities(
            #"[{"uid":{"type":"Doc","id":"d"},"attrs":{"owner":{"type":"User","id":"u"},"ip":"10.0.0.1","score":"0.5"},"parents":[]}]"#,
            schema: schema)
        let attributes = try #require(store.entity(uid(#"Doc::"d""#))?.attributes)
        #expect(attributes["owner"] == .entity(uid(#"User::"u""#)))
        #expect(attributes["score"] == .decimal(CedarDecimal(parsing: "0.5")!))
        #expect(store.entity(uid(#"Action::"view""#)) != nil)
        let parsed = try CedarJSON(schema: schema).request(
            try JSON.parse(
                #"{"principal":{"type":"User","id":"u"},"action":{"type":"Action","id":"view"},"resource":{"type":"Doc","id":"d"},"context":{"src":"1.2.3.4"}}"#
            ))
        try schema.validate(parsed)
        #expect(throws: EntityJSONError.self) {
            _ = try entities(#"[{"uid":{"type":"Doc","id":"d"},"attrs":{"owner":{"type":"User","id":"u"},"ip":"x"},"parents":[]}]"#, schema: schema)
        }
        #expect(throws: EntityJSONError.self) {
            _ = try entities(#"[{"uid":{"type":"Doc","id":"d"},"attrs":{"ip":"10.0.0.1"},"parents":[]}]"#, schema: schema)
        }
        #expect(throws: SchemaError.self) {
            try schema.validate(
                Request(
                    principal: uid(#"Doc::"d""#), action: uid(#"Action::"view""#), resource: uid(#"Doc::"d""#),
                    context: ["src": .ipaddr(IPAddress(parsing: "1.2.3.4")!)]))
        }
    }
}

@Suite("entity overlay")
struct EntityOverlayTests {
    @Test("overlay entities see base ancestors; the base is unchanged")
    func overlay() throws {
        let base = try entities(
            #"[{"uid":{"type":"Department","id":"d"},"attrs":{},"parents":[{"type":"Hospital","id":"h"}]},{"uid":{"type":"Hospital","id":"h"},"attrs":{},"parents":[]}]"#
        )
        let layered = try base.overlaying([
            Entity(uid: uid(#"Record::"r""#), attributes: ["category": .string("lab")], parents: [uid(#"Patient::"p""#)]),
            Entity(uid: uid(#"Patient::"p""#), parents: [uid(#"Department::"d""#)]),
        ])
        #expect(layered.isDescendant(uid(#"Record::"r""#), of: uid(#"Hospital::"h""#)))
        #expect(layered.entity(uid(#"Record::"r""#))?.attributes["category"] == .string("lab"))
        #expect(base.entity(uid(#"Record::"r""#)) == nil)
        #expect(layered.count == 4)
        #expect(throws: EntitiesError.self) {
            _ = try base.overlaying([
                Entity(uid: uid(#"A::"a""#), parents: [uid(#"A::"b""#)]), Entity(uid: uid(#"A::"b""#), parents: [uid(#"A::"a""#)]),
            ])
        }
    }
}

@Suite("JSON serialization")
struct JSONSerializationTests {
    @Test("strings are escaped exactly where JSON requires, and round-trip")
    func escaping() throws {
        let text = "plain \"quoted\" back\\slash\nnew\rret\ttab \u{01}\u{1F} ünï 😀"
        let json = JSON.object(JSONObject([("k\"ey", .string(text)), ("n", .number("-1.5")), ("a", .array([.bool(true), .null]))]))
        #expect(json.serialized == #"{"k\"ey":"plain \"quoted\" back\\slash\nnew\rret\ttab \u0001\u001f ünï 😀","n":-1.5,"a":[true,null]}"#)
        #expect(try JSON.parse(json.serialized) == json)
        #expect(json.serializedBytes == Array(json.serialized.utf8))
    }
}
