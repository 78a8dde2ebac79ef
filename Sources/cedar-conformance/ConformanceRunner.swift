import Cedar
import Foundation

/// `cedar-conformance DIR`: runs every test of a Cedar conformance corpus (the
/// cedar-integration-tests layout) and checks each request's decision, reason set and error set.
///
/// Prints per-folder counts, the first failures in detail, and a closing line
/// `N passed, M failed` over requests. Exits 0 when nothing failed, 1 otherwise, 64 on usage errors.
@main
struct ConformanceRunner {
    struct Counts {
        var passed = 0
        var failed = 0
        var validationPassed = 0
        var validationFailed = 0
        var formatRoundTrips = 0
    }

    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let root = arguments.first, arguments.count == 1 else {
            FileHandle.standardError.write(Data("usage: cedar-conformance DIR\n".utf8))
            exit(64)
        }
        let rootURL = URL(fileURLWithPath: root)
        let tests = testFiles(under: rootURL)
        guard !tests.isEmpty else {
            FileHandle.standardError.write(Data("cedar-conformance: no test files under \(root)\n".utf8))
            exit(64)
        }
        var byFolder: [String: Counts] = [:]
        var failures: [String] = []
        let started = Date()
        for test in tests {
            let folder = test.deletingLastPathComponent().path.replacingOccurrences(of: rootURL.path + "/", with: "")
            var counts = byFolder[folder, default: Counts()]
            run(test, root: rootURL, counts: &counts, failures: &failures)
            byFolder[folder] = counts
        }
        for (folder, counts) in byFolder.sorted(by: { $0.key < $1.key }) {
            print(
                "\(folder): requests \(counts.passed) passed, \(counts.failed) failed; validation \(counts.validationPassed) agree, \(counts.validationFailed) disagree"
            )
        }
        for failure in failures.prefix(40) { print("FAIL \(failure)") }
        if failures.count > 40 { print("… and \(failures.count - 40) more failures") }
        let total = byFolder.values.reduce(Counts()) {
            Counts(
                passed: $0.passed + $1.passed, failed: $0.failed + $1.failed, validationPassed: $0.validationPassed + $1.validationPassed,
                validationFailed: $0.validationFailed + $1.validationFailed, formatRoundTrips: $0.formatRoundTrips + $1.formatRoundTrips)
        }
        print("format round-trips: \(total.formatRoundTrips) policy files")
        print("validation verdicts: \(total.validationPassed) agree, \(total.validationFailed) disagree")
        print(String(format: "tests: %d files in %.1f s", tests.count, Date().timeIntervalSince(started)))
        // The closing line counts requests and validation verdicts together.
        let passed = total.passed + total.validationPassed
        let failed = total.failed + total.validationFailed
        print("\(passed) passed, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    }

    /// Test descriptions: `tests/**/N.json` and `corpus-tests/<hash>.json` (not `.entities.json`).
    static func testFiles(under root: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            guard name.hasSuffix(".json"), !name.hasSuffix(".entities.json") else { continue }
            let folder = url.deletingLastPathComponent().lastPathComponent
            if url.path.contains("/sample-data/") { continue }
            if folder == "corpus-tests" || url.path.contains("/tests/") { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    static func run(_ testURL: URL, root: URL, counts: inout Counts, failures: inout [String]) {
        let name = testURL.path.replacingOccurrences(of: root.path + "/", with: "")
        let test: JSON
        let policies: PolicySet
        let schema: Schema
        let entities: Entities
        let requests: [JSON]
        do {
            test = try JSON.parse(Array(try Data(contentsOf: testURL)))
            guard case .string(let policyPath)? = test["policies"], case .string(let entityPath)? = test["entities"],
                case .string(let schemaPath)? = test["schema"], case .array(let list)? = test["requests"]
            else { throw ConformanceError("malformed test file") }
            requests = list
            let policyText = try read(root.appendingPathComponent(policyPath))
            policies = try PolicySet(parsing: policyText)
            // Formatting then parsing must give the same policies.
            let parsed = try PolicyParser.parse(policyText)
            let formatted = PolicyFormatter.format(parsed)
            guard let reparsed = try? PolicyParser.parse(formatted), reparsed == parsed else {
                throw ConformanceError("formatting the policies does not round-trip:\n\(formatted)")
            }
            counts.formatRoundTrips += 1
            schema = try Schema(cedarSchema: try read(root.appendingPathComponent(schemaPath)))
            let json = CedarJSON(schema: schema)
            entities = try json.entities(try JSON.parse(Array(try Data(contentsOf: root.appendingPathComponent(entityPath)))))
        } catch {
            let count = (try? JSON.parse(Array((try? Data(contentsOf: testURL)) ?? Data())))?["requests"]?.arrayValue?.count ?? 1
            counts.failed += max(count, 1)
            failures.append("\(name): could not load: \(error)")
            return
        }
        let expectedValid = test["shouldValidate"]?.boolValue ?? true
        let validation = Validator(schema: schema).validate(policies)
        if validation.isValid == expectedValid {
            counts.validationPassed += 1
        } else {
            counts.validationFailed += 1
            let detail = validation.errors.map(\.description).joined(separator: "; ")
            failures.append(
                "\(name): validation: expected \(expectedValid ? "valid" : "invalid"), got \(validation.isValid ? "valid" : "invalid") \(detail)")
        }
        let json = CedarJSON(schema: schema)
        for (position, requestJSON) in requests.enumerated() {
            let label = "\(name) request \(position)"
            do {
                let request = try json.request(requestJSON)
                if requestJSON["validateRequest"]?.boolValue ?? true {
                    try schema.validate(request)
                }
                let response = Authorizer.isAuthorized(request, policies: policies, entities: entities)
                let expectedDecision = requestJSON["decision"]?.stringValue?.lowercased()
                let expectedReasons = Set(requestJSON["reason"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                let expectedErrors = Set(requestJSON["errors"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                let gotErrors = Set(response.errors.map(\.policyID))
                if response.decision.rawValue == expectedDecision, Set(response.reasons) == expectedReasons, gotErrors == expectedErrors {
                    counts.passed += 1
                } else {
                    counts.failed += 1
                    let messages = response.errors.map { "\($0.policyID): \($0.error.message)" }
                    failures.append(
                        "\(label): expected \(expectedDecision ?? "?") \(expectedReasons.sorted()) errors \(expectedErrors.sorted()); "
                            + "got \(response.decision.rawValue) \(response.reasons) errors \(messages)")
                }
            } catch {
                counts.failed += 1
                failures.append("\(label): \(error)")
            }
        }
    }
}

struct ConformanceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
