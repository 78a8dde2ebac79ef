import AccessModel
import Cedar
import Credentials
import DatabaseScan
import DatabaseTLS
import Foundation
import Monitoring

/// One fuzz target per parser that takes untrusted input. Each either returns or traps; a trap is
/// a finding: a crash inside a parser, or a broken property checked here (`require`).
enum FuzzTarget: String, CaseIterable {
    case cedarPolicy = "cedar-policy"
    case cedarSchema = "cedar-schema"
    case cedarSchemaJSON = "cedar-schema-json"
    case cedarEntities = "cedar-entities"
    case cedarJSON = "cedar-json"
    case authzenRequest = "authzen-request"
    case connectionLint = "conn-lint"
    case tlsPolicy = "tls-policy"
    case endpointURL = "endpoint-url"
    case rotationRules = "rotation-rules"
    case passwordProfile = "password-profile"
    case phiClassifier = "phi-classifier"
    case scanInputs = "db-scan-inputs"
    case monitorInputs = "monitor-inputs"

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .cedarPolicy:
            // Property: what the formatter prints parses back to the same policies.
            guard let policies = try? PolicyParser.parse(text) else { return }
            let printed = PolicyFormatter.format(policies)
            do {
                let again = try PolicyParser.parse(printed)
                require(again == policies, "format then parse changed the policies:\n\(printed)")
            } catch {
                require(false, "the formatter printed text that does not parse: \(error)\n\(printed)")
            }
        case .cedarSchema:
            _ = try? Schema(cedarSchema: text)
        case .cedarSchemaJSON:
            _ = try? Schema(jsonSchema: text)
        case .cedarEntities:
            guard let json = try? JSON.parse(bytes) else { return }
            _ = try? CedarJSON().entities(json)
            _ = try? CedarJSON().request(json)
        case .cedarJSON:
            // Property: a JSON value the parser accepts, rendered, parses to the same value.
            guard let json = try? JSON.parse(bytes) else { return }
            require((try? JSON.parse(json.serializedBytes)) == json, "JSON did not round-trip: \(json.serialized)")
        case .authzenRequest:
            // The AuthZEN resource properties and context PHIGuard reads from a request.
            guard let json = try? JSON.parse(bytes), case .object(let object) = json else { return }
            _ = try? ResourceDescription(kind: .record, id: "r-1", properties: object)
            _ = try? ResourceDescription(kind: .patient, id: "p-1", properties: object)
            _ = try? RequestContext(json: object)
        case .connectionLint:
            // Property: a password met in the input never reaches a finding.
            let canary = "Zq9CanaryPw"
            let input = text + "\npostgresql://app:\(canary)@db.example:5432/ehr?sslmode=disable\n"
            let kind = bytes.first.map { Int($0) % 4 } ?? 0
            let name = ["snippet.txt", "settings.yaml", "app.env", "db.go"][kind]
            for finding in ConnectionLinter.lintDocument(input, file: name) {
                let printed = [finding.code, finding.setting, finding.why, finding.safe, finding.source, finding.connection].joined(separator: " ")
                require(!contains(printed, canary), "a password reached a finding: \(finding)")
            }
            _ = ConnectionLinter.lint(text, source: "fuzz")
        case .tlsPolicy:
            _ = try? TLSPolicy(yaml: text)
        case .endpointURL:
            _ = try? Endpoint(parsing: text)
            _ = ConnectionStringMasking.mask(text)
        case .rotationRules:
            _ = try? RotationRules(yaml: text)
        case .passwordProfile:
            _ = try? PasswordProfile(yaml: text, file: "fuzz.yaml")
        case .phiClassifier:
            for identifierClass in PHIClassifier.IdentifierClass.allCases { _ = PHIClassifier.phiIn(text, as: identifierClass) }
            _ = PHIClassifier.columnCategory(text)
            _ = PHIClassifier.valueCategory(text)
            _ = try? IdentifierHygiene.check(text, what: "fuzz id")
            // Property: a redacted name never shows more than its first two characters.
            let redacted = Redaction.redact(text)
            require(text.count < 3 || !contains(redacted, text), "redaction kept the name")
        case .monitorInputs:
            // Each line an access record, scored by a fresh monitor: hostile times, ids and lists reach the rules.
            let monitor = PrivacyMonitor()
            for line in bytes.split(separator: 0x0A) {
                let record = Array(line).withUnsafeBufferPointer { try? AccessRecordParser.parse($0, source: "fuzz", line: 1) }
                if let record { monitor.process(record) }
            }
            monitor.finish()
            _ = try? MonitoringSettings(yaml: text, source: "fuzz")
            _ = try? MonitoringFacts(json: Data(bytes), source: "fuzz")
            // Property: a time that parses formats back to the same second.
            if let seconds = RFC3339.seconds(text) { require(RFC3339.seconds(RFC3339.format(seconds)) == seconds, "RFC 3339 round trip") }
        case .scanInputs:
            _ = try? ScanTarget(url: text)
            _ = try? ScanSettings(yaml: text, source: "fuzz")
            _ = try? Baseline(data: Data(bytes), source: "fuzz")
            _ = PasswordSource(environmentPassword: nil, fileText: text).password(for: Self.scanTarget)
        }
    }

    static let scanTarget = try! ScanTarget(url: "postgresql://scan@db.example:5432/ehr")
}

/// Whether `needle` occurs in `haystack`, byte by byte. Not Foundation's `contains`: on Linux it
/// traps when both strings hold U+0000 (found by this harness, docs/fuzzing.md).
func contains(_ haystack: String, _ needle: String) -> Bool {
    let bytes = Array(haystack.utf8)
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, pattern.count <= bytes.count else { return pattern.isEmpty }
    return (0...(bytes.count - pattern.count)).contains { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
}

/// A property that does not hold: print it and trap, so libFuzzer keeps the input.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard condition() else {
        FileHandle.standardError.write(Data("phiguard-fuzz: property failed: \(message())\n".utf8))
        fatalError("property failed")
    }
}
