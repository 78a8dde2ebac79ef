import DatabaseScan
import DatabaseTLS
import Foundation
import LabSupport
import Testing

/// The scan's pure parts: targets, passwords, settings, baselines, the rule catalogue and its document.
@Suite("db scan model: targets, passwords, settings, baselines, catalogue")
struct ScanModelTests {
    @Test("URLs: engines, defaults, TLS modes; passwords and insecure targets refused")
    func targets() throws {
        let pg = try ScanTarget(url: "postgresql://scan@db.example/ehr?sslrootcert=/dev/null")
        #expect(pg.engine == .postgres && pg.port == 5432 && pg.database == "ehr" && pg.tlsMode == .verifyFull)
        #expect(pg.displayURL == "postgresql://scan@db.example:5432/ehr" && pg.key == "postgres://db.example:5432/ehr")
        let maria = try ScanTarget(url: "mariadb://[::1]:3307/?ssl-mode=DISABLED")
        #expect(maria.engine == .mariadb && maria.host == "::1" && maria.port == 3307 && maria.user == "root" && maria.tlsMode == .disable)
        let refused: [(String, ScanError.Code)] = [
            ("postgresql://u:pw@db/x", .passwordInURL), ("redis://db", .invalidTarget), ("postgresql:///x", .invalidTarget),
            ("postgresql://u@db.example/x?sslmode=disable", .insecureTarget), ("postgresql://u@db/x?sslmode=prefer", .invalidTarget),
            ("postgresql://u@db/x?application_name=x", .invalidTarget), ("postgresql://u@db/x?sslrootcert=/nonexistent", .fileUnreadable),
        ]
        for (url, code) in refused {
            #expect(throws: ScanError.self, "\(url)") { try ScanTarget(url: url) }
            do { _ = try ScanTarget(url: url) } catch { #expect(error.code == code, "\(url)") }
        }
    }

    @Test("password files: one password, or pgpass lines with wildcards and escapes")
    func passwords() throws {
        let target = try ScanTarget(url: "postgresql://scan@db.example:5433/ehr")
        #expect(PasswordSource(environmentPassword: "env", fileText: nil).password(for: target) == "env")
        #expect(PasswordSource(environmentPassword: "env", fileText: "only-one\n").password(for: target) == "only-one")
        let pgpass = "# comment\nother:5433:*:scan:wrong\ndb.example:5433:*:scan:pa\\:ss\\\\word\n"
        #expect(PasswordSource(environmentPassword: nil, fileText: pgpass).password(for: target) == "pa:ss\\word")
    }

    @Test("rules files: unknown settings and rule ids are errors, so a typo never turns a rule off")
    func settings() throws {
        let settings = try ScanSettings(yaml: "disabled: [PG-PWD-02]\nseverity: {PG-PWD-04: medium}\nmax_password_age_days: 90\n", source: "r")
        #expect(settings.disabled == ["PG-PWD-02"] && settings.severities["PG-PWD-04"] == .medium && settings.maximumPasswordAgeDays == 90)
        for text in ["disabled: [PG-XX-01]", "severity: {PG-PWD-04: huge}", "max_password_age_days: 0", "colour: red", "- a", "{"] {
            #expect(throws: ScanError.self, "\(text)") { try ScanSettings(yaml: text, source: "r") }
        }
    }

    @Test("baselines: entries need owner, justification and a day; other files are refused")
    func baselines() throws {
        #expect(throws: ScanError.self) { try Baseline(data: Data("[]".utf8), source: "b") }
        let missingOwner =
            #"{"version":1,"targets":{"t":{"PG-PRIV-01":[{"fingerprint":"f","cells":[],"owner":"","justification":"j","expires":"2099-01-01"}]}}}"#
        #expect(throws: ScanError.self) { try Baseline(data: Data(missingOwner.utf8), source: "b") }
        let badDay = missingOwner.replacingOccurrences(of: "\"owner\":\"\"", with: "\"owner\":\"o\"").replacingOccurrences(
            of: "2099-01-01", with: "soon")
        #expect(throws: ScanError.self) { try Baseline(data: Data(badDay.utf8), source: "b") }
        let good = missingOwner.replacingOccurrences(of: "\"owner\":\"\"", with: "\"owner\":\"o\"")
        let baseline = try Baseline(data: Data(good.utf8), source: "b")
        #expect(try Baseline(data: baseline.encoded(), source: "again") == baseline)
        #expect(Baseline.endOfDay("2026-02-30") == nil || Baseline.endOfDay("2026-02-30")! > 0)
    }

    @Test("every rule has a unique id, a HIPAA section, columns and a fix; exit codes follow the statuses")
    func catalogue() throws {
        let ids = ScanRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in ScanRule.all {
            #expect(!rule.hipaa.isEmpty && !rule.columns.isEmpty && !rule.fix.isEmpty && !rule.sql.isEmpty, "\(rule.id)")
        }
        let unreachable = TargetReport.notScanned(try ScanTarget(url: "postgresql://u@db.example/x"), error: ScanError(.connectFailed, "no"))
        #expect(ScanFormat.exitCode([unreachable]) == 2)
        #expect(ScanFormat.junit([unreachable]).contains("<failure type=\"connect_failed\""))
    }

    @Test("docs/db-scan.md carries the catalogue exactly as `phiguard db rules` prints it")
    func documentMatchesCode() throws {
        let text = try String(contentsOf: ChildProcesses.repository.appendingPathComponent("docs/db-scan.md"), encoding: .utf8)
        let start = try #require(text.range(of: "<!-- rules: generated by `phiguard db rules --format markdown` -->\n"))
        let end = try #require(text.range(of: "<!-- end of rules -->"))
        #expect(String(text[start.upperBound..<end.lowerBound]) == RuleCatalog.markdown(), "regenerate: see docs/db-scan.md, Rules")
    }
}
