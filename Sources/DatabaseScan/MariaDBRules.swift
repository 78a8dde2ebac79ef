import DatabaseTLS
import Foundation

/// MariaDB rules (10.5 and later, where accounts live in `mysql.global_priv` as JSON). The account
/// checks copied around the web are wrong on 10.4+ (they flag the `PUBLIC` role row, the locked
/// `mariadb.sys` and socket-only accounts); these read the JSON and the runtime status instead.
/// MySQL has no `mysql.global_priv`: those rules report not assessable there.
enum MariaDBRules {
    static let loopbackHosts = "('localhost', '127.0.0.1', '::1')"
    /// Accounts, not roles, that can log in.
    static let isAccount = "IFNULL(JSON_VALUE(Priv, '$.is_role'), '0') NOT IN ('true', '1')"
    static let isUnlocked = "IFNULL(JSON_VALUE(Priv, '$.account_locked'), '0') NOT IN ('true', '1')"
    static let passwordPlugin =
        "IFNULL(JSON_VALUE(Priv, '$.plugin'), 'mysql_native_password') IN ('mysql_native_password', 'mysql_old_password', 'ed25519', 'parsec')"
    static let accountsNeed = "SELECT on mysql.global_priv"
    static let systemSchemas = "('mysql', 'information_schema', 'performance_schema', 'sys')"

    static let all: [ScanRule] = [
        ScanRule(
            "MY-TLS-01", .mariadb, "TLS is available and required for every connection", severity: .high, hipaa: ["164.312(e)(1)"],
            anchors: ["CIS MariaDB 8.1"], columns: ["require_secure_transport", "have_ssl"],
            sql: """
                SELECT @@GLOBAL.require_secure_transport, @@have_ssl FROM DUAL
                WHERE @@GLOBAL.require_secure_transport = 0 OR @@have_ssl <> 'YES'
                """,
            fix: "ssl_cert, ssl_key and require_secure_transport = ON in the server's configuration"),
        ScanRule(
            "MY-TLS-02", .mariadb, "TLS 1.0 and 1.1 are off", severity: .high, hipaa: ["164.312(e)(1)"], anchors: ["CIS MariaDB 2.10"],
            columns: ["tls_version"],
            sql: "SELECT @@tls_version FROM DUAL WHERE @@tls_version LIKE '%TLSv1.0%' OR @@tls_version LIKE '%TLSv1.1%'",
            fix: "tls_version = TLSv1.2,TLSv1.3"),
        ScanRule(
            "MY-TLS-03", .mariadb, "Remote accounts require TLS", severity: .medium, hipaa: ["164.312(e)(1)"], anchors: ["CIS MySQL 8.2"],
            columns: ["user", "host"],
            sql: """
                SELECT User, Host FROM mysql.user WHERE Host NOT IN \(loopbackHosts) AND ssl_type = '' AND is_role = 'N'
                AND NOT (User = 'PUBLIC' AND Host = '') ORDER BY 1, 2
                """,
            fix: "ALTER USER … REQUIRE SSL (or require_secure_transport = ON for all)", needs: "SELECT on mysql.user",
            notApplicable: { context in
                context.earlier["MY-TLS-01"]?.isEmpty == true ? "require_secure_transport is ON, so every account uses TLS" : nil
            }),
        ScanRule(
            "MY-AUTH-01", .mariadb, "No anonymous account", severity: .high, hipaa: ["164.312(a)(2)(i)", "164.312(d)"],
            anchors: ["CIS MariaDB 7.7", "dev-sec mysql-db-04"], columns: ["user", "host"],
            sql: "SELECT User, Host FROM mysql.global_priv WHERE User = '' ORDER BY 2",
            fix: "DROP USER ''@'HOST' for each (mariadb-install-db creates them)", needs: accountsNeed),
        ScanRule(
            "MY-AUTH-02", .mariadb, "No account is open to any host", severity: .medium, hipaa: ["164.312(a)(1)"],
            anchors: ["CIS MariaDB 7.6", "dev-sec mysql-db-07"], columns: ["user", "host"],
            sql: "SELECT User, Host FROM mysql.global_priv WHERE Host LIKE '%\\%%' AND NOT (User = 'PUBLIC' AND Host = '') ORDER BY 1, 2",
            fix: "replace % with the application subnet or host names", needs: accountsNeed),
        ScanRule(
            "MY-AUTH-03", .mariadb, "No account logs in with an empty password", severity: .critical, hipaa: ["164.312(d)"],
            anchors: ["CIS MariaDB 7.3", "dev-sec mysql-db-05 (corrected)"], columns: ["user", "host"],
            sql: """
                SELECT User, Host FROM mysql.global_priv WHERE \(isAccount) AND \(isUnlocked) AND \(passwordPlugin)
                AND IFNULL(JSON_VALUE(Priv, '$.authentication_string'), '') = '' AND JSON_EXTRACT(Priv, '$.auth_or') IS NULL ORDER BY 1, 2
                """,
            fix: "ALTER USER … IDENTIFIED BY a generated password (phiguard password generate), or DROP USER", needs: accountsNeed),
        ScanRule(
            "MY-AUTH-04", .mariadb, "root logs in only locally", severity: .high, hipaa: ["164.312(a)(1)"], anchors: ["dev-sec mysql-db-08"],
            columns: ["user", "host"],
            sql: "SELECT User, Host FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN \(loopbackHosts) ORDER BY 2",
            fix: "DROP USER 'root'@'HOST'; administer through named accounts", needs: accountsNeed),
        ScanRule(
            "MY-PWD-01", .mariadb, "Passwords have a lifetime", severity: .medium, hipaa: ["164.308(a)(5)(ii)(D)"], anchors: ["CIS MariaDB 2.6"],
            columns: ["account", "password_lifetime_days"],
            sql: """
                SELECT 'server default', @@default_password_lifetime FROM DUAL
                UNION ALL SELECT CONCAT(User, '@', Host), JSON_VALUE(Priv, '$.password_lifetime') FROM mysql.global_priv
                WHERE \(isAccount) AND JSON_VALUE(Priv, '$.password_lifetime') = '0'
                """,
            fix: "default_password_lifetime = 365 (or your class's age) and no ALTER USER … PASSWORD EXPIRE NEVER", needs: accountsNeed,
            judged:
                "the server default is a finding when 0 (never) or above max_password_lifetime_days; every account with EXPIRE NEVER is a finding",
            judge: { rows, context in
                rows.compactMap { row -> [String]? in
                    guard let days = Int(row[1] ?? "") else { return nil }
                    if row[0] == "server default" {
                        return days == 0 || days > context.settings.maximumPasswordLifetimeDays ? ["server default", String(days)] : nil
                    }
                    return [Redaction.redactIfPHI(row[0] ?? ""), "never (EXPIRE NEVER)"]
                }
            }),
        ScanRule(
            "MY-PWD-02", .mariadb, "Every login's password is younger than its rotation class allows", role: .rotationProof, severity: .medium,
            hipaa: ["164.308(a)(5)(ii)(D)"], anchors: ["VA1047 (analogue)"], columns: ["account", "reason"],
            sql: """
                SELECT CONCAT(User, '@', Host), JSON_VALUE(Priv, '$.password_last_changed') FROM mysql.global_priv
                WHERE \(isAccount) AND \(isUnlocked) AND \(passwordPlugin) AND User NOT IN ('', 'mariadb.sys')
                AND IFNULL(JSON_VALUE(Priv, '$.authentication_string'), '') <> '' ORDER BY 1
                """,
            fix: "rotate (phiguard rotation rotate records it); password_last_changed is the server's own proof",
            needs: accountsNeed,
            judged:
                "password_last_changed (or a later rotation in PHIGuard's inventory) against the rotation class's maximum age (else max_password_age_days)",
            judge: { rows, context throws(RuleNotAssessable) in try RotationProof.findings(rows, context) }),
        ScanRule(
            "MY-PWD-03", .mariadb, "A password-quality plugin is active and strict", severity: .low, hipaa: ["164.308(a)(5)(ii)(D)"],
            anchors: ["CIS MariaDB 7.5", "STIG V-253695"], columns: ["active_plugins", "strict_password_validation"],
            sql: """
                SELECT IFNULL((SELECT GROUP_CONCAT(PLUGIN_NAME) FROM information_schema.PLUGINS
                  WHERE PLUGIN_NAME IN ('simple_password_check', 'cracklib_password_check') AND PLUGIN_STATUS = 'ACTIVE'), ''),
                  @@strict_password_validation FROM DUAL
                """,
            fix: "INSTALL SONAME 'simple_password_check'; strict_password_validation = ON",
            judged: "a finding unless a password-check plugin is ACTIVE and strict_password_validation is ON",
            judge: { rows, _ in
                guard let row = rows.first else { return [] }
                return (row[0] ?? "").isEmpty || row[1] != "1" ? [[row[0] ?? "", row[1] ?? ""]] : []
            }),
        ScanRule(
            "MY-PRIV-01", .mariadb, "Powerful privileges are held by the approved accounts", severity: .high,
            hipaa: ["164.312(a)(1)", "164.308(a)(3)"], anchors: ["CIS MariaDB 5.2-5.8"], columns: ["account", "privileges"],
            sql: """
                SELECT CONCAT(User, '@', Host), CONCAT_WS(',', IF(Super_priv = 'Y', 'SUPER', NULL), IF(File_priv = 'Y', 'FILE', NULL),
                  IF(Process_priv = 'Y', 'PROCESS', NULL), IF(Shutdown_priv = 'Y', 'SHUTDOWN', NULL), IF(Create_user_priv = 'Y', 'CREATE USER', NULL),
                  IF(Repl_slave_priv = 'Y', 'REPLICATION SLAVE', NULL), IF(Grant_priv = 'Y', 'GRANT OPTION', NULL))
                FROM mysql.user WHERE (Super_priv = 'Y' OR File_priv = 'Y' OR Process_priv = 'Y' OR Shutdown_priv = 'Y' OR Create_user_priv = 'Y'
                  OR Repl_slave_priv = 'Y' OR Grant_priv = 'Y')
                AND NOT (User IN ('root', 'mariadb.sys') AND Host = 'localhost') ORDER BY 1
                """,
            fix: "REVOKE the privilege, or approve the account in the baseline with an owner", needs: "SELECT on mysql.user"),
        ScanRule(
            "MY-LOG-01", .mariadb, "server_audit is running and logs connections, DDL and DCL", severity: .medium, hipaa: ["164.312(b)"],
            anchors: ["CIS MariaDB 6.4", "STIG"], columns: ["problem"],
            sql: """
                SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SERVER_AUDIT_ACTIVE'
                UNION ALL SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES
                WHERE VARIABLE_NAME IN ('SERVER_AUDIT_LOGGING', 'SERVER_AUDIT_EVENTS')
                """,
            fix: "INSTALL SONAME 'server_audit'; server_audit_events = CONNECT,QUERY_DDL,QUERY_DCL; server_audit_logging = ON",
            judged:
                "findings: the plugin is not installed; Server_audit_active is not ON (loaded but not auditing); server_audit_logging is OFF; server_audit_events (when not empty, which logs all) lacks CONNECT, QUERY_DDL or QUERY_DCL",
            judge: { rows, _ in
                let values = Dictionary(rows.map { (($0[0] ?? "").uppercased(), $0[1] ?? "") }, uniquingKeysWith: { first, _ in first })
                guard let active = values["SERVER_AUDIT_ACTIVE"] else { return [["the server_audit plugin is not installed"]] }
                var problems: [[String]] = []
                if active.uppercased() != "ON" { problems.append(["Server_audit_active is \(active) (the plugin is loaded but not auditing)"]) }
                if values["SERVER_AUDIT_LOGGING"]?.uppercased() != "ON" { problems.append(["server_audit_logging is OFF"]) }
                let events = Set((values["SERVER_AUDIT_EVENTS"] ?? "").uppercased().split(separator: ",").map(String.init))
                // An empty list logs every event.
                if !events.isEmpty, !events.isSuperset(of: ["CONNECT", "QUERY_DDL", "QUERY_DCL"]) && !events.contains("QUERY") {
                    problems.append(["server_audit_events lacks CONNECT, QUERY_DDL or QUERY_DCL"])
                }
                return problems
            }),
        ScanRule(
            "MY-ID-01", .mariadb, "No identifier holds PHI", role: .identifiers, severity: .high, hipaa: ["164.312(a)(1)", "164.514(b)"],
            anchors: ["Azure HIPAA guidance (no tool has a rule)"], columns: ["kind", "identifier", "looks_like", "in"],
            sql: identifiers, fix: "rename the object to an opaque or descriptive name; keep the value in a protected column",
            needs:
                "SELECT on mysql.global_priv; objects are listed only where the scan role has some privilege (grant SHOW DATABASES and SELECT for full coverage)",
            judged: "as PG-ID-01",
            judge: { rows, _ in IdentifierFindings.findings(rows) }),
    ]

    /// (kind, name, where), one statement per class (information_schema tables differ in collation).
    static let identifiers = """
        SELECT 'login', User, '' FROM mysql.global_priv WHERE User <> '' AND NOT (User = 'PUBLIC' AND Host = '');
        SELECT 'database', SCHEMA_NAME, '' FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN \(systemSchemas);
        SELECT IF(TABLE_TYPE = 'VIEW', 'view', 'table'), TABLE_NAME, TABLE_SCHEMA FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN \(systemSchemas);
        SELECT 'comment', TABLE_COMMENT, '' FROM information_schema.TABLES WHERE TABLE_COMMENT <> '' AND TABLE_SCHEMA NOT IN \(systemSchemas);
        SELECT 'column', COLUMN_NAME, CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA NOT IN \(systemSchemas);
        SELECT 'comment', COLUMN_COMMENT, '' FROM information_schema.COLUMNS WHERE COLUMN_COMMENT <> '' AND TABLE_SCHEMA NOT IN \(systemSchemas);
        SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, ROUTINE_SCHEMA FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA NOT IN \(systemSchemas);
        SELECT 'trigger', TRIGGER_NAME, TRIGGER_SCHEMA FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN \(systemSchemas);
        SELECT 'constraint', CONSTRAINT_NAME, TABLE_SCHEMA FROM information_schema.TABLE_CONSTRAINTS
          WHERE CONSTRAINT_NAME <> 'PRIMARY' AND TABLE_SCHEMA NOT IN \(systemSchemas);
        SELECT DISTINCT 'index', INDEX_NAME, TABLE_SCHEMA FROM information_schema.STATISTICS WHERE INDEX_NAME <> 'PRIMARY' AND TABLE_SCHEMA NOT IN \(systemSchemas)
        """
}
