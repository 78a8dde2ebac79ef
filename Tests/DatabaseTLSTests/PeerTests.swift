import DatabaseTLS
import Foundation
import Testing

/// The TDS test peer and hostile peers: wrapped and strict TDS handshakes, weak keys and signatures,
/// and servers that inject, speak another protocol, stall or flood.
@Suite("TLS checks against test peers")
struct PeerTests {
    @Test("TDS 7.x PRELOGIN-wrapped TLS (capped at 1.2), TDS 8 strict with ALPN, and ENCRYPT_NOT_SUP")
    func tds() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = try lab.peer("tds", ["--cert", lab.pem("good"), "--key", lab.key("good")])
        let refusing = try lab.peer("tds-nossl")
        let options = try lab.options()

        let wrapped = TLSChecker.check(try Endpoint(parsing: "sqlserver://localhost:\(port)"), options: options)
        #expect(wrapped.status == .passed, "\(wrapped)")
        #expect(wrapped.session?.protocolVersion == "TLSv1.2")

        let strict = TLSChecker.check(try Endpoint(parsing: "sqlserver://localhost:\(port)?encrypt=strict"), options: options)
        #expect(strict.status == .passed, "\(strict)")
        #expect(strict.session?.alpn == "tds/8.0")
        #expect(strict.session?.protocolVersion == "TLSv1.3")

        let cleartext = TLSChecker.check(try Endpoint(parsing: "sqlserver://localhost:\(refusing)"), options: options)
        #expect(cleartext.status == .failed)
        #expect(cleartext.failedChecks == [.tlsOffered])

        // TDS 8 against a server without strict encryption: it hangs up on the ClientHello. That is
        // a finding (exit 1), not an endpoint that could not be checked.
        let noStrict = TLSChecker.check(try Endpoint(parsing: "sqlserver://localhost:\(refusing)?encrypt=strict"), options: options)
        #expect(noStrict.status == .failed, "\(noStrict)")
        #expect(noStrict.failedChecks == [.tlsOffered])
        #expect(noStrict.checks.first?.message.contains("does not offer TDS 8 strict encryption") == true, "\(noStrict.checks)")
    }

    @Test("TDS 7 with a server that requires a client certificate: the server certificate that arrived is judged")
    func clientCertificateRequired() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = try lab.peer("tds", ["--cert", lab.pem("good"), "--key", lab.key("good"), "--client-ca", lab.pem("ca")])
        let expiredPort = try lab.peer("tds", ["--cert", lab.pem("expired"), "--key", lab.key("expired"), "--client-ca", lab.pem("ca")])
        let options = try lab.options()
        let good = TLSChecker.check(try Endpoint(parsing: "sqlserver://localhost:\(port)"), options: options)
        #expect(good.status == .passed, "\(good)")
        #expect(good.checks.first?.message.contains("requires a client certificate") == true, "\(good.checks)")
        #expect(good.certificates.first?.dnsNames == ["localhost"])
        let expired = TLSChecker.check(try Endpoint(parsing: "sqlserver://localhost:\(expiredPort)"), options: options)
        #expect(expired.status == .failed, "\(expired)")
        #expect(expired.failedChecks.subtracting([.ocspStapling]) == [.expired])
    }

    @Test("an expired private root in the trust store fails `expired` over TLS, TDS 7 and TDS 8, though the server never sends it")
    func expiredTrustAnchor() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let arguments = ["--cert", lab.pem("under-expired-root"), "--key", lab.key("under-expired-root")]
        let tls = try lab.peer("tls", arguments)
        let tds = try lab.peer("tds", arguments)
        let options = try lab.options(privateRoots: true)
        let urls = ["tls://localhost:\(tls)", "sqlserver://localhost:\(tds)", "sqlserver://localhost:\(tds)?encrypt=strict"]
        for report in TLSChecker.checkAll(try urls.map { try Endpoint(parsing: $0) }, options: options) {
            #expect(report.status == .failed, "\(report.endpoint.url)")
            #expect(report.failedChecks.subtracting([.ocspStapling]) == [.expired], "\(report.endpoint.url): \(report.checks)")
            let expired = report.checks.first { $0.check == .expired }?.message ?? ""
            #expect(expired.contains("Expired Private Root CA") && expired.contains("2025-01-01"), "\(expired)")
            #expect(report.verifiedPath?.last?.subject == "CN=Expired Private Root CA")
        }
        // Without the expired root among the anchors the chain is simply untrusted.
        let untrusted = TLSChecker.check(try Endpoint(parsing: urls[0]), options: try lab.options())
        #expect(untrusted.failedChecks.subtracting([.ocspStapling]) == [.chainTrusted], "\(untrusted.checks)")
        #expect(untrusted.verifiedPath == nil)
    }

    @Test("every weak suite a server accepts is found, in its preference order, over TLS and TDS 7 wrapping; cbc_sha1 fails only when forbidden")
    func weakSuites() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let ciphers = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-NULL-SHA:AECDH-AES128-SHA:@SECLEVEL=0"
        let arguments = ["--cert", lab.pem("good"), "--key", lab.key("good"), "--ciphers", ciphers]
        let tls = try lab.peer("tls", arguments)
        let tds = try lab.peer("tds", arguments)
        let clean = try lab.peer("tls", ["--cert", lab.pem("good"), "--key", lab.key("good")])
        let urls = ["tls://localhost:\(tls)", "sqlserver://localhost:\(tds)", "tls://localhost:\(clean)"]
        let reports = TLSChecker.checkAll(try urls.map { try Endpoint(parsing: $0) }, options: try lab.options())
        for report in reports.prefix(2) {
            #expect(
                report.weakSuitesAccepted?.map(\.name)
                    == ["TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"],
                "\(report.endpoint.url): \(report.weakSuitesAccepted ?? [])")
            #expect(report.failedChecks.subtracting([.ocspStapling]) == [.forbiddenSuites, .cbcSHA1Suites], "\(report.checks)")
            let finding = report.checks.first { $0.check == .forbiddenSuites }?.message ?? ""
            #expect(finding.contains("2 forbidden suite(s)") && finding.contains("no server authentication"), "\(finding)")
        }
        // Python's defaults refuse every weak suite, including CBC with SHA-1 over TLS 1.2.
        #expect(reports[2].weakSuitesAccepted == [], "\(reports[2].weakSuitesAccepted ?? [])")
        #expect(reports[2].status == .passed, "\(reports[2].checks)")

        // A policy forbidding cbc_sha1 judges it with the others.
        var policy = TLSPolicy()
        policy.forbiddenSuites.insert(.cbcSHA1)
        let strict = TLSChecker.check(try Endpoint(parsing: urls[0]), options: try lab.options(policy: policy))
        #expect(strict.checks.first { $0.check == .forbiddenSuites }?.message.contains("3 forbidden suite(s)") == true)
        #expect(strict.checks.first { $0.check == .cbcSHA1Suites }?.outcome == .skipped)
    }

    @Test("an RSA-1024 key signed with SHA-1, on a server accepting TLS 1.0, fails three checks")
    func weakCertificate() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = try lab.peer("tls", ["--cert", lab.pem("weak"), "--key", lab.key("weak"), "--seclevel0", "--tls-min", "1.0"])
        let report = TLSChecker.check(try Endpoint(parsing: "tls://localhost:\(port)"), options: try lab.options())
        #expect(report.failedChecks.subtracting([.cbcSHA1Suites]) == [.keyStrength, .signatureAlgorithm, .legacyProtocols, .ocspStapling])
        #expect(report.certificates.first?.keyBits == 1024)
        #expect(report.certificates.first?.signatureDigest == "sha1")
    }

    @Test("partial wildcards never match, and an SPKI pin is checked against the chain")
    func wildcardAndPin() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let port = try lab.peer("tls", ["--cert", lab.pem("wildcard"), "--key", lab.key("wildcard")])
        var options = try lab.options()
        options.serverName = "foo.example.org"
        let report = TLSChecker.check(try Endpoint(parsing: "tls://127.0.0.1:\(port)"), options: options)
        #expect(report.failedChecks.contains(.hostMatches), "f*.example.org must not match foo.example.org")

        let pin = try #require(report.certificates.first?.spkiPin)
        options.pins = [pin]
        #expect(!TLSChecker.check(try Endpoint(parsing: "tls://127.0.0.1:\(port)"), options: options).failedChecks.contains(.spkiPin))
        options.pins = ["sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]
        #expect(TLSChecker.check(try Endpoint(parsing: "tls://127.0.0.1:\(port)"), options: options).failedChecks.contains(.spkiPin))
    }

    @Test("hostile and absent peers end in a clear error code, within the timeout")
    func hostilePeers() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let inject = try lab.peer("inject")
        let garbage = try lab.peer("garbage")
        let stall = try lab.peer("stall")
        let flood = try lab.peer("flood")
        let options = try lab.options(timeout: 1)
        let cases: [(url: String, code: TLSCheckError.Code)] = [
            ("postgres://localhost:\(inject)", .protocolError),
            ("postgres://localhost:\(garbage)", .protocolError),
            ("sqlserver://localhost:\(garbage)", .protocolError),
            ("postgres://localhost:\(stall)", .timeout),
            ("mysql://localhost:\(stall)", .timeout),
            ("tls://localhost:\(flood)", .responseTooLarge),
            ("postgres://localhost:\(Lab.freePort())", .connectionRefused),
            ("postgres://no-such-host.invalid:5432", .unresolvableHost),
        ]
        let started = Date()
        let reports = TLSChecker.checkAll(try cases.map { try Endpoint(parsing: $0.url) }, options: options)
        for (report, expected) in zip(reports, cases) {
            #expect(report.status == .error, "\(expected.url)")
            #expect(report.error?.code == expected.code, "\(expected.url): \(String(describing: report.error))")
        }
        // Concurrent: two stalls at a 1 s timeout do not add up.
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
