/// Why an endpoint could not be checked (exit code 2), or why the checker's own input is unusable.
///
/// The code is stable and machine-readable; the message is lower-case, names the endpoint or file,
/// and never carries a password.
public struct TLSCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidURL = Code(rawValue: "invalid_url")
        public static let unknownScheme = Code(rawValue: "unknown_scheme")
        public static let unresolvableHost = Code(rawValue: "unresolvable_host")
        public static let connectionRefused = Code(rawValue: "connection_refused")
        public static let unreachable = Code(rawValue: "unreachable")
        public static let timeout = Code(rawValue: "timeout")
        public static let connectionClosed = Code(rawValue: "connection_closed")
        /// The server answered something its protocol does not allow at that point.
        public static let protocolError = Code(rawValue: "protocol_error")
        public static let handshakeFailed = Code(rawValue: "handshake_failed")
        /// The server sent more handshake data than any sane certificate chain needs.
        public static let responseTooLarge = Code(rawValue: "response_too_large")
        public static let noTrustAnchors = Code(rawValue: "no_trust_anchors")
        public static let invalidPin = Code(rawValue: "invalid_pin")
        public static let invalidPolicy = Code(rawValue: "invalid_policy")
        public static let openSSL = Code(rawValue: "openssl_error")
        /// Internal: a TLS-first server answered in cleartext. Reported as a failed `tls_offered` check, never as an error.
        static let tlsNotOffered = Code(rawValue: "tls_not_offered")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
