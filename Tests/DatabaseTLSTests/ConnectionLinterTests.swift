import DatabaseTLS
import Testing

/// One table of cases per driver family: the connection string and the finding codes it must produce.
@Suite("Connection-string linter")
struct ConnectionLinterTests {
    static func codes(_ text: String) -> Set<String> { Set(ConnectionLinter.lint(text, source: "test").map(\.code)) }

    @Test(
        "libpq URIs and keywords",
        arguments: [
            ("postgresql://app@db.example.org/ehr", ["pg_sslmode_missing"]),
            ("postgresql://app@db/ehr?sslmode=disable", ["pg_sslmode_disable"]),
            ("postgresql://app@db/ehr?sslmode=allow", ["pg_sslmode_allow"]),
            ("postgresql://app@db/ehr?sslmode=prefer", ["pg_sslmode_prefer"]),
            ("postgresql://app@db/ehr?sslmode=require", ["pg_sslmode_require"]),
            ("postgresql://app@db/ehr?sslmode=verify-ca&sslrootcert=/etc/ca.pem", ["pg_sslmode_verify_ca"]),
            ("postgresql://app@db/ehr?sslmode=verify-ca&sslrootcert=system", ["pg_verify_ca_public_roots", "pg_sslrootcert_system_needs_libpq16"]),
            ("postgresql://app@db/ehr?sslmode=verify-full&sslrootcert=/etc/ca.pem", []),
            ("postgresql+psycopg://app@db/ehr?sslmode=require", ["pg_sslmode_require"]),
            ("postgres://db/ehr?sslmode=prefer&sslnegotiation=direct", ["pg_sslmode_prefer", "pg_sslnegotiation_direct_weak_mode"]),
            ("postgres://db/ehr?sslmode=verify-full&gssencmode=prefer", ["pg_gssencmode_prefer"]),
            ("postgres://db/ehr?sslmode=no-verify", ["pg_sslmode_no_verify"]),
            ("host=db.example.org dbname=ehr user=app sslmode=require", ["pg_sslmode_require"]),
            ("host=db dbname=ehr sslmode=verify-full sslrootcert=/etc/ca.pem", []),
            ("host=db dbname=ehr", ["pg_sslmode_missing"]),
            ("postgres://db/ehr?sslmode=sometimes", ["pg_sslmode_unknown"]),
        ] as [(String, Set<String>)])
    func libpq(text: String, expected: Set<String>) {
        #expect(Self.codes(text) == expected, "\(text)")
    }

    @Test(
        "pgjdbc",
        arguments: [
            ("jdbc:postgresql://db:5432/ehr", ["pg_sslmode_missing"]),
            ("jdbc:postgresql://db:5432/ehr?ssl=true", []),
            ("jdbc:postgresql://db/ehr?ssl=true&sslmode=require", ["pg_sslmode_require"]),
            ("jdbc:postgresql://db/ehr?sslmode=verify-full&sslfactory=org.postgresql.ssl.NonValidatingFactory", ["pgjdbc_nonvalidating_factory"]),
            ("jdbc:postgresql://db/ehr?sslmode=verify-full&sslhostnameverifier=com.example.AnyName", ["pgjdbc_custom_hostname_verifier"]),
        ] as [(String, Set<String>)])
    func pgjdbc(text: String, expected: Set<String>) {
        #expect(Self.codes(text) == expected, "\(text)")
    }

    @Test(
        "MySQL Connector/J, PyMySQL, mysqlclient and the mysql client",
        arguments: [
            ("jdbc:mysql://db:3306/ehr", ["mysql_ssl_mode_missing"]),
            ("jdbc:mysql://db/ehr?sslMode=DISABLED", ["mysql_ssl_mode_disabled"]),
            ("jdbc:mysql://db/ehr?sslMode=PREFERRED", ["mysql_ssl_mode_preferred"]),
            ("jdbc:mysql://db/ehr?sslMode=REQUIRED", ["mysql_ssl_mode_required"]),
            ("jdbc:mysql://db/ehr?sslMode=VERIFY_CA", ["mysql_ssl_mode_verify_ca"]),
            ("jdbc:mysql://db/ehr?sslMode=VERIFY_IDENTITY", []),
            ("jdbc:mysql://db/ehr?useSSL=false", ["mysql_use_ssl_false"]),
            ("jdbc:mysql://db/ehr?useSSL=true&verifyServerCertificate=false&sslMode=VERIFY_IDENTITY", ["mysql_verify_server_certificate_false"]),
            ("jdbc:mysql://db/ehr?sslMode=VERIFY_IDENTITY&allowPublicKeyRetrieval=true", ["mysql_allow_public_key_retrieval"]),
            ("mysql+pymysql://app@db/ehr?ssl_ca=/etc/ca.pem", ["pymysql_ssl_ca_only"]),
            ("mysql+pymysql://app@db/ehr?ssl_ca=/etc/ca.pem&ssl_verify_cert=true", ["pymysql_no_host_check"]),
            ("mysql+pymysql://app@db/ehr?ssl_ca=/etc/ca.pem&ssl_verify_identity=true", []),
            ("mysql+mysqldb://app@db/ehr?ssl_mode=REQUIRED", ["mysql_ssl_mode_required"]),
            ("mysql -h db -u app --ssl-mode=REQUIRED", ["mysql_ssl_mode_required"]),
        ] as [(String, Set<String>)])
    func mysql(text: String, expected: Set<String>) {
        #expect(Self.codes(text) == expected, "\(text)")
    }

    @Test(
        "MariaDB Connector/J and CLI",
        arguments: [
            ("jdbc:mariadb://db/ehr", ["mariadb_ssl_mode_missing"]),
            ("jdbc:mariadb://db/ehr?sslMode=trust", ["mariadb_ssl_mode_trust"]),
            ("jdbc:mariadb://db/ehr?sslMode=verify-ca", ["mariadb_ssl_mode_verify_ca"]),
            ("jdbc:mariadb://db/ehr?sslMode=verify-full&trustServerCertificate=true", ["mariadb_trust_server_certificate"]),
            ("jdbc:mariadb://db/ehr?sslMode=verify-full&disableSslHostnameVerification=true", ["mariadb_hostname_verification_disabled"]),
            ("jdbc:mariadb://db/ehr?sslMode=verify-full&serverSslCert=/etc/ca.pem", []),
            ("mariadb -h db -u app --ssl", ["mariadb_cli_no_server_cert_verify"]),
            ("mariadb -h db -u app --ssl-ca=/etc/ca.pem", ["mariadb_cli_no_server_cert_verify"]),
            ("mariadb -h db -u app --ssl-ca=/etc/ca.pem --ssl-verify-server-cert", []),
            ("mariadb -h db --skip-ssl-verify-server-cert", ["mariadb_cli_verify_off"]),
            ("/usr/bin/mysql -h db --skip-ssl", ["mariadb_cli_ssl_off"]),
        ] as [(String, Set<String>)])
    func mariadb(text: String, expected: Set<String>) {
        #expect(Self.codes(text) == expected, "\(text)")
    }

    @Test(
        "SQL Server JDBC, ODBC, ADO.NET and go-mssqldb",
        arguments: [
            ("jdbc:sqlserver://db:1433;databaseName=ehr;encrypt=false", ["sqlserver_encrypt_off"]),
            (
                "jdbc:sqlserver://db:1433;databaseName=ehr;encrypt=true;trustServerCertificate=true",
                ["sqlserver_encrypt_not_strict", "sqlserver_trust_server_certificate"]
            ),
            ("jdbc:sqlserver://db:1433;databaseName=ehr;encrypt=strict", []),
            ("jdbc:sqlserver://db:1433;databaseName=ehr", ["sqlserver_encrypt_missing"]),
            ("Server=tcp:db,1433;Database=ehr;Encrypt=Optional;", ["sqlserver_encrypt_off"]),
            ("Server=db;Database=ehr;Encrypt=Mandatory;TrustServerCertificate=False", ["sqlserver_encrypt_not_strict"]),
            (
                "Driver={ODBC Driver 18 for SQL Server};Server=db;Encrypt=yes;TrustServerCertificate=yes",
                ["sqlserver_encrypt_not_strict", "sqlserver_trust_server_certificate"]
            ),
            ("Server=db;Encrypt=Strict;HostNameInCertificate=other.example.org", ["sqlserver_hostname_override"]),
            ("sqlserver://app@db:1433?database=ehr&encrypt=disable", ["sqlserver_encrypt_off"]),
        ] as [(String, Set<String>)])
    func sqlServer(text: String, expected: Set<String>) {
        #expect(Self.codes(text) == expected, "\(text)")
    }

    @Test(
        "MongoDB and Redis",
        arguments: [
            ("mongodb://db:27017/ehr", ["mongodb_tls_off"]),
            ("mongodb+srv://cluster.example.org/ehr", []),
            ("mongodb+srv://cluster.example.org/ehr?tls=false", ["mongodb_tls_off"]),
            ("mongodb://db/ehr?tls=true&tlsInsecure=true", ["mongodb_tls_insecure"]),
            ("mongodb://db/ehr?tls=true&tlsAllowInvalidCertificates=true", ["mongodb_allow_invalid_certificates"]),
            ("mongodb://db/ehr?tls=true&tlsAllowInvalidHostnames=true", ["mongodb_allow_invalid_hostnames"]),
            ("mongodb://db/ehr?tls=true&tlsCAFile=/etc/ca.pem", []),
            ("redis://cache:6379/0", ["redis_cleartext"]),
            ("rediss://cache:6379/0?ssl_cert_reqs=none", ["redis_cert_reqs_none"]),
            ("rediss://cache:6379/0?ssl_cert_reqs=optional", ["redis_cert_reqs_optional"]),
            ("rediss://cache:6379/0?ssl_check_hostname=false", ["redis_hostname_check_off"]),
            ("rediss://cache:6379/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem", []),
        ] as [(String, Set<String>)])
    func mongoAndRedis(text: String, expected: Set<String>) {
        #expect(Self.codes(text) == expected, "\(text)")
    }

    @Test("code-level settings and strings the linter does not know")
    func codeAndUnknown() {
        #expect(Self.codes("postgres://db/ehr?sslmode=verify-full { ssl: { rejectUnauthorized: false } }").contains("node_reject_unauthorized_false"))
        #expect(Self.codes("rediss://cache?ssl_cert_reqs=required InsecureSkipVerify: true").contains("go_insecure_skip_verify"))
        #expect(Self.codes("just some words") == ["unrecognised_connection_string"])
        #expect(Self.codes("   ").isEmpty)
    }

    @Test("passwords never appear in findings, whatever the family")
    func masking() {
        let secrets = [
            "postgresql://app:Hunter2Secret@db/ehr?sslmode=require",
            "host=db user=app password=Hunter2Secret sslmode=require",
            "host=db password='Hunter2 Secret' sslmode=disable",
            "Server=db;User Id=app;Password=Hunter2Secret;Encrypt=false",
            "jdbc:mysql://db/ehr?user=app&password=Hunter2Secret&sslMode=REQUIRED",
            "mongodb://app:Hunter2Secret@db/ehr",
            "redis://:Hunter2Secret@cache:6379",
            "mariadb -h db -u app -pHunter2Secret --ssl",
            "mariadb -h db -u app --password=Hunter2Secret --ssl",
        ]
        for text in secrets {
            let findings = ConnectionLinter.lint(text, source: "test")
            #expect(!findings.isEmpty, "\(text)")
            for finding in findings {
                for field in [finding.connection, finding.setting, finding.why, finding.safe] {
                    #expect(!field.contains("Hunter2"), "\(text) leaked in \(field)")
                }
            }
        }
    }

    @Test("environment files: PGSSLMODE and URLs in variables, with file and line")
    func environmentFile() {
        let text = """
            # production
            export PGSSLMODE=prefer
            DATABASE_URL="postgres://app:pw@db/ehr?sslmode=verify-full&sslrootcert=/etc/ca.pem"
            CACHE_URL='redis://cache:6379'
            GREETING=hello
            """
        let findings = ConnectionLinter.lintEnvironmentFile(text, file: "app.env")
        #expect(findings.map(\.code) == ["pg_sslmode_prefer", "redis_cleartext"])
        #expect(findings.map(\.source) == ["app.env:2 (PGSSLMODE)", "app.env:4 (CACHE_URL)"])
    }
}
