import AccessModel
import CredentialServices
import Credentials
import DatabaseTLS
import Foundation
import Testing

/// Real PostgreSQL 15, MariaDB and Redis servers on 127.0.0.1 with certificates made at test time.
@Suite("TLS checks against real database servers", .serialized)
struct DatabaseServerTests {
    @Test("PostgreSQL SSLRequest: each certificate scenario fails exactly the check it should")
    func postgresScenarios() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = Lab.freePort()
        try lab.run("postgres", String(port), "good")
        let options = try lab.options(privateRoots: true)
        let endpoint = try Endpoint(parsing: "postgres://localhost:\(port)")

        let good = TLSChecker.check(endpoint, options: options)
        #expect(good.status == .passed, "\(good)")
        // PostgreSQL's default ssl_ciphers (HIGH:MEDIUM:+3DES:!aNULL) still accepts AES-CBC with SHA-1: reported, low.
        #expect(good.failedChecks == [.ocspStapling, .cbcSHA1Suites])
        #expect(good.weakSuitesAccepted?.allSatisfy { $0.weaknesses == [.cbcSHA1] } == true, "\(good.weakSuitesAccepted ?? [])")
        #expect(good.session?.protocolVersion == "TLSv1.3")
        #expect(good.certificates.first?.dnsNames == ["localhost"])
        // The presented leaf becomes an inventory credential, due at its notAfter.
        let records = CertificateInventory.records(from: [good], owner: "pki", rotationClass: "tls-certificate", at: Timestamp(milliseconds: 0))
        #expect(records.map(\.id) == ["tls-localhost-\(port)"])
        #expect(records.first?.expiresAt?.milliseconds == (good.certificates.first?.notAfter).map { $0 * 1000 })
        #expect(records.first?.kind == .tlsCertificate && records.first?.target == "postgres://localhost:\(port)")
        let anchors = try CertificateInventory.records(
            fromFiles: [lab.pem("ca")], owner: "pki", rotationClass: "tls-certificate", at: Timestamp(milliseconds: 0))
        #expect(anchors.count == 1 && anchors[0].id.hasPrefix("cert-"))

        let scenarios: [(leaf: String, failed: Set<CheckID>)] = [
            ("wronghost", [.hostMatches]),
            ("expired", [.expired]),
            ("notyet", [.notYetValid]),
            ("untrusted", [.chainTrusted]),
            ("chained", [.chainTrusted]),  // the intermediate is missing from what the server sends
            ("chained-full", []),
            ("selfsigned", [.chainTrusted]),
            ("iponly", [.hostMatches]),
            ("expiring", [.expiringSoon]),
            // The anchor comes from the trust store, never from the server: its dates count too.
            ("under-expired-root", [.expired]),
            ("under-short-root", [.expiringSoon]),
        ]
        for scenario in scenarios {
            try lab.run("postgres-switch", scenario.leaf)
            let expectedFingerprint = try fingerprint(of: lab.pem(scenario.leaf))
            // A reload is asynchronous: wait until the server presents the new certificate.
            var report = TLSChecker.check(endpoint, options: options)
            for _ in 0..<50 where report.certificates.first?.sha256Fingerprint != expectedFingerprint {
                Thread.sleep(forTimeInterval: 0.1)
                report = TLSChecker.check(endpoint, options: options)
            }
            #expect(
                report.failedChecks.subtracting([.ocspStapling, .cbcSHA1Suites]) == scenario.failed,
                "\(scenario.leaf): \(report.checks.filter { $0.outcome == .fail })")
            #expect(report.status == (scenario.failed.isEmpty ? .passed : .failed), "\(scenario.leaf)")
        }

        // Days left is the minimum over the verified path: the root's 10 days, not the leaf's 90.
        let shortRoot = TLSChecker.check(endpoint, options: options)
        let expiring = try #require(shortRoot.checks.first { $0.check == .expiringSoon })
        #expect(expiring.message.contains("Short-lived Private Root CA") && expiring.message.hasPrefix("9 day"), "\(expiring.message)")
        #expect(shortRoot.verifiedPath?.map(\.subject) == ["CN=localhost", "CN=Short-lived Private Root CA"])
        #expect(shortRoot.certificates.count == 1)

        // A literal address matches only an IP SAN.
        try lab.run("postgres-switch", "iponly")
        Thread.sleep(forTimeInterval: 0.5)
        let byAddress = TLSChecker.check(try Endpoint(parsing: "postgres://127.0.0.1:\(port)"), options: options)
        #expect(!byAddress.failedChecks.contains(.hostMatches))
    }

    @Test("MariaDB HandshakeV10 and SSLRequest, then TLS; wrong host caught through --servername")
    func mariadb() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = Lab.freePort()
        try lab.run("mariadb", String(port), "good")
        var options = try lab.options()
        let endpoint = try Endpoint(parsing: "mariadb://localhost:\(port)")
        let report = TLSChecker.check(endpoint, options: options)
        #expect(report.status == .passed, "\(report)")
        #expect(report.endpoint.databaseProtocol == .mysql)
        options.serverName = "db.example.com"
        #expect(TLSChecker.check(endpoint, options: options).failedChecks.contains(.hostMatches))

        // A valid leaf under a private root that expired in 2025: the server never sends the root,
        // and the check must still see that it has expired.
        let expiredRootLab = try Lab()
        defer { expiredRootLab.stop() }
        let expiredRootPort = Lab.freePort()
        try expiredRootLab.run("mariadb", String(expiredRootPort), "under-expired-root")
        let expiredRoot = TLSChecker.check(
            try Endpoint(parsing: "mariadb://localhost:\(expiredRootPort)"), options: try expiredRootLab.options(privateRoots: true))
        #expect(expiredRoot.status == .failed)
        #expect(expiredRoot.failedChecks.subtracting([.ocspStapling, .legacyProtocols, .cbcSHA1Suites]) == [.expired], "\(expiredRoot.checks)")
    }

    @Test("Redis TLS port: a server that still accepts TLS 1.0/1.1 fails legacy_protocols")
    func redisLegacyProtocols() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let modern = Lab.freePort()
        let legacy = Lab.freePort()
        try lab.run("redis", String(modern), "good")
        try lab.run("redis", String(legacy), "good", "legacy")
        let options = try lab.options()
        let reports = TLSChecker.checkAll(
            [try Endpoint(parsing: "rediss://localhost:\(modern)"), try Endpoint(parsing: "rediss://localhost:\(legacy)")], options: options)
        #expect(reports[0].status == .passed, "\(reports[0])")
        #expect(reports[1].failedChecks.subtracting([.cbcSHA1Suites]) == [.legacyProtocols, .ocspStapling])
        #expect(reports[1].status == .failed)
    }

    @Test("PostgreSQL that still accepts a NULL suite ranked below strong ones fails forbidden_suites, though it negotiates TLS 1.3")
    func postgresNullSuite() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = Lab.freePort()
        try lab.run("postgres", String(port), "good", "HIGH:!aNULL:-SHA1:ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0")
        let report = TLSChecker.check(try Endpoint(parsing: "postgres://localhost:\(port)"), options: try lab.options())
        #expect(report.status == .failed)
        #expect(report.failedChecks == [.forbiddenSuites, .ocspStapling], "\(report.checks)")
        #expect(report.session?.protocolVersion == "TLSv1.3")
        #expect(report.weakSuitesAccepted?.map(\.name) == ["TLS_ECDHE_ECDSA_WITH_NULL_SHA"])
        let finding = report.checks.first { $0.check == .forbiddenSuites }?.message ?? ""
        #expect(finding.contains("TLS_ECDHE_ECDSA_WITH_NULL_SHA (no encryption)"), "\(finding)")

        // The same server with the suite probe off passes: the blind spot the probe closes.
        var policy = TLSPolicy()
        policy.probeCipherSuites = false
        let unprobed = TLSChecker.check(try Endpoint(parsing: "postgres://localhost:\(port)"), options: try lab.options(policy: policy))
        #expect(unprobed.status == .passed)
    }

    private func fingerprint(of file: String) throws -> String {
        let (_, text) = try Lab.capture(["/usr/bin/env", "openssl", "x509", "-in", file, "-noout", "-fingerprint", "-sha256"])
        return String(text.split(separator: "=").last ?? "").filter { $0 != ":" && $0 != "\n" }.lowercased()
    }
}
