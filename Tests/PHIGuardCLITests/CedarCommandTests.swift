import Foundation
import Testing

@Suite("phiguard cedar")
struct CedarCommandTests {
    let folder: TemporaryFolder
    let policies: String
    let entities: String

    init() throws {
        folder = try TemporaryFolder()
        policies = try folder.write(
            "policies.cedar",
            """
            permit(principal in Group::"staff", action == Action::"view", resource) when { context.mfa };
            forbid(principal, action, resource) unless { principal has mfa };
            permit(principal == ?principal, action, resource in ?resource);
            """)
        entities = try folder.write(
            "entities.json",
            #"[{"uid":{"type":"User","id":"alice"},"attrs":{"mfa":true},"parents":[{"type":"Group","id":"staff"}]},{"uid":{"type":"User","id":"bob"},"attrs":{"mfa":true},"parents":[]},{"uid":{"type":"Doc","id":"d"},"attrs":{},"parents":[{"type":"Folder","id":"f"}]}]"#
        )
    }

    @Test("batch authorize prints one decision line per request, in order, and exits 0")
    func batch() throws {
        let links = try folder.write(
            "links.json",
            #"[{"templateId":"policy2","newId":"grant-1","values":{"?principal":{"type":"User","id":"bob"},"?resource":{"type":"Folder","id":"f"}}}]"#
        )
        let requests = try folder.write(
            "requests.jsonl",
            """
            {"principal":{"type":"User","id":"alice"},"action":{"type":"Action","id":"view"},"resource":{"type":"Doc","id":"d"},"context":{"mfa":true}}
            {"principal":{"type":"User","id":"bob"},"action":{"type":"Action","id":"edit"},"resource":{"type":"Doc","id":"d"},"context":{}}
            {"principal":{"type":"User","id":"alice"},"action":{"type":"Action","id":"view"},"resource":{"type":"Doc","id":"d"},"context":{}}
            """)
        let result = try CLIRunner.run([
            "cedar", "authorize", "--policies", policies, "--entities", entities, "--links", links, "--requests", requests,
        ])
        #expect(result.exitCode == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"decision":"allow","reason":["policy0"],"errors":[]}"#)
        #expect(lines[1] == #"{"decision":"allow","reason":["grant-1"],"errors":[]}"#)
        #expect(lines[2].hasPrefix(#"{"decision":"deny","reason":[],"errors":[{"policy":"policy0","message":"#))
    }

    @Test("single-request authorize exits 0 on allow and 2 on deny")
    func single() throws {
        let context = try folder.write("context.json", #"{"mfa": true}"#)
        let base = [
            "cedar", "authorize", "--policies", policies, "--entities", entities, "--principal", #"User::"alice""#, "--action", #"Action::"view""#,
            "--resource", #"Doc::"d""#,
        ]
        #expect(try CLIRunner.run(base + ["--context", context]).exitCode == 0)
        let deny = try CLIRunner.run(base)
        #expect(deny.exitCode == 2)
        #expect(deny.standardOutput.hasPrefix(#"{"decision":"deny""#))
    }

    @Test("input errors exit 1 with a stable code; usage errors exit 64")
    func inputErrors() throws {
        let garbage = try folder.write("garbage.json", bytes: [0x5B, 0xFF, 0xFE, 0x5D])
        let cycle = try folder.write(
            "cycle.json",
            #"[{"uid":{"type":"A","id":"a"},"attrs":{},"parents":[{"type":"A","id":"b"}]},{"uid":{"type":"A","id":"b"},"attrs":{},"parents":[{"type":"A","id":"a"}]}]"#
        )
        let single = ["--principal", #"User::"alice""#, "--action", #"Action::"view""#, "--resource", #"Doc::"d""#]
        let cases: [([String], String)] = [
            (["--policies", policies, "--entities", garbage] + single, "invalid_utf8"),
            (["--policies", policies, "--entities", cycle] + single, "cycle"),
            (["--policies", "/nonexistent", "--entities", entities] + single, "file_not_readable"),
            (
                [
                    "--policies", policies, "--entities", entities, "--principal", "User::alice", "--action", #"Action::"view""#, "--resource",
                    #"Doc::"d""#,
                ], "policy_parse_error"
            ),
        ]
        for (arguments, fragment) in cases {
            let result = try CLIRunner.run(["cedar", "authorize"] + arguments)
            #expect(result.exitCode == 1, "\(arguments)")
            #expect(result.standardError.contains(fragment), "\(result.standardError)")
        }
        #expect(try CLIRunner.run(["cedar", "authorize", "--policies", policies, "--entities", entities]).exitCode == 64)
    }

    @Test("check-parse lists every error with line and column")
    func checkParse() throws {
        let bad = try folder.write(
            "bad.cedar", "permit(principal, action, resource) when { 1 / 2 };\nforbid(principal, action, resource) when { a };\n")
        let result = try CLIRunner.run(["cedar", "check-parse", "--policies", bad])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("bad.cedar:1:46: error: division is not supported"))
        #expect(result.standardOutput.contains("bad.cedar:2:"))
        #expect(try CLIRunner.run(["cedar", "check-parse", "--policies", policies]).exitCode == 0)
    }

    @Test("format output parses back to the same policies")
    func format() throws {
        let formatted = try CLIRunner.run(["cedar", "format", "--policies", policies])
        #expect(formatted.exitCode == 0)
        let again = try folder.write("formatted.cedar", formatted.standardOutput)
        #expect(try CLIRunner.run(["cedar", "format", "--policies", again]).standardOutput == formatted.standardOutput)
    }

    @Test("bench prints one JSON summary")
    func bench() throws {
        let requests = try folder.write(
            "bench.jsonl",
            #"{"principal":{"type":"User","id":"alice"},"action":{"type":"Action","id":"view"},"resource":{"type":"Doc","id":"d"},"context":{"mfa":true}}"#
        )
        let result = try CLIRunner.run(["cedar", "bench", "--policies", policies, "--entities", entities, "--requests", requests, "--repeat", "10"])
        #expect(result.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(object?["decisions"] as? Int == 10)
        #expect(object?["median_us"] != nil)
        #expect(object?["wall_s"] != nil)
    }
}

@Suite("phiguard cedar validate and policy validate")
struct ValidateCommandTests {
    @Test("exit 0 when valid, 1 when invalid, errors with file:line:column")
    func validate() throws {
        let folder = try TemporaryFolder()
        let schema = try folder.write(
            "schema.cedarschema", "entity User { nick?: String }; action view appliesTo { principal: User, resource: User };")
        let good = try folder.write("good.cedar", #"permit(principal, action, resource) when { principal has nick && principal.nick == "a" };"#)
        let bad = try folder.write("bad.cedar", "permit(principal, action, resource)\nwhen { principal.nick == \"a\" };")
        #expect(try CLIRunner.run(["cedar", "validate", "--policies", good, "--schema", schema]).exitCode == 0)
        let result = try CLIRunner.run(["cedar", "validate", "--policies", bad, "--schema", schema])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("bad.cedar:2:8: error: policy `policy0`"))
        let json = try CLIRunner.run(["cedar", "validate", "--policies", bad, "--schema", schema, "--format", "json"])
        #expect(json.standardOutput.hasPrefix(#"{"valid":false,"errors":[{"policy":"policy0","code":"unsafe_optional_attribute_access""#))
        // The folder form validates every policy file against schema.cedarschema.
        #expect(try CLIRunner.run(["policy", "validate", "--dir", folder.url.path]).exitCode == 1)
        let missing = try CLIRunner.run(["policy", "validate", "--dir", folder.url.appendingPathComponent("nope").path])
        #expect(missing.exitCode == 1)
        #expect(missing.standardError.contains("policy_folder_not_found"))
    }
}
