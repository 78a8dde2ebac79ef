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
    /// The negotiated cipher has at least `min_cipher_bits` and is not RC4, DES, 3DES, NULL or export-grade.
    case cipherStrength = "cipher_strength"
    /// A certificate of the chain has one of the `--pin` SPKI hashes.
    case spkiPin = "spki_pin"
    /// The server staples an OCSP response (reported).
    case ocspStapling = "ocsp_stapling"

    public var defaultSeverity: Severity {
        switch self {
        case .tlsOffered, .chainTrusted, .hostMatches, .notYetValid, .expired, .spkiPin: .critical
        case .keyStrength, .signatureAlgorithm, .legacyProtocols, .cipherStrength: .high
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
    public var severities: [CheckID: Severity] = [:]

    public init() {}

    public func severity(of check: CheckID) -> Severity { severities[check] ?? check.defaultSeverity }

    static let keys: Set<String> = [
        "fail_at", "min_days", "min_rsa_bits", "min_ec_bits", "min_cipher_bits", "weak_digests", "probe_legacy_protocols", "severity",
    ]

    /// Parses the YAML text of `Policies/tls.yaml`. Unknown keys and check names are errors, so a typo
    /// cannot silently leave a check at its default.
    public init(yaml text: String, file: String = "tls.yaml") throws(TLSCheckError) {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw TLSCheckError(.invalidPolicy, "\(file) is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let map = (loaded ?? [String: Any]()) as? [String: Any] else {
            throw TLSCheckError(.invalidPolicy, "\(file) must be a mapping of settings")
        }
        for key in map.keys where !Self.keys.contains(key) {
            throw TLSCheckError(.invalidPolicy, "\(file): unknown setting `\(key)`; expected one of \(Self.keys.sorted().joined(separator: ", "))")
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(TLSCheckError) -> Int? {
            guard let value = map[key] else { return nil }
            guard let number = value as? Int, range.contains(number) else {
                throw TLSCheckError(.invalidPolicy, "\(file): `\(key)` must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func severity(_ value: Any, _ what: String) throws(TLSCheckError) -> Severity {
            guard let text = value as? String, let severity = Severity(rawValue: text) else {
                let names = Severity.allCases.map(\.rawValue).joined(separator: ", ")
                throw TLSCheckError(.invalidPolicy, "\(file): \(what) must be one of \(names)")
            }
            return severity
        }
        self.init()
        if let value = map["fail_at"] { failAt = try severity(value, "`fail_at`") }
        minimumDays = try integer("min_days", 0...3650) ?? minimumDays
        minimumRSABits = try integer("min_rsa_bits", 512...16384) ?? minimumRSABits
        minimumECBits = try integer("min_ec_bits", 160...571) ?? minimumECBits
        minimumCipherBits = try integer("min_cipher_bits", 0...256) ?? minimumCipherBits
        if let value = map["weak_digests"] {
            guard let list = value as? [String] else { throw TLSCheckError(.invalidPolicy, "\(file): `weak_digests` must be a list of digest names") }
            weakDigests = Set(list.map { $0.lowercased().filter { $0 != "-" } })
        }
        if let value = map["probe_legacy_protocols"] {
            guard let flag = value as? Bool else { throw TLSCheckError(.invalidPolicy, "\(file): `probe_legacy_protocols` must be true or false") }
            probeLegacyProtocols = flag
        }
        if let value = map["severity"] {
            guard let overrides = value as? [String: Any] else {
                throw TLSCheckError(.invalidPolicy, "\(file): `severity` must map check codes to severities")
            }
            for (name, level) in overrides {
                guard let check = CheckID(rawValue: name) else {
                    let names = CheckID.allCases.map(\.rawValue).joined(separator: ", ")
                    throw TLSCheckError(.invalidPolicy, "\(file): unknown check `\(name)` under `severity`; expected one of \(names)")
                }
                severities[check] = try severity(level, "the severity of `\(name)`")
            }
        }
    }
}
