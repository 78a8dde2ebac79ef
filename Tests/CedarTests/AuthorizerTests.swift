import Cedar
import Testing

@Suite("authorizer")
struct AuthorizerTests {
    let store: Entities

    init() throws {
        store = try entities(
            """
            [{"uid": {"type": "User", "id": "alice"}, "attrs": {"mfa": true}, "parents": [{"type": "Group", "id": "staff"}]},
             {"uid": {"type": "User", "id": "bob"}, "attrs": {"mfa": false}, "parents": []},
             {"uid": {"type": "Photo", "id": "p"}, "attrs": {}, "parents": [{"type": "Album", "id": "a"}]},
             {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": [{"type": "Action", "id": "read"}]}]
            """)
    }

    @Test("forbid overrides permit; default deny; reasons name the deciding policies")
    func combining() throws {
        let policies = try PolicySet(
            parsing: """
                permit(principal in Group::"staff", action in Action::"read", resource in Album::"a");
                forbid(principal, action, resource) unless { principal.mfa };
                permit(principal == User::"bob", action, resource);
                """)
        let alice = Authorizer.isAuthorized(request(), policies: policies, entities: store)
        #expect(alice.decision == .allow)
        #expect(alice.reasons == ["policy0"])
        let bob = Authorizer.isAuthorized(request(#"User::"bob""#), policies: policies, entities: store)
        #expect(bob.decision == .deny)
        #expect(bob.reasons == ["policy1"])
        let ghost = Authorizer.isAuthorized(request(#"User::"ghost""#), policies: policies, entities: store)
        #expect(ghost.decision == .deny)
        #expect(ghost.errors.map(\.policyID) == ["policy1"])
        #expect(ghost.errors.first?.error.code == .entityNotFound)
    }

    @Test("an erroring forbid is skipped and reported, not a deny")
    func skipOnError() throws {
        let policies = try PolicySet(
            parsing: """
                permit(principal, action, resource);
                forbid(principal, action, resource) when { 1 + 9223372036854775807 == 0 };
                """)
        let response = Authorizer.isAuthorized(request(), policies: policies, entities: store)
        #expect(response.decision == .allow)
        #expect(response.errors.map(\.policyID) == ["policy1"])
        #expect(response.errors.first?.error.code == .overflow)
    }

    @Test("templates apply only once linked, and links are validated")
    func templates() throws {
        var policies = try PolicySet(parsing: "permit(principal == ?principal, action, resource in ?resource);")
        #expect(Authorizer.isAuthorized(request(), policies: policies, entities: store).decision == .deny)
        try policies.link(templateID: "policy0", newID: "grant-1", values: [.principal: uid(#"User::"alice""#), .resource: uid(#"Album::"a""#)])
        let response = Authorizer.isAuthorized(request(), policies: policies, entities: store)
        #expect(response.decision == .allow)
        #expect(response.reasons == ["grant-1"])
        #expect(policies.policy("grant-1")?.templateID == "policy0")
        #expect(throws: PolicySetError.self) {
            try policies.link(templateID: "policy0", newID: "grant-2", values: [.principal: uid(#"User::"bob""#)])
        }
        #expect(throws: PolicySetError.self) {
            try policies.link(templateID: "nope", newID: "grant-3", values: [:])
        }
        #expect(throws: PolicySetError.self) {
            try policies.link(templateID: "policy0", newID: "grant-1", values: [.principal: uid(#"User::"bob""#), .resource: uid(#"Album::"a""#)])
        }
    }

    @Test("the policy index gives the same answers as evaluating every policy")
    func indexEquivalence() throws {
        var text = ""
        for i in 0..<200 {
            switch i % 6 {
            case 0: text += "permit(principal == User::\"u\(i % 7)\", action, resource);\n"
            case 1: text += "permit(principal in Group::\"g\(i % 3)\", action == Action::\"view\", resource);\n"
            case 2:
                text +=
                    "forbid(principal, action in [Action::\"read\", Action::\"edit\"], resource in Album::\"a\(i % 4)\") when { context.x > \(i % 5) };\n"
            case 3: text += "permit(principal is User, action, resource is Photo) when { principal has mfa };\n"
            case 4: text += "permit(principal, action, resource == Photo::\"p\(i % 5)\");\n"
            default: text += "forbid(principal, action, resource) when { resource.missing };\n"
            }
        }
        let policies = try PolicySet(parsing: text)
        var json = "["
        for u in 0..<8 {
            json += "{\"uid\":{\"type\":\"User\",\"id\":\"u\(u)\"},\"attrs\":{},\"parents\":[{\"type\":\"Group\",\"id\":\"g\(u % 3)\"}]},"
        }
        for p in 0..<6 {
            json += "{\"uid\":{\"type\":\"Photo\",\"id\":\"p\(p)\"},\"attrs\":{},\"parents\":[{\"type\":\"Album\",\"id\":\"a\(p % 4)\"}]},"
        }
        json += "{\"uid\":{\"type\":\"Action\",\"id\":\"view\"},\"attrs\":{},\"parents\":[{\"type\":\"Action\",\"id\":\"read\"}]}]"
        let store = try entities(json)
        for u in 0..<9 {
            for p in 0..<7 {
                for action in ["view", "edit", "delete"] {
                    let r = request("User::\"u\(u)\"", "Action::\"\(action)\"", "Photo::\"p\(p)\"", context: ["x": .long(Int64(u % 6))])
                    let indexed = Authorizer.isAuthorized(r, policies: policies, entities: store)
                    let full = Authorizer.isAuthorizedWithoutIndex(r, policies: policies, entities: store)
                    #expect(indexed == full)
                }
            }
        }
    }
}

@Suite("policy removal")
struct PolicyRemovalTests {
    @Test("a removed policy stops deciding at once; others keep their ids")
    func removal() throws {
        var policies = try PolicySet(
            parsing: "permit(principal == User::\"alice\", action, resource);\npermit(principal, action, resource) when { false };")
        let store = try entities("[]")
        #expect(Authorizer.isAuthorized(request(), policies: policies, entities: store).decision == .allow)
        let first = policies.remove("policy0")
        let second = policies.remove("policy0")
        #expect(first)
        #expect(!second)
        #expect(Authorizer.isAuthorized(request(), policies: policies, entities: store).decision == .deny)
        #expect(policies.count == 1)
        #expect(policies.policies.map(\.id) == ["policy1"])
        try policies.add(Policy(id: "policy0", effect: .permit))
        #expect(Authorizer.isAuthorized(request(), policies: policies, entities: store).reasons == ["policy0"])
    }
}
