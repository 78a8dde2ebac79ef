import Cedar
import Testing

@Suite("validator")
struct ValidatorTests {
    let schema: Schema

    init() throws {
        schema = try Schema(
            cedarSchema: """
                entity Department;
                entity Role in [Role];
                entity User in [Role, Department] { mfa: Bool, nickname?: String, department: Department };
                entity Patient in [Department] { labels: Set<String>, confidentiality: String } tags String;
                entity Purpose enum ["TREAT", "HPAYMT"];
                action phi;
                action read in [phi] appliesTo { principal: [User], resource: [Patient], context: { purpose: Purpose, justification?: String } };
                action export appliesTo { principal: [User], resource: [Patient], context: {} };
                """)
    }

    func errors(_ text: String) throws -> [String] {
        Validator(schema: schema).validate(try PolicySet(parsing: text)).errors.map(\.code)
    }

    @Test(
        "well-typed policies validate",
        arguments: [
            #"permit(principal, action == Action::"read", resource) when { context has justification && context.justification like "*" };"#,
            #"permit(principal in Role::"nurse", action in Action::"phi", resource in Department::"d1") when { resource.labels.contains("PSY") };"#,
            #"permit(principal, action, resource) when { principal has nickname && principal.nickname == "x" };"#,
            #"permit(principal, action, resource) when { resource.hasTag("consent") && resource.getTag("consent") == "yes" };"#,
            #"permit(principal, action, resource) when { false && 1 + "a" };"#,
            #"permit(principal, action, resource) when { 1 == "a" };"#,
            #"permit(principal, action, resource) when { principal == resource };"#,
            #"permit(principal, action, resource) when { if principal has nickname then principal.nickname == "a" else true };"#,
            #"permit(principal, action == Action::"read", resource) when { context.purpose == Purpose::"TREAT" };"#,
            #"permit(principal == ?principal, action, resource in ?resource);"#,
            #"permit(principal, action, resource) when { ip("10.0.0.1").isInRange(ip("10.0.0.0/8")) && datetime("2024-01-01") < datetime("2025-01-01") };"#,
            #"forbid(principal, action, resource) unless { principal.mfa };"#,
        ])
    func valid(_ text: String) throws {
        #expect(try errors(text) == [], "\(text)")
    }

    @Test(
        "ill-typed policies are rejected with a code",
        arguments: [
            (#"permit(principal, action, resource) when { principal.nickname == "x" };"#, "unsafe_optional_attribute_access"),
            (#"permit(principal, action, resource) when { principal.height > 1 };"#, "attribute_not_found"),
            (#"permit(principal, action, resource) when { 1 + "a" == 2 };"#, "unexpected_type"),
            (#"permit(principal, action, resource) when { principal.mfa == 1 };"#, "incompatible_types"),
            (#"permit(principal, action, resource) when { [1, "a"].isEmpty() };"#, "incompatible_types"),
            (#"permit(principal, action, resource) when { [].isEmpty() };"#, "empty_set_literal"),
            (#"permit(principal, action, resource) when { resource.getTag("consent") == "yes" };"#, "unsafe_tag_access"),
            (#"permit(principal, action, resource) when { principal.getTag("x") == "y" };"#, "tag_not_found"),
            (#"permit(principal, action, resource) when { context.purpose == Purpose::"RESEARCH" };"#, "invalid_enum_entity"),
            (#"permit(principal, action, resource) when { ip(context.justification).isIpv4() };"#, "extension_argument"),
            (#"permit(principal, action, resource) when { decimal("1.23456") == decimal("1.0") };"#, "invalid_extension_literal"),
            (#"permit(principal == Patient::"p", action, resource);"#, "impossible_scope"),
            (#"permit(principal, action == Action::"delete", resource);"#, "unrecognized_action"),
            (#"permit(principal, action, resource) when { false && principal in Nope::"x" };"#, "unrecognized_entity_type"),
            (#"permit(principal, action, resource) when { principal.mfa || principal.nickname == "x" };"#, "unsafe_optional_attribute_access"),
        ])
    func invalid(_ text: String, _ code: String) throws {
        let found = try errors(text)
        #expect(found.contains(code), "\(text): \(found)")
    }

    @Test("errors carry the policy id and the location of the offending expression")
    func locations() throws {
        let result = Validator(schema: schema).validate(
            try PolicySet(
                parsing: "permit(principal, action, resource);\npermit(principal, action, resource)\n  when { principal.nickname == \"x\" };"))
        let issue = try #require(result.errors.first)
        #expect(issue.policyID == "policy1")
        #expect(issue.location?.line == 3)
        #expect(issue.location?.column == 10)
    }

    @Test("warnings: impossible conditions and suspicious strings do not invalidate")
    func warnings() throws {
        let result = Validator(schema: schema).validate(
            try PolicySet(
                parsing: """
                    permit(principal, action, resource) when { principal is Patient };
                    permit(principal, action, resource) when { principal has nickname && principal.nickname == "adm\u{202E}nimda" };
                    permit(principal, action, resource) when { resource.confidentiality == "pаypal" };
                    """))
        #expect(result.isValid)
        #expect(result.warnings.map(\.code).sorted() == ["impossible_policy", "suspicious_string", "suspicious_string"])
    }
}
