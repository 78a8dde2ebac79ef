internal import COpenSSL

/// Reads every certificate of a PEM file.
public enum CertificateFiles {
    public static func read(_ path: String) throws(TLSCheckError) -> [CertificateFacts] {
        try OpenSSLLibrary.initialize()
        ERR_clear_error()
        guard let bio = BIO_new_file(path, "r") else {
            throw TLSCheckError(.noTrustAnchors, "cannot read certificates from `\(path)`")
        }
        defer { BIO_free(bio) }
        var facts: [CertificateFacts] = []
        while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
            facts.append(Certificate(owning: x509).facts)
            if facts.count > 10_000 { break }
        }
        ERR_clear_error()
        guard !facts.isEmpty else { throw TLSCheckError(.noTrustAnchors, "`\(path)` holds no PEM certificate") }
        return facts
    }
}

extension Certificate {
    /// Takes over a reference the caller owns (from a `*_read_*` call).
    convenience init(owning pointer: OpaquePointer) {
        self.init(retaining: pointer)
        X509_free(pointer)
    }
}
