import Crypto
public import Foundation

/// Keys the audit log uses, kept in files outside the database (created 0600 on first use):
/// an HMAC key for patient and resource identifiers, and an Ed25519 key that signs checkpoints.
/// Someone who can edit the database cannot forge either.
public struct AuditKeys: Sendable {
    let hmacKey: SymmetricKey
    private let innerState: SHA256
    private let outerState: SHA256
    let signingKey: Curve25519.Signing.PrivateKey

    /// A short id of the signing key (first 16 hex digits of the SHA-256 of its public key).
    public var keyID: String {
        hexString(SHA256.hash(data: signingKey.publicKey.rawRepresentation).prefix(8))
    }

    /// Keys from explicit bytes (tests).
    public init(hmacKey: Data, signingKey: Data) throws {
        self.hmacKey = SymmetricKey(data: hmacKey)
        (innerState, outerState) = Self.hmacStates(self.hmacKey)
        self.signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: signingKey)
    }

    /// Fresh random keys (tests and first start).
    public static func generate() -> AuditKeys {
        // Both constructors above cannot fail for freshly generated 32-byte keys.
        try! AuditKeys(
            hmacKey: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }, signingKey: Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// Loads the keys from `folder`, creating them (mode 0600, folder 0700) when absent.
    public static func loadOrCreate(in folder: URL) throws -> AuditKeys {
        let manager = FileManager.default
        try manager.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let hmacURL = folder.appendingPathComponent("audit-hmac.key")
        let signingURL = folder.appendingPathComponent("audit-signing.key")
        if !manager.fileExists(atPath: hmacURL.path) || !manager.fileExists(atPath: signingURL.path) {
            let fresh = generate()
            try write(fresh.hmacKey.withUnsafeBytes { Data($0) }, to: hmacURL)
            try write(fresh.signingKey.rawRepresentation, to: signingURL)
        }
        return try AuditKeys(hmacKey: Data(contentsOf: hmacURL), signingKey: Data(contentsOf: signingURL))
    }

    private static func write(_ data: Data, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError(.keyFile, "cannot create key file `\(url.path)`")
        }
    }

    /// `hmac-sha256:` followed by the hex HMAC of `value`.
    public func pseudonym(_ value: String) -> String {
        // HMAC-SHA256 (RFC 2104) from the hash states after the padded key, computed once in init:
        // setting up the key per call cost more than hashing the value.
        var inner = innerState
        inner.update(data: Data(value.utf8))
        var outer = outerState
        outer.update(data: Data(inner.finalize()))
        return "hmac-sha256:" + hexString(outer.finalize())
    }

    /// SHA-256 states after absorbing `key XOR ipad` and `key XOR opad` (the key is 32 bytes, shorter
    /// than the 64-byte block, so it is zero-padded as RFC 2104 says).
    static func hmacStates(_ key: SymmetricKey) -> (inner: SHA256, outer: SHA256) {
        var block = key.withUnsafeBytes { Array($0) }
        if block.count > 64 { block = Array(SHA256.hash(data: block)) }
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5c })
        return (inner, outer)
    }

    func sign(seq: Int64, hash: String) -> String {
        // Signing with Ed25519 only fails on a broken key, which init rejects.
        let signature = try! signingKey.signature(for: Data("\(seq):\(hash)".utf8))
        return signature.base64EncodedString()
    }

    func verify(seq: Int64, hash: String, signature: String) -> Bool {
        guard let bytes = Data(base64Encoded: signature) else { return false }
        return signingKey.publicKey.isValidSignature(bytes, for: Data("\(seq):\(hash)".utf8))
    }
}

/// A store failure with a stable code. Messages never carry PHI or secrets.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let database = Code("database_error")
        public static let corrupted = Code("database_corrupted")
        public static let keyFile = Code("key_file_error")
        public static let notFound = Code("not_found")
        public static let conflict = Code("conflict")
        public static let invalidState = Code("invalid_state")
        /// A decision was made on a directory revision older than the committed one.
        public static let staleDirectory = Code("stale_directory")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func stale(decidedAt: Int64, current: Int64) -> StoreError {
        StoreError(.staleDirectory, "decided on directory revision \(decidedAt), but revision \(current) has committed")
    }
}
