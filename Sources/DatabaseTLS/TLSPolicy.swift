import Yams

/// How bad a failed check is. A check fails its endpoint when its severity is at or above the policy's `fail_at`.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case info, low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The checks `phiguard tls check` runs on each endpoint. The raw value is the stable code.
public enum CheckID: String, Sendable, Codable, CaseIterable {
    /// The server agrees to TLS (PostgreSQL `S`, MySQL CLIENT_SSL, TDS ENCRYPTION not NOT_SUP).
    case tlsOffered = "tls_offered"
    /// The chain leads to a trust anchor (`Certs/` or the system store).
    case chainTrusted = "chain_trusted"
    /// The leaf names the host (DNS SAN, or IP SAN for a literal address; no partial wildcards).
    case hostMatches = "host_matches"
    case notYetValid = "not_yet_valid"
    case expired = "expired"
    /// Fewer than `min_days` days left on any certificate of the chain.
    case expiringSoon = "expiring_soon"
    /// RSA and DSA keys of at least `min_rsa_bits`, EC keys of at least `min_ec_bits`.
    case keyStrength = "key_strength"
    /// No certificate signed with a digest in `weak_digests` (MD5, SHA-1).
    case signatureAlgorithm = "signature_algorithm"
    /// The server refuses TLS 1.0 and 1.1 (probed with a second handshake).
    case legacyProtocols = "legacy_protocols"
    /// The server refuses every suite of a class in `forbidden_suites` (NULL, anonymous, export, RC4,
    /// DES, 3DES by default), probed with ClientHellos offering only weak suites.
    case forbiddenSuites = "forbidden_suites"
    /// The server refuses CBC suites with SHA-1 MACs (reported; judged by `forbidden_suites` when it lists `cbc_sha1`).
    case cbcSHA1Suites = "cbc_sha1_suites"
    /// The negotiated cipher has at least `min_cipher_bits` and is not RC4, DES, 3DES, NULL or export-grade.
    case cipherStrength = "cipher_strength"
    /// A certificate of the chain has one of the `--pin` SPKI hashes.
    case spkiPin = "spki_pin"
    /// The server staples an OCSP response (reported).
    case ocspStapling = "ocsp_stapling"

    public var defaultSeverity: Severity {
        switch self {
        case .tlsOffered, .chainTrusted, .hostMatches, .notYetValid, .expired, .spkiPin: .critical
        case .keyStrength, .signatureAlgorithm, .legacyProtocols, .cipherStrength, .forbiddenSuites: .high
        case .cbcSHA1Suites: .low
        case .expiringSoon: .medium
        case .ocspStapling: .info
        }
    }
}

/// The thresholds and severities of `Policies/tls.yaml`.
public struct TLSPolicy: Sendable, Equatable {
    public var failAt: Severity = .medium
    public var minimumDays = 30
    public var minimumRSABits = 2048
    public var minimumECBits = 256
    public var minimumCipherBits = 128
    public var weakDigests: Set<String> = ["md5", "sha1"]
    public var probeLegacyProtocols = true
    /// Probe which weak suites the server accepts besides the one it negotiates.
    public var probeCipherSuites = true
    /// Suite classes whose acceptance fails `forbidden_suites`.
    public var forbiddenSuites: Set<SuiteWeakness> = Set(SuiteWeakness.allCases).subtracting([.cbcSHA1])
    public var severities: [CheckID: Severity] = [:]

    public init() {}

    public func severity(of check: CheckID) -> Severity { severities[check] ?? check.defaultSeverity }

    static let keys: Set<String> = [
        "fail_at", "min_days", "min_rsa_bits", "min_ec_bits", "min_cipher_bits", "weak_digests", "probe_legacy_protocols", "probe_cipher_suites",
        "forbidden_suites", "severity",
    ]

    /// Parses the YAML text of `Policies/tls.yaml`. Unknown keys and check names are errors, so a typo
    /// cannot silently leave a check at its default.
    ///
    /// The file is composed with Yams' basic resolver, which tags nothing, and each value is read as
    /// the type its setting needs. The default resolver compiles seven regular expressions on first
    /// use, which cost `phiguard tls check` 2.5 ms of its start-up, more than the settings need:
    /// integers are plain decimal digits and flags `true` or `false`.
    public init(yaml text: String, file: String = "tls.yaml") throws(TLSCheckError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch {
            throw TLSCheckError(.invalidPolicy, "\(file) is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        self.init()
        guard let root else { return }
        guard let mapping = root.mapping else { throw TLSCheckError(.invalidPolicy, "\(file) must be a mapping of settings") }
        var settings: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = Self.plain(keyNode), Self.keys.contains(key) else {
                throw TLSCheckError(
                    .invalidPolicy,
                    "\(file): unknown setting `\(keyNode.scalar?.string ?? "?")`; expected one of \(Self.keys.sorted().joined(separator: ", "))")
            }
            guard settings.updateValue(value, forKey: key) == nil else { throw TLSCheckError(.invalidPolicy, "\(file): `\(key)` appears twice") }
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(TLSCheckError) -> Int? {
            guard let node = settings[key] else { return nil }
            guard let text = Self.plain(node), let number = Int(text), range.contains(number) else {
                throw TLSCheckError(.invalidPolicy, "\(file): `\(key)` must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func severity(_ node: Node, _ what: String) throws(TLSCheckError) -> Severity {
            guard let text = node.scalar?.string, let severity = Severity(rawValue: text) else {
                let names = Severity.allCases.map(\.rawValue).joined(separator: ", ")
                throw TLSCheckError(.invalidPolicy, "\(file): \(what) must be one of \(names)")
            }
            return severity
        }
        if let node = settings["fail_at"] { failAt = try severity(node, "`fail_at`") }
        minimumDays = try integer("min_days", 0...3650) ?? minimumDays
        minimumRSABits = try integer("min_rsa_bits", 512...16384) ?? minimumRSABits
        minimumECBits = try integer("min_ec_bits", 160...571) ?? minimumECBits
        minimumCipherBits = try integer("min_cipher_bits", 0...256) ?? minimumCipherBits
        if let node = settings["weak_digests"] {
            let notAList = TLSCheckError(.invalidPolicy, "\(file): `weak_digests` must be a list of digest names")
            guard let items = node.sequence else { throw notAList }
            var names: Set<String> = []
            for item in items {
                guard let name = item.scalar?.string else { throw notAList }
                names.insert(name.lowercased().filter { $0 != "-" })
            }
            weakDigests = names
        }
        func flag(_ key: String) throws(TLSCheckError) -> Bool? {
            guard let node = settings[key] else { return nil }
            switch Self.plain(node) {
            case "true": return true
            case "false": return false
            default: throw TLSCheckError(.invalidPolicy, "\(file): `\(key)` must be true or false")
            }
        }
        probeLegacyProtocols = try flag("probe_legacy_protocols") ?? probeLegacyProtocols
        probeCipherSuites = try flag("probe_cipher_suites") ?? probeCipherSuites
        if let node = settings["forbidden_suites"] {
            let names = SuiteWeakness.allCases.map(\.rawValue).joined(separator: ", ")
            let notAList = TLSCheckError(.invalidPolicy, "\(file): `forbidden_suites` must be a list of suite classes: \(names)")
            guard let items = node.sequence else { throw notAList }
            var classes: Set<SuiteWeakness> = []
            for item in items {
                guard let name = item.scalar?.string, let weakness = SuiteWeakness(rawValue: name) else { throw notAList }
                classes.insert(weakness)
            }
            forbiddenSuites = classes
        }
        if let node = settings["severity"] {
            guard let overrides = node.mapping else {
                throw TLSCheckError(.invalidPolicy, "\(file): `severity` must map check codes to severities")
            }
            for (nameNode, level) in overrides {
                let name = nameNode.scalar?.string ?? "?"
                guard let check = CheckID(rawValue: name) else {
                    let names = CheckID.allCases.map(\.rawValue).joined(separator: ", ")
                    throw TLSCheckError(.invalidPolicy, "\(file): unknown check `\(name)` under `severity`; expected one of \(names)")
                }
                severities[check] = try severity(level, "the severity of `\(name)`")
            }
        }
    }

    /// The text of an unquoted scalar (integers, flags and keys are written plain).
    private static func plain(_ node: Node) -> String? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        return scalar.string
    }
}
