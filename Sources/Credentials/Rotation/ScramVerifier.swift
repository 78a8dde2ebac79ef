public import Crypto
public import Foundation

/// PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802, RFC 7677):
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. Sent in `ALTER ROLE … PASSWORD`, it is
/// stored as is, so the plaintext never reaches the server or its logs.
public enum ScramVerifier {
    public static let defaultIterations = 4096

    /// The verifier for an ASCII password (generated passwords are printable ASCII, which SASLprep
    /// leaves unchanged, so the server and the client derive the same keys).
    public static func make(password: String, salt: [UInt8], iterations: Int = defaultIterations) throws(CredentialsError) -> String {
        guard password.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else {
            throw CredentialsError(.generationFailed, "a SCRAM verifier is only computed for printable ASCII passwords")
        }
        let salted = pbkdf2SHA256(password: Array(password.utf8), salt: salt, iterations: iterations)
        let key = SymmetricKey(data: salted)
        let clientKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Client Key".utf8), using: key))
        let storedKey = Data(SHA256.hash(data: clientKey))
        let serverKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Server Key".utf8), using: key))
        return "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$\(storedKey.base64EncodedString()):\(serverKey.base64EncodedString())"
    }

    /// A verifier with 16 fresh random salt bytes.
    public static func make(password: String) throws(CredentialsError) -> String {
        var generator = SystemRandomNumberGenerator()
        return try make(password: password, salt: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// PBKDF2-HMAC-SHA-256 with one 32-byte block (RFC 8018 §5.2), which is all SCRAM needs.
    static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<max(1, iterations) {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in 0..<result.count { result[index] ^= block[index] }
        }
        return result
    }
}

/// Generates random passwords that satisfy a profile, for rotated service credentials.
public enum PasswordGenerator {
    /// Letters, digits and symbols that need no quoting in URLs, shell words or connection strings.
    public static let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.~!^*+=")

    /// A password of `length` (at least the profile's minimum) that `checker` accepts, holding a lower-
    /// and an upper-case letter, a digit and a symbol: database password-validation plugins
    /// (MariaDB's simple_password_check, PostgreSQL's credcheck) refuse one that lacks a class, and
    /// 32 random characters from this alphabet lack one about 2.5% of the time.
    public static func generate(for checker: PasswordChecker, length requested: Int = 32, context: PasswordContext = PasswordContext())
        throws(CredentialsError) -> String
    {
        let profile = checker.profile
        let length = min(max(requested, profile.minimumLength), profile.maximumLength)
        var generator = SystemRandomNumberGenerator()
        let prepared = checker.prepare(context)
        for _ in 0..<64 {
            let candidate = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            if hasEveryClass(candidate), checker.check(candidate, prepared: prepared).accepted { return candidate }
        }
        throw CredentialsError(
            .generationFailed, "no generated password of \(length) characters satisfied profile `\(profile.name)` in 64 tries; check its rules")
    }

    static func hasEveryClass(_ candidate: String) -> Bool {
        let bytes = candidate.utf8
        return bytes.contains { $0 >= 97 && $0 <= 122 } && bytes.contains { $0 >= 65 && $0 <= 90 } && bytes.contains { $0 >= 48 && $0 <= 57 }
            && bytes.contains { !(($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57)) }
    }
}

/// MariaDB's and MySQL's `mysql_native_password` stored form: `*` and the upper-case hex of
/// SHA-1(SHA-1(password)). Sent in `ALTER USER … IDENTIFIED BY PASSWORD '*…'`, the plaintext never
/// reaches the server. (SHA-1 is the plugin's own construction, not a choice made here.)
public enum NativePasswordHash {
    public static func make(password: String) -> String {
        let inner = Data(Insecure.SHA1.hash(data: Data(password.utf8)))
        let outer = Insecure.SHA1.hash(data: inner)
        return "*" + outer.map { String(format: "%02X", $0) }.joined()
    }
}
