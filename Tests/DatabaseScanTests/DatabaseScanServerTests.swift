import AccessModel
import DatabaseTLS
import Foundation
import Testing

@testable import DatabaseScan

/// Real PostgreSQL 15 and MariaDB servers seeded with good and bad states: every rule stays quiet
/// on the good state and fires on the bad one.
@Suite("Posture scans of real PostgreSQL and MariaDB servers", .serialized)
struct DatabaseScanServerTests {
    static let now = Int64(Date().timeIntervalSince1970)

    @Test("PostgreSQL: quiet when hardened, every rule fires on its bad state, least privilege is not assessable, never a pass")
    func postgres() async throws {
        let lab = try ScanLab()
        defer { lab.stop() }
        try lab.tls("postgres", String(lab.port), "good")
        try lab.state("postgres-good", ScanLab.password)
        let url = "postgresql://dba_admin@localhost:\(lab.port)/postgres?sslmode=verify-full&sslrootcert=\(lab.rootCertificate)"
        let admin = try lab.target(url)
        // PHIGuard rotated both logins yesterday.
        let ledger = RotationLedger(
            entries: [
                "dba_admin": .init(credentialID: "db-admin", lastRotated: Self.now - 86_400, maximumAgeDays: 90),
                "scanner": .init(credentialID: "db-scanner", lastRotated: Self.now - 86_400, maximumAgeDays: 90),
            ], available: true)
        var options = ScanOptions(ledgers: [admin.key: ledger], now: Self.now)

        // The superuser doing the scan is a powerful role: it needs an approval, and gets one.
        let first = await DatabaseScanner.scan(admin, options: options)
        #expect(first.status == .scanned, "\(String(describing: first.error))")
        #expect(first.tls?.leafSubject == "CN=localhost")
        #expect(first.rules(.failed) == ["PG-PRIV-01"], "\(first.rules.filter { $0.status != .passed })")
        #expect(first.result("PG-PRIV-01")?.findings.map(\.cells) == [["dba_admin", "superuser"]])
        var baseline = Baseline()
        baseline.approve([first], owner: "dba-team", justification: "break-glass administrator", expires: "2099-12-31")
        options.baseline = baseline
        let good = await DatabaseScanner.scan(admin, options: options)
        #expect(good.rules(.failed).isEmpty && good.rules(.notAssessable).isEmpty, "\(good.rules.filter { $0.status != .passed })")
        #expect(good.rules(.approved) == ["PG-PRIV-01"])
        #expect(ScanFormat.exitCode([good]) == 0)
        // The PHI column inventory, by whole tokens: not timezone, not passenger_count.
        #expect(
            Set(good.phiColumns.map(\.column)) == ["patient_mrn", "birth_dt", "icd10_code", "npi", "insurance_member_id", "admission_date"],
            "\(good.phiColumns)")
        #expect(good.identifiersScanned > 10)

        // --sample: values read in memory for columns whose names say nothing; only the category is kept.
        try lab.state(
            "postgres-sql", "postgres",
            """
            CREATE TABLE ehr.legacy_import (ref text, misc text, note text);
            INSERT INTO ehr.legacy_import SELECT lpad(i::text, 3, '0') || '-45-67' || lpad(i::text, 2, '0'), 'p' || i || '@mail.example', 'ok'
            FROM generate_series(10, 30) i;
            """)
        var sampling = options
        sampling.sampleRows = 20
        let sampled = await DatabaseScanner.scan(admin, options: sampling)
        let byValues = sampled.phiColumns.filter { $0.basis == .values }
        #expect(
            byValues.map { "\($0.relation).\($0.column) \($0.category.rawValue)" }.sorted() == [
                "ehr.legacy_import.misc email", "ehr.legacy_import.ref ssn",
            ])
        let json = ScanFormat.json.render([sampled])
        #expect(!json.contains("-45-67") && !json.contains("mail.example"))
        try lab.state("postgres-sql", "postgres", "DROP TABLE ehr.legacy_import")

        // The session the scan reads through refuses to write.
        let session = try await PostgresSession.open(admin, timeoutSeconds: 5)
        await #expect(throws: QueryFailure.self) { _ = try await session.rows("CREATE TABLE ehr.scan_wrote_this (i int)") }
        await session.close()

        // An approval that has expired no longer approves.
        var expired = Baseline()
        expired.approve([first], owner: "dba-team", justification: "old", expires: "2020-01-01")
        options.baseline = expired
        let stale = await DatabaseScanner.scan(admin, options: options)
        #expect(stale.result("PG-PRIV-01")?.findings.first?.expiredApproval == "approved by dba-team until 2020-01-01")
        options.baseline = baseline

        // Least privilege: everything but the md5-hash check is assessable; that one says what it needs.
        var scanner = admin
        scanner.user = "scanner"
        let least = await DatabaseScanner.scan(scanner, options: options)
        #expect(least.rules(.notAssessable) == ["PG-PWD-02"], "\(least.rules.filter { $0.status == .notAssessable })")
        #expect(least.result("PG-PWD-02")?.note?.contains("pg_authid") == true)
        #expect(ScanFormat.exitCode([least]) == 2)
        // Without pg_read_all_stats the open-session check would silently pass: it refuses instead.
        try lab.state("postgres-sql", "postgres", "REVOKE pg_read_all_stats FROM scanner")
        let noStats = await DatabaseScanner.scan(scanner, options: options)
        #expect(noStats.status("PG-TLS-04") == .notAssessable)
        // Without an inventory PostgreSQL cannot prove rotation.
        let noLedger = await DatabaseScanner.scan(admin, options: ScanOptions(baseline: baseline, now: Self.now))
        #expect(noLedger.status("PG-PWD-05") == .notAssessable)

        // The bad state: plain TCP on loopback is allowed for exactly this.
        try lab.state("postgres-bad")
        let plain = try lab.target("postgresql://postgres@127.0.0.1:\(lab.port)/postgres?sslmode=disable", password: nil)
        var badOptions = ScanOptions(ledgers: [plain.key: RotationLedger(available: true)], now: Self.now)
        badOptions.baseline = baseline
        let bad = await DatabaseScanner.scan(plain, options: badOptions)
        let every = Set(ScanRule.all.filter { $0.engine == .postgres }.map(\.id))
        #expect(bad.rules(.failed) == every, "quiet: \(every.subtracting(bad.rules(.failed))); \(bad.rules.filter { $0.status != .failed })")
        func cells(_ rule: String) -> [[String]] { bad.result(rule)?.findings.map(\.cells) ?? [] }
        // md5 stored under a scram setting is caught by reading the hash, not the setting.
        #expect(cells("PG-PWD-02") == [["legacy_app"]])
        #expect(cells("PG-AUTH-01").map { $0[5] } == ["trust", "password"])
        #expect(cells("PG-AUTH-02").map { $0[5] } == ["md5"])
        #expect(cells("PG-AUTH-03").map { $0[4] } == ["0.0.0.0/0.0.0.0"])
        #expect(cells("PG-AUTH-04").count == 1)
        #expect(cells("PG-PRIV-01").map { $0[0] }.contains("ops_admin"))
        #expect(cells("PG-PRIV-03") == [["public", Redaction.redact("claims_123456789"), "SELECT"]])
        // PHI in identifiers: a login named like a name and a date of birth, a table with an SSN-shaped number.
        let identifiers = cells("PG-ID-01")
        #expect(identifiers.contains { $0[0] == "login" && $0[2] == "a date (such as a date of birth)" && $0[1].hasPrefix("js…#") })
        #expect(identifiers.contains { $0[0] == "table" && $0[2] == "a social security number" && $0[1].hasPrefix("cl…#") })
        // Redacted everywhere: no output format carries the names.
        for format in ScanFormat.allCases {
            let text = format.render([bad])
            #expect(!text.contains("19750312") && !text.contains("123456789"), "\(format)")
        }
        #expect(cells("PG-PWD-05").contains { $0[0] == "legacy_app" && $0[1].hasPrefix("no rotation on record") })
    }

    @Test("MariaDB: quiet when hardened; anonymous, wildcard, empty-password, remote root and audit cases exact")
    func mariadb() async throws {
        let lab = try ScanLab()
        defer { lab.stop() }
        try lab.tls("mariadb", String(lab.port), "good")
        try lab.state("mariadb-good", ScanLab.password)
        let admin = try lab.target("mariadb://dba_admin@localhost:\(lab.port)/?sslmode=verify-full&sslrootcert=\(lab.rootCertificate)")
        var options = ScanOptions(now: Self.now)
        let first = await DatabaseScanner.scan(admin, options: options)
        #expect(first.status == .scanned, "\(String(describing: first.error))")
        // The administrator and the scan account (PROCESS) hold powerful privileges: approved once.
        #expect(first.rules(.failed) == ["MY-PRIV-01"], "\(first.rules.filter { ![.passed, .notApplicable].contains($0.status) })")
        #expect(first.result("MY-PRIV-01")?.findings.map { $0.cells[0] } == ["dba_admin@127.0.0.1", "scanner@127.0.0.1"])
        var baseline = Baseline()
        baseline.approve([first], owner: "dba-team", justification: "administrator and scan account", expires: "2099-12-31")
        options.baseline = baseline
        let good = await DatabaseScanner.scan(admin, options: options)
        #expect(
            good.rules(.failed).isEmpty && good.rules(.notAssessable).isEmpty,
            "\(good.rules.filter { ![.passed, .notApplicable, .approved].contains($0.status) })")
        #expect(first.status("MY-TLS-03") == .notApplicable)
        #expect(Set(first.phiColumns.map(\.column)) == ["patient_mrn", "birth_dt", "icd10_code", "npi", "insurance_member_id", "admission_date"])
        #expect(first.logins.contains { $0.name == "scanner@127.0.0.1" && $0.passwordChanged != nil })

        var scanner = admin
        scanner.user = "scanner"
        let least = await DatabaseScanner.scan(scanner, options: options)
        #expect(least.rules(.notAssessable).isEmpty, "\(least.rules.filter { $0.status == .notAssessable })")
        // Read-only, even for an account that may write.
        let session = try await MariaDBSession.open(admin, timeoutSeconds: 5)
        await #expect(throws: QueryFailure.self) { _ = try await session.rows("CREATE TABLE ehr.scan_wrote_this (i int)") }

        try lab.state("mariadb-bad")
        // tls_version is read at start-up only.
        try lab.tls("mariadb", String(lab.port), "good", "TLSv1.1,TLSv1.2,TLSv1.3")
        // 400 days later, every password is past its age.
        options.now = Self.now + 400 * 86_400
        let bad = await DatabaseScanner.scan(admin, options: options)
        let every = Set(ScanRule.all.filter { $0.engine == .mariadb }.map(\.id))
        #expect(bad.rules(.failed) == every, "quiet: \(every.subtracting(bad.rules(.failed))); \(bad.rules.filter { $0.status != .failed })")
        func cells(_ rule: String) -> [[String]] { bad.result(rule)?.findings.map(\.cells) ?? [] }
        #expect(cells("MY-AUTH-01") == [["", "lab-host"], ["", "localhost"]])
        #expect(cells("MY-AUTH-02") == [["app", "%"], ["root", "10.%"]])
        // Exactly the two anonymous accounts and nopw: not PUBLIC, not mariadb.sys, not locked or socket-only accounts.
        #expect(cells("MY-AUTH-03") == [["", "lab-host"], ["", "localhost"], ["nopw", "10.0.0.5"]])
        #expect(cells("MY-AUTH-04") == [["root", "10.%"]])
        #expect(cells("MY-TLS-03").contains(["nopw", "10.0.0.5"]))
        #expect(cells("MY-PWD-01").contains(["server default", "0"]) && cells("MY-PWD-01").contains(["app@%", "never (EXPIRE NEVER)"]))
        #expect(cells("MY-LOG-01").contains(["server_audit_logging is OFF"]))
        #expect(
            cells("MY-PWD-02").contains { $0[0] == "app@%" && $0[1].hasPrefix("password changed on the server 399 days ago; the limit is 365 days") },
            "\(bad.logins)")
        #expect(cells("MY-PRIV-01").contains { $0[0] == "app@%" && $0[1].contains("FILE") })
        let identifiers = cells("MY-ID-01")
        #expect(identifiers.contains { $0[0] == "login" && $0[1].hasPrefix("js…#") })
        #expect(identifiers.contains { $0[0] == "table" && $0[2] == "a social security number" })
    }

    @Test("A server whose certificate fails PHIGuard's verification never gets the password")
    func tlsGate() async throws {
        let lab = try ScanLab()
        defer { lab.stop() }
        try lab.tls("postgres", String(lab.port), "wronghost")
        let target = try lab.target("postgresql://postgres@localhost:\(lab.port)/postgres?sslrootcert=\(lab.rootCertificate)")
        let report = await DatabaseScanner.scan(target, options: ScanOptions(now: Self.now))
        #expect(report.status == .unreachable && report.error?.code == .tlsVerificationFailed, "\(String(describing: report.error))")
        #expect(report.error?.message.contains("host_matches") == true, "\(String(describing: report.error))")
        #expect(ScanFormat.exitCode([report]) == 2)
    }
}
