import Foundation
import Testing

/// `phiguard tls check` and `phiguard conn lint` as a deployment pipeline runs them: exit codes,
/// stable error codes, and no password in any output.
@Suite("tls check and conn lint commands")
struct DatabaseTLSCommandTests {
    @Test("conn lint: exit 1 on a finding at --fail-at, 0 below it, passwords masked")
    func connLint() throws {
        let risky = try CLIRunner.run(["conn", "lint", "postgresql://app:Hunter2Secret@db/ehr?sslmode=require"])
        #expect(risky.exitCode == 1)
        #expect(risky.standardOutput.contains("pg_sslmode_require"))
        #expect(!risky.standardOutput.contains("Hunter2Secret"))
        let json = try CLIRunner.run(["conn", "lint", "--format", "json", "--fail-at", "critical", "jdbc:mysql://db/ehr?sslMode=VERIFY_CA"])
        #expect(json.exitCode == 0)
        let finding = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(finding?["code"] as? String == "mysql_ssl_mode_verify_ca")
        #expect(try CLIRunner.run(["conn", "lint", "postgresql://db/ehr?sslmode=verify-full&sslrootcert=/ca.pem"]).exitCode == 0)
    }

    @Test("conn lint: files and environment files, and unreadable inputs exit 2")
    func connLintFiles() throws {
        let folder = try TemporaryFolder()
        let list = try folder.write("conns.txt", "# prod\nmongodb://db/ehr?tls=true&tlsInsecure=true\n")
        let env = try folder.write("app.env", "PGSSLMODE=disable\n")
        let result = try CLIRunner.run(["conn", "lint", "--file", list, "--env-file", env])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("\(list):2: FAIL critical mongodb_tls_insecure"))
        #expect(result.standardOutput.contains("pg_sslmode_disable"))
        let missing = try CLIRunner.run(["conn", "lint", "--file", "/nonexistent/conns.txt"])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("file_not_readable"))
        #expect(try CLIRunner.run(["conn", "lint"]).exitCode == 2)
        #expect(try CLIRunner.run(["conn", "lint", "--fail-at", "severe", "redis://x"]).exitCode == 2)
    }

    @Test("conn lint: the issue's missed classes, read from code, YAML and shell files; no format prints the password")
    func connLintDocuments() throws {
        let folder = try TemporaryFolder()
        let canary = "Canary-Pw-7Q"
        let goFile = try folder.write("db.go", "db, err := sql.Open(\"mysql\", \"app:\(canary)@tcp(db:3306)/ehr?tls=skip-verify\")\n")
        let yamlFile = try folder.write(
            "database.yml", "production:\n  adapter: postgresql\n  host: db\n  password: \(canary)\n  sslmode: require\n")
        let shellFile = try folder.write("backup.sh", "#!/bin/sh\nmysqldump --ssl-mode=DISABLED -h db -u app -p\(canary) ehr > ehr.sql\n")
        let pythonFile = try folder.write(
            "db.py",
            "engine = create_engine(\"mssql+pyodbc://app:\(canary)@db/ehr?driver=ODBC+Driver+18+for+SQL+Server&TrustServerCertificate=yes\")\n")
        let nodeFile = try folder.write(
            "db.js", "const c = mysql.createConnection({ host: 'db', password: '\(canary)', ssl: { rejectUnauthorized: false } })\n")
        let conninfo = "conn = psycopg2.connect(\"host=db sslmode = 'verify-full' sslrootcert=/ca.pem\")"
        for format in ["text", "json", "junit", "sarif"] {
            let result = try CLIRunner.run(
                [
                    "conn", "lint", "--format", format, "--file", goFile, "--file", yamlFile, "--file", shellFile, "--file", pythonFile, "--file",
                    nodeFile, conninfo,
                ])
            #expect(result.exitCode == 1, "\(format): \(result.standardError)")
            for code in [
                "go_mysql_tls_skip_verify", "pg_sslmode_require", "mysql_ssl_mode_disabled", "sqlserver_trust_server_certificate",
                "node_reject_unauthorized_false",
            ] {
                #expect(result.standardOutput.contains(code), "\(format) lacks \(code)")
            }
            #expect(!result.standardOutput.contains("sslmode_unknown") && !result.standardOutput.contains("pg_sslmode_missing"))
            #expect(!(result.standardOutput + result.standardError).contains(canary), "\(format) printed the password")
        }
        let sarif = try CLIRunner.run(["conn", "lint", "--format", "sarif", "--file", yamlFile])
        let document = try JSONSerialization.jsonObject(with: Data(sarif.standardOutput.utf8)) as? [String: Any]
        #expect(document?["version"] as? String == "2.1.0")
        // Input the linter cannot read is never echoed.
        let unknown = try CLIRunner.run(["conn", "lint", "--format", "json", "oracle thin \(canary) somewhere"])
        #expect(unknown.standardOutput.contains("unrecognised_connection_string") && !unknown.standardOutput.contains(canary))
    }

    @Test("tls check: endpoints that cannot be checked exit 2 with a stable code; bad inputs too")
    func tlsCheckErrors() throws {
        let folder = try TemporaryFolder()
        // Any certificate will do as an anchor for checks that never reach a handshake.
        let anchors = try folder.write("anchor.pem", Self.anchor)
        let refused = try CLIRunner.run(["tls", "check", "--ca", anchors, "--format", "json", "postgres://127.0.0.1:1", "ftp://db"])
        #expect(refused.exitCode == 2)
        let document = try JSONSerialization.jsonObject(with: Data(refused.standardOutput.utf8)) as? [String: Any]
        let endpoints = document?["endpoints"] as? [[String: Any]] ?? []
        #expect(endpoints.compactMap { ($0["error"] as? [String: Any])?["code"] as? String } == ["connection_refused", "unknown_scheme"])
        #expect(document?["exit_code"] as? Int == 2)

        let noAnchors = try CLIRunner.run(["tls", "check", "--ca", folder.url.appendingPathComponent("empty").path, "postgres://127.0.0.1:1"])
        #expect(noAnchors.exitCode == 2)
        #expect(noAnchors.standardError.contains("no_trust_anchors"))
        let badPin = try CLIRunner.run(["tls", "check", "--ca", anchors, "--pin", "md5/xyz", "postgres://127.0.0.1:1"])
        #expect(badPin.exitCode == 2)
        #expect(badPin.standardError.contains("invalid_pin"))
        let badPolicy = try CLIRunner.run([
            "tls", "check", "--ca", anchors, "--policy", try folder.write("tls.yaml", "fail_at: never\n"), "postgres://127.0.0.1:1",
        ])
        #expect(badPolicy.exitCode == 2)
        #expect(badPolicy.standardError.contains("invalid_policy"))
        let junit = try CLIRunner.run(["tls", "check", "--ca", anchors, "--format", "junit", "postgres://127.0.0.1:1"])
        #expect(junit.standardOutput.contains("<error type=\"connection_refused\""))
    }

    /// A throwaway self-signed P-256 certificate (public; its key was discarded).
    static let anchor = """
        -----BEGIN CERTIFICATE-----
        MIIBfTCCASOgAwIBAgIUNy7oHLPAJMxLfiSmKrRUfgfBTOcwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJdGVzdCByb290MB4XDTI2MTEyMjIyMjAzMFoXDTM2MTExOTIy
        MjAzMFowFDESMBAGA1UEAwwJdGVzdCByb290MFkwEwYHKoZIzj0CAQYIKoZIzj0D
        AQcDQgAEBG8BbLp5ZfbyjVmaaI8PjV32jg7ZG6h2YcTTaxBzI9oU+9I66920nwuG
        I94GxllT6IMZut++5KZnODi0X+SfrKNTMFEwHQYDVR0OBBYEFAZ5XhqmkOy6C2Yy
        b0Uo0bfm6RehMB8GA1UdIwQYMBaAFAZ5XhqmkOy6C2Yyb0Uo0bfm6RehMA8GA1Ud
        EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgbeVD9hzt5GYr/cWMAjS7qPQo
        vdmqyQ+mIMojYdw7lvwCIQDBtIyH4EgEt5wTBmbD/ms2/M9/B5MajrF2UDY38ZtS
        0A==
        -----END CERTIFICATE-----
        """
}
