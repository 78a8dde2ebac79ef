import Foundation

/// The rules: for each driver family, the settings that skip or weaken TLS verification, why a man
/// in the middle gets in, and the safe value (`../shared/reference/db-tls.md` §1b and §3). Each rule
/// reads a `ParsedConnection`; none sees the raw input.
extension ConnectionLinter {
    /// The findings of one parsed connection.
    static func judge(_ connection: ParsedConnection, source: String) -> [LintFinding] {
        // A Unix-domain socket never crosses a network: nothing to intercept, and no driver uses TLS on it.
        guard !connection.localSocket else { return [] }
        let context = Context(connection: connection, source: source)
        var findings: [LintFinding] = []
        switch connection.family {
        case .libpq: libpq(context, family: connection.scheme == "npgsql" ? "npgsql" : "libpq", &findings)
        case .pgjdbc: pgjdbc(context, &findings)
        case .nodePostgres: nodePostgres(context, &findings)
        case .mysql, .pymysql: mysql(context, &findings)
        case .goMySQL: goMySQL(context, &findings)
        case .mariadb: mariadbConnector(context, &findings)
        case .mysqlCLI: mysqlCommandLine(context, &findings)
        case .sqlserver: sqlServer(context, &findings)
        case .jtds: jtds(context, &findings)
        case .mongodb: mongodb(context, &findings)
        case .redis: redis(context, &findings)
        }
        return findings
    }

    /// What a rule sees: the parsed connection, and where it came from.
    struct Context {
        var connection: ParsedConnection
        var source: String
        var settings: [String: String] { connection.settings }
        var complete: Bool { connection.complete }

        func finding(_ code: String, _ severity: Severity, _ family: String, _ setting: String, why: String, safe: String) -> LintFinding {
            LintFinding(
                code: code, severity: severity, family: family, setting: setting, why: why, safe: safe, source: source, connection: connection.display
            )
        }
    }

    // MARK: Families

    private static func libpq(_ context: Context, family: String, _ findings: inout [LintFinding]) {
        let settings = context.settings
        let rootCert = settings["sslrootcert"]
        let mode = (settings["sslmode"] ?? (settings["requiressl"] == "1" ? "require" : nil))?.lowercased()
        if let mode {
            sslmode(mode, context: context, family: family, rootCert: rootCert, &findings)
        } else if rootCert?.lowercased() == "system" {
            // libpq 16: sslrootcert=system makes verify-full the default.
        } else if context.complete {
            findings.append(
                context.finding(
                    "pg_sslmode_missing", .high, family, "sslmode absent",
                    why:
                        "libpq then uses prefer: TLS only if the server offers it, with no certificate check, so a man in the middle can downgrade to cleartext or present any certificate (Go lib/pq defaults to require, which still checks nothing)",
                    safe: "sslmode=verify-full sslrootcert=/path/to/ca.pem"))
        }
        if rootCert?.lowercased() == "system" {
            findings.append(
                context.finding(
                    "pg_sslrootcert_system_needs_libpq16", .low, family, "sslrootcert=system",
                    why: "libpq before 16 reads `system` as a file name, so clients on PostgreSQL 15 or older fail or fall back to a local file",
                    safe: "sslrootcert=/path/to/ca.pem on libpq < 16; sslrootcert=system only with libpq 16 or newer"))
        }
        if settings["sslnegotiation"]?.lowercased() == "direct", !["require", "verify-ca", "verify-full"].contains(mode ?? "prefer") {
            findings.append(
                context.finding(
                    "pg_sslnegotiation_direct_weak_mode", .high, family, "sslnegotiation=direct with sslmode=\(mode ?? "prefer")",
                    why: "libpq 17 refuses direct TLS below sslmode=require; the connection fails or silently uses another mode",
                    safe: "sslnegotiation=direct sslmode=verify-full"))
        }
        if settings["gssencmode"]?.lowercased() == "prefer" {
            findings.append(
                context.finding(
                    "pg_gssencmode_prefer", .low, family, "gssencmode=prefer",
                    why: "GSSAPI encryption is tried first and bypasses the TLS settings, so the certificate checks above may never run",
                    safe: "gssencmode=disable when TLS is the policy"))
        }
    }

    private static func sslmode(_ mode: String, context: Context, family: String, rootCert: String?, _ findings: inout [LintFinding]) {
        let safe = "sslmode=verify-full sslrootcert=/path/to/ca.pem"
        switch mode {
        case "verify-full":
            return
        case "disable", "allow":
            findings.append(
                context.finding(
                    "pg_sslmode_\(mode)", .critical, family, "sslmode=\(mode)",
                    why: mode == "disable"
                        ? "the connection is cleartext: passwords and PHI cross the network readable"
                        : "TLS is used only if the server insists, so a man in the middle simply does not insist",
                    safe: safe))
        case "prefer":
            findings.append(
                context.finding(
                    "pg_sslmode_prefer", .critical, family, "sslmode=prefer",
                    why: "a man in the middle answers N to SSLRequest and the client continues in cleartext; no certificate is checked either",
                    safe: safe))
        case "require", "no-verify":
            findings.append(
                context.finding(
                    "pg_sslmode_\(mode == "require" ? "require" : "no_verify")", mode == "require" ? .high : .critical, family, "sslmode=\(mode)",
                    why:
                        "the connection is encrypted but any certificate is accepted, so a man in the middle with a self-signed certificate reads everything",
                    safe: safe))
        case "verify-ca":
            let publicRoots = rootCert?.lowercased() == "system"
            findings.append(
                context.finding(
                    publicRoots ? "pg_verify_ca_public_roots" : "pg_sslmode_verify_ca", publicRoots ? .high : .medium, family, "sslmode=verify-ca",
                    why: publicRoots
                        ? "any certificate from any public CA is accepted whatever its name: anyone can buy one"
                        : "the host name is not checked, so any certificate the CA issued (for another server) can impersonate this one",
                    safe: safe))
        default:
            findings.append(
                context.finding(
                    "pg_sslmode_unknown", .high, family, "sslmode=\(mode)",
                    why: "not a libpq sslmode; libpq refuses it, other drivers may fall back to a default", safe: safe))
        }
    }

    private static func pgjdbc(_ context: Context, _ findings: inout [LintFinding]) {
        let settings = context.settings
        if let factory = settings["sslfactory"], factory.hasSuffix("NonValidatingFactory") {
            findings.append(
                context.finding(
                    "pgjdbc_nonvalidating_factory", .critical, "pgjdbc", "sslfactory=\(factory)",
                    why: "NonValidatingFactory trusts every certificate chain: any man in the middle is accepted",
                    safe: "remove sslfactory (LibPQFactory is the default) and use sslmode=verify-full with sslrootcert"))
        }
        if let verifier = settings["sslhostnameverifier"] {
            findings.append(
                context.finding(
                    "pgjdbc_custom_hostname_verifier", .medium, "pgjdbc", "sslhostnameverifier=\(verifier)",
                    why: "a custom verifier replaces the host-name check; if it accepts any name, any certificate from the CA passes",
                    safe: "remove sslhostnameverifier"))
        }
        if let mode = settings["sslmode"]?.lowercased() {
            sslmode(mode, context: context, family: "pgjdbc", rootCert: settings["sslrootcert"], &findings)
        } else if settings["ssl"]?.lowercased() != "true", context.complete {
            findings.append(
                context.finding(
                    "pg_sslmode_missing", .high, "pgjdbc", "sslmode absent",
                    why: "pgjdbc then uses prefer: a man in the middle can downgrade to cleartext",
                    safe: "sslmode=verify-full&sslrootcert=/path/to/ca.pem"))
        }
    }

    private static func mysql(_ context: Context, _ findings: inout [LintFinding]) {
        let settings = context.settings
        // Every driver's spelling in Connector/J's: `VerifyFull`, `verify-ca`, `REQUIRED`, `none`.
        var mode = (settings["sslmode"] ?? settings["ssl-mode"] ?? settings["ssl_mode"] ?? settings["ssl mode"]).map {
            ConnectionGrammar.mysqlConnectorMode($0.replacingOccurrences(of: "-", with: "_"))
        }
        if mode == nil, settings["ssl_disabled"]?.lowercased() == "true" { mode = "DISABLED" }
        let safe = "sslMode=VERIFY_IDENTITY with a trust store (trustCertificateKeyStoreUrl=… or fallbackToSystemTrustStore=true)"
        if settings["usessl"]?.lowercased() == "false" {
            findings.append(
                context.finding(
                    "mysql_use_ssl_false", .critical, "mysql", "useSSL=false", why: "TLS is switched off: passwords and PHI travel in cleartext",
                    safe: safe))
        }
        if settings["verifyservercertificate"]?.lowercased() == "false" {
            findings.append(
                context.finding(
                    "mysql_verify_server_certificate_false", .critical, "mysql", "verifyServerCertificate=false",
                    why: "the server's certificate is not checked: a man in the middle with any certificate is accepted", safe: safe))
        }
        if settings["requiressl"]?.lowercased() == "false" {
            findings.append(
                context.finding(
                    "mysql_require_ssl_false", .high, "mysql", "requireSSL=false",
                    why:
                        "the client continues in cleartext when TLS is not offered; the CLIENT_SSL flag is cleartext, so a man in the middle removes it",
                    safe: safe))
        }
        let pymysql = context.connection.family == .pymysql
        let pythonTLS = ["ssl_ca", "ssl_verify_cert", "ssl_verify_identity", "ssl", "ca", "ssl_cert", "ssl_key", "sslca", "sslverify"]
        let hasPythonTLS = pythonTLS.contains { settings[$0] != nil }
        if pymysql || settings["ssl_ca"] != nil || settings["ssl_verify_cert"] != nil {
            pymysqlSettings(context, settings, &findings)
        }
        if let mode {
            mysqlMode(mode, context: context, family: "mysql", &findings)
        } else if settings["usessl"] == nil && !hasPythonTLS && context.complete {
            findings.append(
                context.finding(
                    "mysql_ssl_mode_missing", .high, "mysql", "sslMode absent",
                    why:
                        "the default PREFERRED uses TLS only when the server advertises it; a man in the middle clears the flag (CVE-2015-3152, BACKRONYM)",
                    safe: safe))
        }
        if settings["allowpublickeyretrieval"]?.lowercased() == "true" {
            findings.append(
                context.finding(
                    "mysql_allow_public_key_retrieval", .medium, "mysql", "allowPublicKeyRetrieval=true",
                    why:
                        "without a verified TLS session the client asks the server for its RSA key, so a man in the middle supplies its own and learns the password",
                    safe: "remove allowPublicKeyRetrieval and use sslMode=VERIFY_IDENTITY"))
        }
    }

    private static func pymysqlSettings(_ context: Context, _ settings: [String: String], _ findings: inout [LintFinding]) {
        let identity = settings["ssl_verify_identity"]?.lowercased() == "true"
        let certificate = settings["ssl_verify_cert"]?.lowercased() == "true"
        // `ssl={"ca": …}` checks chain and host (check_hostname defaults to true).
        let sslDictionary = settings["ca"] != nil && settings["check_hostname"]?.lowercased() != "false"
        if identity || sslDictionary { return }
        if certificate {
            findings.append(
                context.finding(
                    "pymysql_no_host_check", .high, "pymysql", "ssl_verify_cert=true without ssl_verify_identity",
                    why: "the chain is checked but not the host name: any certificate from the CA impersonates this server",
                    safe: "ssl_verify_identity=true with ssl_ca=/path/to/ca.pem"))
        } else if settings["ssl_ca"] != nil {
            findings.append(
                context.finding(
                    "pymysql_ssl_ca_only", .critical, "pymysql", "ssl_ca without ssl_verify_cert or ssl_verify_identity",
                    why: "PyMySQL with ssl_ca alone verifies nothing at all (it accepts even an expired certificate)",
                    safe: "ssl_verify_identity=true with ssl_ca=/path/to/ca.pem"))
        }
    }

    private static func mysqlMode(_ mode: String, context: Context, family: String, _ findings: inout [LintFinding]) {
        let safe = "sslMode=VERIFY_IDENTITY (CLI: --ssl-mode=VERIFY_IDENTITY --ssl-ca=/path/to/ca.pem)"
        switch mode {
        case "VERIFY_IDENTITY":
            return
        case "DISABLED":
            findings.append(
                context.finding(
                    "mysql_ssl_mode_disabled", .critical, family, "sslMode=DISABLED", why: "TLS is switched off: everything travels in cleartext",
                    safe: safe))
        case "PREFERRED":
            findings.append(
                context.finding(
                    "mysql_ssl_mode_preferred", .critical, family, "sslMode=PREFERRED",
                    why: "a man in the middle clears CLIENT_SSL in the cleartext greeting and the client continues without TLS (CVE-2015-3152)",
                    safe: safe))
        case "REQUIRED":
            findings.append(
                context.finding(
                    "mysql_ssl_mode_required", .high, family, "sslMode=REQUIRED",
                    why: "encrypted, but any certificate is accepted: a man in the middle with a self-signed certificate reads everything", safe: safe
                ))
        case "VERIFY_CA":
            findings.append(
                context.finding(
                    "mysql_ssl_mode_verify_ca", .medium, family, "sslMode=VERIFY_CA",
                    why: "the host name is not checked: any certificate the CA issued can impersonate this server", safe: safe))
        default:
            findings.append(
                context.finding(
                    "mysql_ssl_mode_unknown", .high, family, "sslMode=\(mode)", why: "not a MySQL ssl mode; drivers fall back to PREFERRED",
                    safe: safe))
        }
    }

    private static func mariadbConnector(_ context: Context, _ findings: inout [LintFinding]) {
        let settings = context.settings
        let safe = "sslMode=verify-full with serverSslCert=/path/to/ca.pem"
        if settings["trustservercertificate"]?.lowercased() == "true" {
            findings.append(
                context.finding(
                    "mariadb_trust_server_certificate", .critical, "mariadb", "trustServerCertificate=true",
                    why: "every server certificate is trusted: any man in the middle is accepted", safe: safe))
        }
        if settings["disablesslhostnameverification"]?.lowercased() == "true" {
            findings.append(
                context.finding(
                    "mariadb_hostname_verification_disabled", .high, "mariadb", "disableSslHostnameVerification=true",
                    why: "the host name is not checked: any certificate the CA issued can impersonate this server", safe: safe))
        }
        switch settings["sslmode"]?.lowercased() {
        case "verify-full", "verify_identity":
            break
        case nil:
            if settings["usessl"]?.lowercased() != "true", context.complete {
                findings.append(
                    context.finding(
                        "mariadb_ssl_mode_missing", .high, "mariadb", "sslMode absent",
                        why: "MariaDB Connector/J defaults to disable: the connection is cleartext", safe: safe))
            }
        case "disable":
            findings.append(
                context.finding("mariadb_ssl_mode_disable", .critical, "mariadb", "sslMode=disable", why: "the connection is cleartext", safe: safe))
        case "trust":
            findings.append(
                context.finding(
                    "mariadb_ssl_mode_trust", .critical, "mariadb", "sslMode=trust", why: "encrypted, but any certificate is accepted", safe: safe))
        case "verify-ca":
            findings.append(
                context.finding(
                    "mariadb_ssl_mode_verify_ca", .medium, "mariadb", "sslMode=verify-ca", why: "the host name is not checked", safe: safe))
        case let other?:
            mysqlMode(other.uppercased(), context: context, family: "mariadb", &findings)
        }
    }

    private static func mysqlCommandLine(_ context: Context, _ findings: inout [LintFinding]) {
        let words = context.connection.words.map { $0.lowercased() }
        let safe = "--ssl-verify-server-cert --ssl-ca=/path/to/ca.pem (MySQL client: --ssl-mode=VERIFY_IDENTITY)"
        func has(_ option: String) -> Bool { words.contains { $0 == option || $0.hasPrefix(option + "=") } }
        if let mode = words.first(where: { $0.hasPrefix("--ssl-mode=") }) {
            mysqlMode(String(mode.dropFirst("--ssl-mode=".count)).uppercased(), context: context, family: "mysql-cli", &findings)
            return
        }
        if has("--skip-ssl") || ["--ssl=0", "--ssl=off", "--ssl=false", "--disable-ssl"].contains(where: words.contains) {
            findings.append(context.finding("mariadb_cli_ssl_off", .critical, "mariadb-cli", "--skip-ssl", why: "TLS is switched off", safe: safe))
        } else if has("--skip-ssl-verify-server-cert") || words.contains("--ssl-verify-server-cert=0") {
            findings.append(
                context.finding(
                    "mariadb_cli_verify_off", .critical, "mariadb-cli", "--skip-ssl-verify-server-cert",
                    why: "the server's certificate is not checked: any man in the middle is accepted", safe: safe))
        } else if !has("--ssl-verify-server-cert") {
            let setting =
                has("--ssl-ca")
                ? "--ssl-ca without --ssl-verify-server-cert" : (has("--ssl") ? "--ssl without --ssl-verify-server-cert" : "no TLS options")
            findings.append(
                context.finding(
                    "mariadb_cli_no_server_cert_verify", .high, "mariadb-cli", setting,
                    why:
                        "the MariaDB 10.x client does not check the host name (and with --ssl alone, not the chain either) unless told to; a man in the middle presents any certificate",
                    safe: safe))
        }
    }

    private static func sqlServer(_ context: Context, _ findings: inout [LintFinding]) {
        let settings = context.settings
        let safe = "Encrypt=Strict (SQL Server 2022/Azure), else Encrypt=Mandatory;TrustServerCertificate=false with the CA in the trust store"
        var encrypt = settings["encrypt"]?.lowercased()
        // ODBC Driver 18 and later default to Encrypt=Mandatory.
        if encrypt == nil, let driver = settings["driver"]?.lowercased(), let version = driver.firstMatch(of: /odbc[ +]driver[ +](\d+)/)?.1,
            Int(version).map({ $0 >= 18 }) == true
        {
            encrypt = "mandatory (the driver's default)"
        }
        switch encrypt {
        case nil where !context.complete:
            break
        case "false", "no", "optional", "disable", "0", "off":
            findings.append(
                context.finding(
                    "sqlserver_encrypt_off", .critical, "sqlserver", "Encrypt=\(settings["encrypt"]!)",
                    why:
                        "only the login packet is encrypted (or nothing at all); queries and PHI travel in cleartext and the certificate is never checked",
                    safe: safe))
        case nil:
            findings.append(
                context.finding(
                    "sqlserver_encrypt_missing", .medium, "sqlserver", "Encrypt absent",
                    why: "ODBC 17 and System.Data.SqlClient default to no encryption; only newer drivers default to Mandatory", safe: safe))
        case "strict":
            break
        default:
            findings.append(
                context.finding(
                    "sqlserver_encrypt_not_strict", .info, "sqlserver", "Encrypt=\(settings["encrypt"] ?? encrypt ?? "")",
                    why: "TDS 7.x negotiates TLS after a cleartext PRELOGIN and is capped at TLS 1.2; TDS 8 strict starts with TLS", safe: safe))
        }
        let trust =
            (settings["trustservercertificate"] ?? settings["trust server certificate"] ?? settings["trustservercert"]
            ?? settings["trust_server_certificate"])?.lowercased()
        if let trust, ["true", "yes", "1"].contains(trust), encrypt != "strict" {
            findings.append(
                context.finding(
                    "sqlserver_trust_server_certificate", .critical, "sqlserver", "TrustServerCertificate=\(trust)",
                    why:
                        "the server's certificate is accepted without any check: a man in the middle with a self-signed certificate reads everything",
                    safe: safe))
        }
        if let override = settings["hostnameincertificate"] ?? settings["host name in certificate"] {
            findings.append(
                context.finding(
                    "sqlserver_hostname_override", .low, "sqlserver", "HostNameInCertificate=\(override)",
                    why: "the certificate is matched against this name instead of the server's: make sure it is the name of this server",
                    safe: "remove HostNameInCertificate when the server's certificate names the host you connect to"))
        }
    }

    private static func mongodb(_ context: Context, _ findings: inout [LintFinding]) {
        let settings = context.settings
        let srv = context.connection.scheme == "mongodb+srv"
        let tls = (settings["tls"] ?? settings["ssl"])?.lowercased()
        let safe = "tls=true&tlsCAFile=/path/to/ca.pem with no tlsInsecure or tlsAllow* options"
        if tls == "false" || (tls == nil && !srv && context.complete) {
            findings.append(
                context.finding(
                    "mongodb_tls_off", .critical, "mongodb", tls == nil ? "tls absent" : "tls=false",
                    why: "the connection is cleartext: credentials and documents travel readable", safe: safe))
        }
        for (key, code, severity, why) in [
            ("tlsinsecure", "mongodb_tls_insecure", Severity.critical, "disables certificate, host-name and revocation checks"),
            ("tlsallowinvalidcertificates", "mongodb_allow_invalid_certificates", .critical, "accepts any certificate chain"),
            ("tlsallowinvalidhostnames", "mongodb_allow_invalid_hostnames", .high, "accepts certificates issued for other hosts"),
            ("tlsdisableocspendpointcheck", "mongodb_ocsp_check_disabled", .low, "does not check revocation through OCSP"),
            ("tlsdisablecertificaterevocationcheck", "mongodb_revocation_check_disabled", .low, "does not check revocation"),
        ]
        where settings[key]?.lowercased() == "true"
            || (key == "tlsallowinvalidcertificates" && ["cert_none", "none"].contains(settings["ssl_cert_reqs"]?.lowercased() ?? ""))
        {
            findings.append(
                context.finding(code, severity, "mongodb", "\(key)=true", why: "the driver \(why); a man in the middle exploits it", safe: safe))
        }
    }

    private static func redis(_ context: Context, _ findings: inout [LintFinding]) {
        let settings = context.settings
        let safe = "rediss://…?ssl_cert_reqs=required&ssl_ca_certs=/path/to/ca.pem with redis-py 6 or newer (host names checked)"
        let scheme = context.connection.scheme
        let tlsFlag = (settings["ssl"] ?? settings["tls"])?.lowercased()
        if scheme == "redis" || scheme == "valkey" || (scheme == nil && (tlsFlag == "false" || (tlsFlag == nil && context.complete))) {
            findings.append(
                context.finding(
                    "redis_cleartext", .critical, "redis", "redis://", why: "redis:// is cleartext: AUTH passwords and cached PHI travel readable",
                    safe: safe))
        }
        switch settings["ssl_cert_reqs"]?.lowercased() {
        case "none", "cert_none":
            findings.append(
                context.finding("redis_cert_reqs_none", .critical, "redis", "ssl_cert_reqs=none", why: "no certificate is checked", safe: safe))
        case "optional", "cert_optional":
            findings.append(
                context.finding(
                    "redis_cert_reqs_optional", .high, "redis", "ssl_cert_reqs=optional", why: "a missing certificate is accepted", safe: safe))
        default: break
        }
        if settings["ssl_check_hostname"]?.lowercased() == "false" {
            findings.append(
                context.finding(
                    "redis_hostname_check_off", .high, "redis", "ssl_check_hostname=false",
                    why: "any certificate the CA issued impersonates this server", safe: safe))
        }
    }

    private static func nodePostgres(_ context: Context, _ findings: inout [LintFinding]) {
        let ssl = context.settings["ssl"]?.lowercased()
        if ssl == "false" || (ssl == nil && context.complete) {
            findings.append(
                context.finding(
                    "node_pg_ssl_missing", .high, "node-postgres", ssl == nil ? "ssl absent" : "ssl: false",
                    why: "node-postgres connects in cleartext unless ssl is set: passwords and PHI cross the network readable",
                    safe: "ssl: { ca: fs.readFileSync('/path/to/ca.pem') } (rejectUnauthorized stays true)"))
        }
    }

    private static func goMySQL(_ context: Context, _ findings: inout [LintFinding]) {
        let safe = "tls=true, or a config registered with mysql.RegisterTLSConfig that sets RootCAs and ServerName"
        switch context.settings["tls"]?.lowercased() {
        case nil:
            findings.append(
                context.finding(
                    "go_mysql_tls_missing", .high, "go-mysql", "tls absent",
                    why: "go-sql-driver/mysql connects without TLS by default: passwords and PHI travel in cleartext", safe: safe))
        case "false":
            findings.append(
                context.finding(
                    "go_mysql_tls_false", .critical, "go-mysql", "tls=false", why: "TLS is switched off: everything travels in cleartext", safe: safe)
            )
        case "skip-verify":
            findings.append(
                context.finding(
                    "go_mysql_tls_skip_verify", .critical, "go-mysql", "tls=skip-verify",
                    why: "encrypted, but the server's certificate is not checked: a man in the middle with any certificate reads everything",
                    safe: safe))
        case "preferred":
            findings.append(
                context.finding(
                    "go_mysql_tls_preferred", .critical, "go-mysql", "tls=preferred",
                    why: "TLS only if the server advertises it, and then without a certificate check: a man in the middle clears the flag",
                    safe: safe))
        default:
            break
        }
    }

    private static func jtds(_ context: Context, _ findings: inout [LintFinding]) {
        let safe = "the Microsoft JDBC driver with encrypt=strict (jTDS cannot verify certificates except with ssl=authenticate)"
        switch context.settings["ssl"]?.lowercased() {
        case nil, "off":
            findings.append(
                context.finding(
                    "jtds_ssl_off", .critical, "jtds", "ssl=\(context.settings["ssl"] ?? "off (default)")", why: "jTDS sends everything in cleartext",
                    safe: safe))
        case "request":
            findings.append(
                context.finding(
                    "jtds_ssl_request", .critical, "jtds", "ssl=request",
                    why: "TLS only if the server offers it and no certificate check: a man in the middle answers without TLS", safe: safe))
        case "require":
            findings.append(
                context.finding(
                    "jtds_ssl_require", .high, "jtds", "ssl=require", why: "encrypted, but any certificate is accepted", safe: safe))
        default:
            break
        }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// Without one pair of matching single or double quotes around the whole text.
    var unquoted: String {
        guard count >= 2, let first, first == "'" || first == "\"", last == first else { return String(self) }
        return String(dropFirst().dropLast())
    }

    /// `%2F` → `/`; invalid escapes are kept as written.
    var percentDecoded: String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
