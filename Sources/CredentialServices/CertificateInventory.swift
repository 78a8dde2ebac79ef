public import AccessModel
public import Credentials
public import DatabaseTLS

/// Certificates as credentials of the inventory (the meeting point of the TLS checks and the
/// credentials domain, so neither depends on the other), so rotation reminders cover their expiry: the
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
