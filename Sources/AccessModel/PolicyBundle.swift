public import Cedar

/// The policy folder PHIGuard enforces (`Policies/`), parsed and validated: the schema and the
/// baseline policies. A bundle that does not validate is refused as a whole, so a broken set can
/// never replace a working one.
public struct PolicyBundle: Sendable {
    public struct File: Sendable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// Every problem that made a bundle unusable.
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public let messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    public let schema: Schema
    /// The folder's policies, with ids from their `@id` annotation (or `FILE#policyN`).
    public let policies: [Policy]
    /// SHA-like fingerprint of the inputs, to report which set is live.
    public let fingerprint: String
    public let warnings: [ValidationIssue]

    /// Parses and validates. `schema` is Cedar schema text, or JSON when it starts with `{`.
    public init(schema schemaText: String, files: [File]) throws(Problems) {
        var problems: [String] = []
        var parsedSchema: Schema?
        do {
            let trimmed = schemaText.drop(while: \.isWhitespace)
            parsedSchema = trimmed.first == "{" ? try Schema(jsonSchema: schemaText) : try Schema(cedarSchema: schemaText)
        } catch {
            problems.append(contentsOf: error.errors.map { "schema: \($0)" })
        }
        var policies: [Policy] = []
        var seen = Set<PolicyID>()
        for file in files.sorted(by: { $0.name < $1.name }) {
            do {
                for var policy in try PolicyParser.parse(file.text, idPrefix: "\(file.name)#policy") {
                    if let id = policy.annotation("id") { policy.id = id.string }
                    if CedarMapping.grantID(ofPolicy: policy.id) != nil {
                        problems.append("\(file.name): policy id `\(policy.id)` is reserved for compiled grants")
                    }
                    if !seen.insert(policy.id).inserted {
                        problems.append("\(file.name): duplicate policy id `\(policy.id)`")
                    }
                    policies.append(policy)
                }
            } catch {
                problems.append(contentsOf: error.errors.map { "\(file.name):\($0)" })
            }
        }
        var warnings: [ValidationIssue] = []
        if let parsedSchema, problems.isEmpty {
            let validator = Validator(schema: parsedSchema)
            for policy in policies {
                let result = validator.validate(policy)
                problems.append(contentsOf: result.errors.map { "policy `\($0.policyID)`: \($0.location.map { "\($0): " } ?? "")\($0.message)" })
                warnings.append(contentsOf: result.warnings)
            }
        }
        guard let parsedSchema, problems.isEmpty else { throw Problems(messages: problems) }
        self.schema = parsedSchema
        self.policies = policies
        self.warnings = warnings
        self.fingerprint = Fingerprint.of([schemaText] + files.sorted(by: { $0.name < $1.name }).flatMap { [$0.name, $0.text] })
    }
}

/// A short, stable fingerprint of texts (FNV-1a 64, hex). Identifies a policy set; not a security hash.
enum Fingerprint {
    static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
