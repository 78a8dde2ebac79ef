internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#endif

// Owners of OpenSSL pointers: each class frees what it holds in `deinit`, so no path through
// the checker (errors included) can leak or double-free. Nothing here is visible outside the module.

/// The OpenSSL error queue, drained into one lower-case line (and cleared, so it cannot leak into the next check).
func drainOpenSSLErrors() -> String {
    var messages: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let text = string(fromNullTerminated: buffer)
        // "error:0A000086:SSL routines::certificate verify failed" -> "certificate verify failed"
        messages.append(text.lastIndex(of: ":").map { String(text[text.index(after: $0)...]) } ?? text)
    }
    return messages.isEmpty ? "no detail from openssl" : messages.joined(separator: "; ")
}

/// The text of a C buffer up to its first NUL.
func string(fromNullTerminated buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// The one client `SSL_CTX` of the process. OpenSSL 3 fetches every cipher and digest from its providers
/// when a context is made (about 1 ms), and a configured context may be shared by concurrent sessions,
/// so each session sets its own versions and security level instead of owning a context.
final class ClientContext: @unchecked Sendable {
    let pointer: OpaquePointer

    static let shared = Result<ClientContext, TLSCheckError> { () throws(TLSCheckError) in try ClientContext() }

    private init() throws(TLSCheckError) {
        try OpenSSLLibrary.initialize()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TLSCheckError(.openSSL, "cannot create a TLS context: \(drainOpenSSLErrors())")
        }
        pointer = context
        // Verification is ours, after the handshake, so that one check failing does not hide the others.
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        // Every check needs a full handshake: a resumed session would show no certificate chain.
        _ = phiguard_SSL_CTX_disable_session_cache(context)
    }

    deinit { SSL_CTX_free(pointer) }
}

/// One client `SSL` object driven through memory BIOs: the checker moves the bytes itself,
/// which lets TDS 7.x wrap them in PRELOGIN packets and keeps every wait under our deadline.
final class ClientSession {
    let pointer: OpaquePointer
    /// Owned by `pointer` after `SSL_set_bio`; freed by `SSL_free`.
    private let networkIn: OpaquePointer
    private let networkOut: OpaquePointer

    /// A session offering TLS 1.2 and later (only 1.2 when `capAtTLS12`: TDS 7.x wrapping cannot carry
    /// TLS 1.3) at security level 1, so a weak key is seen and reported rather than refused.
    init(capAtTLS12: Bool, serverName: String?, alpn: String?) throws(TLSCheckError) {
        guard let ssl = SSL_new(try ClientContext.shared.get().pointer) else {
            throw TLSCheckError(.openSSL, "cannot create a TLS session: \(drainOpenSSLErrors())")
        }
        pointer = ssl
        SSL_set_security_level(ssl, 1)
        _ = phiguard_SSL_set_min_proto_version(ssl, TLS1_2_VERSION)
        _ = phiguard_SSL_set_max_proto_version(ssl, capAtTLS12 ? TLS1_2_VERSION : 0)
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSCheckError(.openSSL, "cannot create memory BIOs")
        }
        networkIn = input
        networkOut = output
        SSL_set_bio(ssl, input, output)
        SSL_set_connect_state(ssl)
        _ = phiguard_SSL_request_ocsp_stapling(ssl)
        if let serverName {
            // SNI carries DNS names only, never literal addresses (RFC 6066 §3).
            _ = phiguard_SSL_set_tlsext_host_name(ssl, serverName)
        }
        if let alpn {
            let wire = [UInt8(alpn.utf8.count)] + Array(alpn.utf8)
            _ = wire.withUnsafeBufferPointer { SSL_set_alpn_protos(ssl, $0.baseAddress, UInt32($0.count)) }
        }
    }

    deinit { SSL_free(pointer) }

    enum Step {
        case done
        case needsInput
    }

    /// One `SSL_do_handshake` step.
    func handshakeStep() throws(TLSCheckError) -> Step {
        ERR_clear_error()
        let result = SSL_do_handshake(pointer)
        if result == 1 { return .done }
        let error = SSL_get_error(pointer, result)
        if error == SSL_ERROR_WANT_READ { return .needsInput }
        let alert = drainOpenSSLErrors()
        throw TLSCheckError(.handshakeFailed, "the TLS handshake failed: \(alert)")
    }

    /// Bytes OpenSSL wants sent to the server.
    func takeOutput() -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(networkOut))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(networkOut, $0.baseAddress, Int32(pending)) }
        return read > 0 ? Array(bytes.prefix(Int(read))) : []
    }

    /// Bytes received from the server, for OpenSSL to read.
    func give(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        _ = bytes.withUnsafeBytes { BIO_write(networkIn, $0.baseAddress, Int32($0.count)) }
    }

    /// Queues a close_notify, for a clean goodbye in the server's log.
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(pointer)
        ERR_clear_error()
    }

    var protocolVersion: String { String(cString: SSL_get_version(pointer)) }

    var cipher: (name: String, bits: Int)? {
        guard let cipher = SSL_get_current_cipher(pointer) else { return nil }
        return (String(cString: SSL_CIPHER_get_name(cipher)), Int(SSL_CIPHER_get_bits(cipher, nil)))
    }

    var selectedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(pointer, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    var ocspStapled: Bool { phiguard_SSL_stapled_ocsp_length(pointer) > 0 }

    /// The server's chain as OpenSSL's own stack, valid while this session lives.
    var peerChainStack: OpaquePointer? { SSL_get_peer_cert_chain(pointer) }

    /// The chain the server sent, leaf first.
    var peerChain: [Certificate] {
        guard let stack = SSL_get_peer_cert_chain(pointer) else { return [] }
        return (0..<phiguard_sk_X509_num(stack)).compactMap { index in
            phiguard_sk_X509_value(stack, index).map(Certificate.init(retaining:))
        }
    }
}

/// One X509 certificate, reference-counted with OpenSSL.
final class Certificate {
    let pointer: OpaquePointer

    init(retaining pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }
}

/// The trust anchors endpoints must chain to: `Certs/` (or files given with `--ca`), and optionally
/// the system store. Read-only once built, so concurrent checks share it.
public final class TrustAnchors: @unchecked Sendable {
    let store: OpaquePointer
    /// The files the anchors came from, for reports.
    public let sources: [String]

    /// - Parameters:
    ///   - files: PEM files of CA certificates (a folder is expanded by the caller).
    ///   - systemTrust: also trust OpenSSL's default store (`/etc/ssl/certs` on Debian).
    public init(files: [String], systemTrust: Bool) throws(TLSCheckError) {
        try OpenSSLLibrary.initialize()
        guard let store = X509_STORE_new() else { throw TLSCheckError(.openSSL, "cannot create a certificate store") }
        self.store = store
        var loaded: [String] = []
        for file in files {
            ERR_clear_error()
            guard X509_STORE_load_file(store, file) == 1 else {
                let detail = drainOpenSSLErrors()
                throw TLSCheckError(.noTrustAnchors, "cannot read CA certificates from `\(file)`: \(detail)")
            }
            loaded.append(file)
        }
        if systemTrust {
            X509_STORE_set_default_paths(store)
            loaded.append("system")
        }
        guard !loaded.isEmpty else {
            throw TLSCheckError(
                .noTrustAnchors, "no CA certificates to check against: put PEM files in Certs/, pass --ca FILE|DIR, or --system-trust")
        }
        sources = loaded
    }

    deinit { X509_STORE_free(store) }
}
