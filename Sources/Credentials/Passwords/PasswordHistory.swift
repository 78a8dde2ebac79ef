internal import CArgon2
public import Crypto
public import Foundation

/// Argon2id cost. The default is OWASP's minimum (19 MiB, 2 passes, 1 lane), about 40 ms a hash here.
public struct Argon2Parameters: Sendable, Equatable {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32

    public static let owasp = Argon2Parameters(memoryKiB: 19_456, iterations: 2, parallelism: 1)

    public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }
}

/// Hashes passwords for the history (no reuse of the last N): Argon2id in PHC strings with a
/// per-entry 16-byte salt, over an HMAC-SHA-256 of the password keyed with a pepper that lives outside
/// the database (NIST SP 800-63B-4 §3.1.1.2). The PHC string carries its own cost, so entries
/// survive a change of parameters.
public struct PasswordHasher: Sendable {
    let pepper: SymmetricKey
    /// Names the pepper, so a rotated pepper can be told apart from a wrong password.
    public let pepperID: String
    public let parameters: Argon2Parameters

    public init(pepper: SymmetricKey, parameters: Argon2Parameters = .owasp) {
        self.pepper = pepper
        self.parameters = parameters
        let digest = SHA256.hash(data: pepper.withUnsafeBytes { Data($0) })
        pepperID = digest.prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// Loads the pepper from `path`, creating a random one (mode 0600) when the file does not exist.
    public static func loadOrCreatePepper(at path: String) throws(CredentialsError) -> SymmetricKey {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else { throw CredentialsError(.historyHashing, "the pepper file `\(path)` must hold 32 bytes") }
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw CredentialsError(.historyHashing, "cannot create the folder of the pepper file `\(path)`")
        }
        let created = FileManager.default.createFile(
            atPath: path, contents: key.withUnsafeBytes { Data($0) }, attributes: [.posixPermissions: 0o600])
        guard created else { throw CredentialsError(.historyHashing, "cannot write the pepper file `\(path)`") }
        return key
    }

    func peppered(_ password: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(password.precomposedStringWithCanonicalMapping.utf8), using: pepper))
    }

    /// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
    public func hash(_ password: String) throws(CredentialsError) -> String {
        let input = peppered(password)
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &generator) }
        let length = argon2_encodedlen(parameters.iterations, parameters.memoryKiB, parameters.parallelism, 16, 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length + 1)
        let status = argon2id_hash_encoded(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism, input, input.count, salt, salt.count, 32, &encoded,
            encoded.count)
        guard status == ARGON2_OK.rawValue else {
            throw CredentialsError(.historyHashing, "argon2id failed: \(String(cString: argon2_error_message(status)))")
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` is the one hashed in `phc`.
    public func verify(_ password: String, phc: String) throws(CredentialsError) -> Bool {
        let input = peppered(password)
        let status = argon2id_verify(phc, input, input.count)
        if status == ARGON2_OK.rawValue { return true }
        if status == ARGON2_VERIFY_MISMATCH.rawValue { return false }
        throw CredentialsError(.historyHashing, "a history entry is not a valid argon2id string (\(String(cString: argon2_error_message(status))))")
    }

    /// Whether `password` matches any entry, verifying entries on all cores.
    public func matchesAny(_ password: String, entries: [String]) throws(CredentialsError) -> Bool {
        guard !entries.isEmpty else { return false }
        let results = UnsafeMutableBufferPointer<Int8>.allocate(capacity: entries.count)
        defer { results.deallocate() }
        results.initialize(repeating: 0)
        let pointer = SendablePointer(results)
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            let outcome: Int8
            do { outcome = try verify(password, phc: entries[index]) ? 1 : 0 } catch { outcome = -1 }
            pointer.buffer[index] = outcome
        }
        if results.contains(1) { return true }
        if results.contains(-1) { throw CredentialsError(.historyHashing, "a password-history entry could not be verified") }
        return false
    }
}

/// Each concurrent iteration writes its own slot.
private struct SendablePointer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int8>
    init(_ buffer: UnsafeMutableBufferPointer<Int8>) { self.buffer = buffer }
}
