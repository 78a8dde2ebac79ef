/// A scan that cannot go on, with a stable code from the one error table (docs/cli.md).
public struct ScanError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case invalidTarget = "invalid_target"
        case passwordInURL = "password_in_url"
        case insecureTarget = "insecure_target"
        case fileUnreadable = "file_unreadable"
        case connectFailed = "connect_failed"
        case tlsVerificationFailed = "tls_verification_failed"
        case invalidBaseline = "invalid_baseline"
        case invalidScanRules = "invalid_scan_rules"
    }

    public let code: Code
    /// Plain words; never holds a password or a value read from a table.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
