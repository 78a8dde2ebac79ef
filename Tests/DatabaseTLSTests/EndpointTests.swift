import DatabaseTLS
import Foundation
import Testing

@Suite("Endpoint URLs and the TLS policy file")
struct EndpointTests {
    @Test(
        "schemes map to handshakes and default ports",
        arguments: [
            ("postgres://db.example.org", DatabaseProtocol.postgres, 5432),
            ("postgresql://u@db.example.org:6432/app?sslmode=verify-full", .postgres, 6432),
            ("postgres://db.example.org?sslnegotiation=direct", .postgresDirect, 5432),
            ("mysql://db:3307", .mysql, 3307),
            ("mariadb://db", .mysql, 3306),
            ("sqlserver://db", .tds, 1433),
            ("sqlserver://db?encrypt=strict", .tdsStrict, 1433),
            ("mongodb://db", .directTLS, 27017),
            ("rediss://db", .directTLS, 6379),
            ("tls://db:8443", .directTLS, 8443),
        ])
    func schemes(url: String, expected: DatabaseProtocol, port: Int) throws {
        let endpoint = try Endpoint(parsing: url)
        #expect(endpoint.databaseProtocol == expected)
        #expect(endpoint.port == port)
    }

    @Test(
        "cipher names with a broken or absent part are weak",
        arguments: [
            ("TLS_AES_256_GCM_SHA384", false), ("ECDHE-RSA-AES128-GCM-SHA256", false), ("ECDHE-ECDSA-CHACHA20-POLY1305", false),
            ("AES128-SHA", false), ("DES-CBC3-SHA", true), ("EDH-RSA-DES-CBC-SHA", true), ("EXP-RC4-MD5", true),
            ("EXP1024-DES-CBC-SHA", true), ("RC4-SHA", true), ("NULL-SHA256", true), ("ADH-AES128-SHA", true),
            ("AECDH-AES256-SHA", true), ("TLS_DH_anon_WITH_AES_128_CBC_SHA", true), ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", true),
        ])
    func weakCiphers(name: String, weak: Bool) {
        #expect(TLSChecker.isWeak(cipherName: name) == weak)
    }

    @Test("IPv6 literals, and passwords masked in the URL kept for reports")
    func ipv6AndMasking() throws {
        let endpoint = try Endpoint(parsing: "postgres://admin:s3cret@[::1]:5433/db")
        #expect(endpoint.host == "::1")
        #expect(endpoint.port == 5433)
        #expect(!endpoint.url.contains("s3cret"))
    }

    @Test(
        "bad URLs get a stable code",
        arguments: [
            ("db.example.org:5432", TLSCheckError.Code.invalidURL),
            ("ftp://db", .unknownScheme),
            ("postgres://", .invalidURL),
            ("postgres://db:0", .invalidURL),
            ("postgres://db:65536", .invalidURL),
            ("postgres://db:port", .invalidURL),
            ("postgres://[::1", .invalidURL),
            ("postgres://db host", .invalidURL),
        ])
    func badURLs(url: String, code: TLSCheckError.Code) {
        #expect(throws: TLSCheckError.self) { try Endpoint(parsing: url) }
        do { _ = try Endpoint(parsing: url) } catch { #expect(error.code == code, "\(url)") }
    }

    @Test("pins must be sha256/ and 44 base64 characters")
    func pins() throws {
        #expect(try CheckOptions.validatePin("sha256/c2GuyfcXSrxC9SCj6t7jXz8FDpvlh/AJq2izmHR7Zls=") != "")
        for bad in ["c2GuyfcXSrxC9SCj6t7jXz8FDpvlh/AJq2izmHR7Zls=", "sha1/abc=", "sha256/short="] {
            #expect(throws: TLSCheckError.self) { try CheckOptions.validatePin(bad) }
        }
    }

    @Test("the committed Policies/tls.yaml parses")
    func committedPolicy() throws {
        let path = Lab.repository.appendingPathComponent("Policies/tls.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let policy = try TLSPolicy(yaml: text)
        #expect(policy.failAt == .medium)
        #expect(policy.minimumRSABits == 2048)
        #expect(policy.weakDigests == ["md5", "sha1"])
        #expect(policy.probeCipherSuites)
        #expect(policy.forbiddenSuites == [.null, .anonymous, .export, .rc4, .des, .tripleDES])
        #expect(try TLSPolicy(yaml: "forbidden_suites: [null, cbc_sha1]").forbiddenSuites == [.null, .cbcSHA1])
    }

    @Test("the weak-suite table: classes read from IANA names, every code point once")
    func weakSuiteTable() {
        #expect(Set(WeakSuite.all.map(\.id)).count == WeakSuite.all.count)
        #expect(WeakSuite.all.allSatisfy { !$0.weaknesses.isEmpty }, "a suite with no weakness does not belong in the probe")
        let byName = Dictionary(uniqueKeysWithValues: WeakSuite.all.map { ($0.name, $0.weaknesses) })
        #expect(byName["TLS_ECDHE_ECDSA_WITH_NULL_SHA"] == [.null])
        #expect(byName["TLS_DH_anon_WITH_AES_128_GCM_SHA256"] == [.anonymous])
        #expect(byName["TLS_RSA_EXPORT_WITH_RC4_40_MD5"] == [.export, .rc4])
        #expect(byName["TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"] == [.export, .des, .cbcSHA1])
        #expect(byName["TLS_RSA_WITH_3DES_EDE_CBC_SHA"] == [.tripleDES, .cbcSHA1])
        #expect(byName["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"] == [.cbcSHA1])
    }

    @Test(
        "policy mistakes are refused with invalid_policy",
        arguments: [
            "fail_at: severe", "min_days: -1", "min_rsa_bits: lots", "mystery: 1", "severity:\n  no_such_check: high", "severity: [high]",
            "weak_digests: sha1", "probe_legacy_protocols: maybe", "- a list", "key: [unclosed", "min_days: \"30\"", "probe_legacy_protocols: yes",
            "min_days: 30\nmin_days: 31", "weak_digests: [[md5]]",
            "forbidden_suites: null", "forbidden_suites: [nul]", "probe_cipher_suites: 1",
        ])
    func policyErrors(yaml: String) {
        do {
            _ = try TLSPolicy(yaml: yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.code == .invalidPolicy)
        }
    }

    @Test("severity overrides and an empty file")
    func policyOverrides() throws {
        let policy = try TLSPolicy(yaml: "fail_at: high\nseverity:\n  expiring_soon: critical\n")
        #expect(policy.failAt == .high)
        #expect(policy.severity(of: .expiringSoon) == .critical)
        #expect(policy.severity(of: .keyStrength) == .high)
        #expect(try TLSPolicy(yaml: "") == TLSPolicy())
    }
}
