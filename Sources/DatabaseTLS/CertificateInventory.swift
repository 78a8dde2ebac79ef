public import AccessModel
internal import COpenSSL
public import Credentials

/// Certificates as credentials of the inventory, so rotation reminders cover their expiry: the
/// leaf each checked endpoint presented, and the CA certificates of `Certs/`.
public enum CertificateInventory {
    /// One record per endpoint whose handshake produced a certificate. The id names the endpoint
    /// (`tls-db1.example.org-5432`), so a server that presents a new certificate updates its record.
    public static func records(from reports: [EndpointReport], owner: String, rotationClass: String, at now: Timestamp) -> [CredentialRecord] {
        reports.compactMap { report in
            guard let leaf = report.certificates.first else { return nil }
            let host = String(report.endpoint.host.lowercased().map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "-" })
            return record(
                id: "tls-\(host)-\(report.endpoint.port)", facts: leaf, owner: owner, rotationClass: rotationClass,
                target: "\(report.endpoint.databaseProtocol.rawValue)://\(report.endpoint.host):\(report.endpoint.port)", at: now)
        }
    }

    /// One record per certificate in PEM files (a file or a folder of them), identified by fingerprint.
    public static func records(fromFiles files: [String], owner: String, rotationClass: String, at now: Timestamp) throws(TLSCheckError)
        -> [CredentialRecord]
    {
        var records: [CredentialRecord] = []
        for file in files {
            for facts in try CertificateFiles.read(file) {
                let fingerprint = facts.sha256Fingerprint.lowercased().filter(\.isHexDigit).prefix(16)
                records.append(record(id: "cert-\(fingerprint)", facts: facts, owner: owner, rotationClass: rotationClass, target: file, at: now))
            }
        }
        return records
    }

    static func record(id: String, facts: CertificateFacts, owner: String, rotationClass: String, target: String, at now: Timestamp)
        -> CredentialRecord
    {
        CredentialRecord(
            id: id, kind: .tlsCertificate, owner: owner, rotationClass: rotationClass,
            lastRotatedAt: Timestamp(milliseconds: facts.notBefore * 1000), expiresAt: Timestamp(milliseconds: facts.notAfter * 1000),
            target: target, createdAt: now)
    }
}

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
