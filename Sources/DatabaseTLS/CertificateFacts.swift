internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#endif

/// What a report says about one certificate of the chain a server presented.
public struct CertificateFacts: Sendable, Codable, Equatable {
    public var subject: String
    public var issuer: String
    /// Seconds since 1970, UTC.
    public var notBefore: Int64
    public var notAfter: Int64
    public var dnsNames: [String]
    public var ipAddresses: [String]
    /// `RSA`, `EC`, `ED25519`, `ED448`, `DSA` or the OpenSSL short name.
    public var keyType: String
    public var keyBits: Int
    /// For EC keys, the curve (`prime256v1`, `secp384r1`, …).
    public var curve: String?
    /// The signature algorithm's long name, for example `ecdsa-with-SHA256`.
    public var signatureAlgorithm: String
    /// The digest inside the signature, lower-case (`sha256`), or nil for digest-less schemes such as Ed25519.
    public var signatureDigest: String?
    /// `sha256/BASE64` of the DER SubjectPublicKeyInfo, the form `--pin` takes.
    public var spkiPin: String
    /// Hex SHA-256 of the whole certificate.
    public var sha256Fingerprint: String
    public var selfIssued: Bool

    enum CodingKeys: String, CodingKey {
        case subject, issuer
        case notBefore = "not_before"
        case notAfter = "not_after"
        case dnsNames = "dns_names"
        case ipAddresses = "ip_addresses"
        case keyType = "key_type"
        case keyBits = "key_bits"
        case curve
        case signatureAlgorithm = "signature_algorithm"
        case signatureDigest = "signature_digest"
        case spkiPin = "spki_pin"
        case sha256Fingerprint = "sha256_fingerprint"
        case selfIssued = "self_issued"
    }
}

extension Certificate {
    var facts: CertificateFacts {
        let (dns, ips) = subjectAlternativeNames
        let (keyType, keyBits, curve) = publicKeyDescription
        let (algorithm, digest) = signatureDescription
        return CertificateFacts(
            subject: Self.text(of: X509_get_subject_name(pointer)),
            issuer: Self.text(of: X509_get_issuer_name(pointer)),
            notBefore: Self.epochSeconds(X509_get0_notBefore(pointer)),
            notAfter: Self.epochSeconds(X509_get0_notAfter(pointer)),
            dnsNames: dns,
            ipAddresses: ips,
            keyType: keyType,
            keyBits: keyBits,
            curve: curve,
            signatureAlgorithm: algorithm,
            signatureDigest: digest,
            spkiPin: "sha256/" + Self.base64(Self.sha256(spkiDER)),
            sha256Fingerprint: Self.sha256(derEncoding).map { Preamble.hex($0) }.joined(),
            selfIssued: X509_check_issued(pointer, pointer) == X509_V_OK
        )
    }

    /// RFC 2253 text of a name, for example `CN=db.example.org,O=Hospital`.
    private static func text(of name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, phiguard_XN_FLAG_RFC2253())
        var data: UnsafeMutablePointer<CChar>?
        let length = phiguard_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }

    private static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64 {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return 0 }
        return Int64(timegm(&parts))
    }

    private var subjectAlternativeNames: (dns: [String], ip: [String]) {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return ([], []) }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = []
        var ips: [String] = []
        var buffer = [CChar](repeating: 0, count: 512)
        for index in 0..<phiguard_sk_GENERAL_NAME_num(names) {
            switch phiguard_subject_alt_name(names, index, &buffer, buffer.count) {
            case 1: dns.append(string(fromNullTerminated: buffer))
            case 2: ips.append(string(fromNullTerminated: buffer))
            default: continue
            }
        }
        return (dns, ips)
    }

    private var publicKeyDescription: (type: String, bits: Int, curve: String?) {
        guard let key = X509_get0_pubkey(pointer) else { return ("unknown", 0, nil) }
        let bits = Int(EVP_PKEY_get_bits(key))
        let type: String
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: type = "RSA"
        case EVP_PKEY_EC: type = "EC"
        case EVP_PKEY_ED25519: type = "ED25519"
        case EVP_PKEY_ED448: type = "ED448"
        case EVP_PKEY_DSA: type = "DSA"
        case let other: type = OBJ_nid2sn(other).map { String(cString: $0) } ?? "unknown"
        }
        var curve: String?
        if type == "EC" {
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            if EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 { curve = string(fromNullTerminated: name) }
        }
        return (type, bits, curve)
    }

    private var signatureDescription: (algorithm: String, digest: String?) {
        let algorithm = OBJ_nid2ln(X509_get_signature_nid(pointer)).map { String(cString: $0) } ?? "unknown"
        var digestNID: Int32 = 0
        var keyNID: Int32 = 0
        var securityBits: Int32 = 0
        var flags: UInt32 = 0
        guard X509_get_signature_info(pointer, &digestNID, &keyNID, &securityBits, &flags) == 1, digestNID != NID_undef else {
            return (algorithm, nil)
        }
        return (algorithm, OBJ_nid2sn(digestNID).map { String(cString: $0).lowercased() })
    }

    private var derEncoding: [UInt8] { Self.der { i2d_X509(pointer, $0) } }

    private var spkiDER: [UInt8] {
        guard let publicKey = X509_get_X509_PUBKEY(pointer) else { return [] }
        return Self.der { i2d_X509_PUBKEY(publicKey, $0) }
    }

    /// Runs an OpenSSL `i2d_*` encoder twice, as its contract asks: once for the length, once into a buffer.
    private static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8] {
        let length = encode(nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = encode(&cursor)
        }
        return bytes
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
        return Array(digest.prefix(Int(length)))
    }

    static func base64(_ bytes: [UInt8]) -> String {
        var output = [UInt8](repeating: 0, count: (bytes.count + 2) / 3 * 4 + 1)
        let length = EVP_EncodeBlock(&output, bytes, Int32(bytes.count))
        return String(decoding: output.prefix(Int(length)), as: UTF8.self)
    }

    /// What chain verification found: OpenSSL's verdict on trust, and the path it built.
    struct ChainVerification {
        /// Nil when the chain leads to an anchor, otherwise "message (X509 error N at depth D)".
        var problem: String?
        /// The verified path, leaf first and anchor last, including intermediates and the anchor
        /// taken from the trust store; empty when no path to an anchor was found.
        var path: [Certificate]
    }

    /// Chain verification against `anchors` at `now`. Trust and dates are separate checks, so that
    /// one failing never hides the other: a path that fails only on time is verified again without
    /// time checks to learn whether it is trusted, and its certificates (the anchor from the trust
    /// store included) are what the date checks judge. Verifying with time first matters: given two
    /// anchors for one issuer, OpenSSL then prefers the one that is still valid, as clients do.
    func verifyChain(untrusted stack: OpaquePointer?, anchors: TrustAnchors, at now: Int64) -> ChainVerification {
        let timed = verify(untrusted: stack, anchors: anchors, checkTime: now)
        guard let code = timed.code, Self.timeErrors.contains(code) else {
            return ChainVerification(problem: timed.problem, path: timed.code == nil ? timed.path : [])
        }
        let untimed = verify(untrusted: stack, anchors: anchors, checkTime: nil)
        return ChainVerification(problem: untimed.problem, path: untimed.code == nil ? untimed.path : [])
    }

    /// X509_V_ERR_CERT_NOT_YET_VALID, CERT_HAS_EXPIRED, ERROR_IN_CERT_NOT_BEFORE_FIELD, ERROR_IN_CERT_NOT_AFTER_FIELD.
    private static let timeErrors: Set<Int32> = [9, 10, 13, 14]

    private func verify(untrusted stack: OpaquePointer?, anchors: TrustAnchors, checkTime: Int64?) -> (
        code: Int32?, problem: String?, path: [Certificate]
    ) {
        guard let context = X509_STORE_CTX_new() else { return (-1, "cannot create a verification context", []) }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, anchors.store, pointer, stack) == 1 else {
            return (-1, "cannot start verification: \(drainOpenSSLErrors())", [])
        }
        _ = X509_STORE_CTX_set_purpose(context, X509_PURPOSE_SSL_SERVER)
        let parameters = X509_STORE_CTX_get0_param(context)
        if let checkTime {
            X509_VERIFY_PARAM_set_time(parameters, time_t(checkTime))
        } else {
            X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_NO_CHECK_TIME))
        }
        let verified = X509_verify_cert(context) == 1
        ERR_clear_error()
        var path: [Certificate] = []
        if verified, let chain = X509_STORE_CTX_get1_chain(context) {
            path = (0..<phiguard_sk_X509_num(chain)).compactMap { phiguard_sk_X509_value(chain, $0).map(Certificate.init(retaining:)) }
            phiguard_sk_X509_pop_free(chain)
        }
        if verified { return (nil, nil, path) }
        let code = X509_STORE_CTX_get_error(context)
        let depth = X509_STORE_CTX_get_error_depth(context)
        return (code, "\(String(cString: X509_verify_cert_error_string(Int(code)))) (X509 error \(code) at depth \(depth))", [])
    }

    /// RFC 6125 host matching with no partial wildcards (`f*.example.org` never matches); a literal
    /// address must be an IP SAN.
    func matches(host: String) -> Bool {
        if TLSChecker.isAddress(host) {
            return X509_check_ip_asc(pointer, host, 0) == 1
        }
        return X509_check_host(pointer, host, host.utf8.count, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS), nil) == 1
    }
}
