import Cedar
import Testing

@Suite("schema")
struct SchemaTests {
    @Test("Cedar syntax: namespaces, common types, tags, enums, action groups")
    func cedarSyntax() throws {
        let schema = try Schema(
            cedarSchema: """
                namespace Hospital {
                    type Labels = Set<String>;
                    entity Department;
                    @doc("a patient")
                    entity Patient in [Department] { confidentiality: String, labels?: Labels } tags String;
                    entity Purpose enum ["TREAT", "HPAYMT"];
                    entity User;
                    action read, search in [phi];
                    action phi;
                    action update appliesTo { principal: [User], resource: [Patient], context: { purpose: Purpose } };
                }
                """)
        let patient = try #require(schema.entityTypes[EntityType("Hospital::Patient")])
        #expect(patient.memberOfTypes == [EntityType("Hospital::Department")])
        #expect(patient.shape.attributes["labels"] == RecordType.Attribute(type: SchemaType.set(SchemaType.string), isRequired: false))
        #expect(patient.tags == SchemaType.string)
        #expect(schema.entityTypes[EntityType("Hospital::Purpose")]?.enumeration == ["TREAT", "HPAYMT"])
        let read = try #require(schema.actions[EntityUID("Hospital::Action", "read")])
        #expect(read.memberOf == [EntityUID("Hospital::Action", "phi")])
    }

    @Test("JSON syntax gives the same model as the Cedar syntax")
    func jsonSyntax() throws {
        let fromJSON = try Schema(
            jsonSchema: """
                {"": {"entityTypes": {"User": {"memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {
                        "age": {"type": "Long"}, "ip": {"type": "Extension", "name": "ipaddr"}, "nick": {"type": "String", "required": false}}}},
                      "Group": {}},
                      "actions": {"view": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Group"],
                        "context": {"type": "Record", "attributes": {"mfa": {"type": "Boolean"}}}}}}}}
                """)
        let fromText = try Schema(
            cedarSchema: """
                entity Group;
                entity User in [Group] { age: Long, ip: ipaddr, nick?: String };
                action view appliesTo { principal: User, resource: Group, context: { mfa: Bool } };
                """)
        #expect(fromJSON.entityTypes == fromText.entityTypes)
        #expect(fromJSON.actions == fromText.actions)
    }

    @Test(
        "malformed schemas report every error with a location and never loop",
        arguments: [
            "type A = B; type B = A; entity E { a: A };",
            "entity A; entity A;",
            "entity A { x: Nope };",
            "action view in [missing];",
            "action a in [b]; action b in [a];",
            "entity A { x: Long, x: String };",
            "entity A",
            "namespace { }",
            "{\"\": {\"entityTypes\": {\"A\": {\"shape\": {\"type\": \"Nope\"}}}, \"actions\": {}}}",
            "{\"\": {\"entityTypes\": 1}}",
            "{",
        ])
    func malformed(_ text: String) {
        #expect(throws: SchemaErrors.self) {
            if text.hasPrefix("{") { _ = try Schema(jsonSchema: text) } else { _ = try Schema(cedarSchema: text) }
        }
    }
}

@Suite("schema shadowing")
struct SchemaShadowingTests {
    @Test("a namespaced declaration may not shadow one of the empty namespace")
    func shadowing() {
        #expect(throws: SchemaErrors.self) { _ = try Schema(cedarSchema: "entity Doc; namespace NS { entity Doc; }") }
        #expect(throws: SchemaErrors.self) { _ = try Schema(cedarSchema: "type T = Long; namespace NS { type T = String; }") }
    }
}

@Suite("schema error locations")
struct SchemaErrorLocationTests {
    @Test("JSON schema errors carry the line and column of the declaration")
    func jsonLocations() {
        let text = """
            {"": {
              "entityTypes": {
                "User": {"shape": {"type": "Record", "attributes": {"dept": {"type": "Entity", "name": "Dept"}}}}
              },
              "actions": {"view": {"memberOf": [{"id": "nope"}]}}
            }}
            """
        do {
            _ = try Schema(jsonSchema: text)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.count == 2)
            #expect(error.errors.allSatisfy { $0.location != nil })
            #expect(error.errors.contains { $0.location?.line == 3 && $0.message.contains("Dept") })
            #expect(error.errors.contains { $0.location?.line == 5 && $0.message.contains("nope") })
        }
    }

    @Test("Cedar schema errors carry line and column")
    func cedarLocations() {
        do {
            _ = try Schema(cedarSchema: "entity A;\nentity B in [C];\naction view appliesTo { principal: [Nope], resource: A };")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map { $0.location?.line } == [2, 3])
        }
    }
}
