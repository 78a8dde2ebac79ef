import Foundation

/// The secrets met while reading one input (passwords, tokens, keys), so that every text printed
/// about that input can be scrubbed of them, whatever the grammar they were written in.
struct SecretSet: Sendable {
    private(set) var values: Set<String> = []

    /// Placeholders and references that are not secrets themselves and would otherwise mask
    /// ordinary words (`${DB_PASSWORD}` is fine to print; so is an empty value).
    mutating func insert(_ value: String) {
        let trimmed = value.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed != ConnectionStringMasking.placeholder else { return }
        values.insert(trimmed)
        if trimmed != value { values.insert(value) }
        let unquoted = trimmed.unquoted
        if unquoted != trimmed, !unquoted.isEmpty { values.insert(unquoted) }
    }

    mutating func formUnion(_ other: SecretSet) { values.formUnion(other.values) }

    /// Whether a key (lower-cased) names a secret in some driver's spelling: `password`, `pwd`,
    /// `passwd`, `sslpassword`, `PGPASSWORD`, `MYSQL_PWD`, `client_secret`, `auth_token`, `api_key`…
    static func isSecretKey(_ key: String) -> Bool {
        let compact = key.lowercased().filter { $0.isLetter || $0.isNumber }
        if ["auth", "pass", "pw", "requirepass", "masterauth", "credentials", "credential", "key"].contains(compact) { return true }
        if compact.hasSuffix("keyfile") || compact.hasSuffix("keypath") || compact.hasSuffix("keystoretype") { return false }
        return ["password", "passwd", "pwd", "secret", "token", "apikey", "accesskey", "privatekey", "passphrase", "authpass"].contains {
            compact.contains($0)
        }
    }

    /// `text` with every secret replaced by `****` (longest first, so one secret inside another is
    /// masked whole), then the pattern masking for secrets no grammar reported.
    func scrub(_ text: String) -> String {
        var result = text
        for secret in values.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: ConnectionStringMasking.placeholder)
        }
        return ConnectionStringMasking.mask(result)
    }
}
