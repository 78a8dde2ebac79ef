import DatabaseTLS
import Foundation

/// PostgreSQL rules (15 and later). Every query is read-only and returns text cells. Settings are
/// read with `current_setting`, which fails for a setting the scan may not see (so the rule is not
/// assessable) where the `pg_settings` view would silently hide the row and pass.
enum PostgresRules {
    /// Objects a user made, not the system catalogs.
    static let userSchema =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
    static let hbaRules = "FROM pg_hba_file_rules WHERE error IS NULL"
    static let hbaNeeds = "SELECT on pg_hba_file_rules and EXECUTE on pg_hba_file_rules() (superuser-only by default; GRANT both to the scan role)"
    static let hbaColumns = ["line", "type", "database", "user", "address", "method"]
    static let hbaSelect =
        "SELECT line_number::text, type, array_to_string(database, ','), array_to_string(user_name, ','), coalesce(address, '') || coalesce('/' || netmask, ''), auth_method"
    /// The bootstrap superuser (oid 10) cannot lose its attributes; the baseline is for everyone else.
    static let notBootstrap = "oid <> 10"

    static let all: [ScanRule] = [
        ScanRule(
            "PG-TLS-01", .postgres, "TLS is on", severity: .high, hipaa: ["164.312(e)(1)"], anchors: ["pgdsat 6.8", "VA1279"],
            columns: ["ssl"], sql: "SELECT current_setting('ssl') WHERE current_setting('ssl') <> 'on'",
            fix: "ssl = on with ssl_cert_file and ssl_key_file in postgresql.conf, then reload"),
        ScanRule(
            "PG-TLS-02", .postgres, "Minimum TLS version is 1.2 or later", severity: .high, hipaa: ["164.312(e)(1)"], anchors: ["pgdsat 6.8"],
            columns: ["ssl_min_protocol_version"],
            sql:
                "SELECT current_setting('ssl_min_protocol_version') WHERE current_setting('ssl_min_protocol_version') NOT IN ('TLSv1.2', 'TLSv1.3')",
            fix: "ssl_min_protocol_version = 'TLSv1.2' (or TLSv1.3)"),
        ScanRule(
            "PG-TLS-03", .postgres, "No pg_hba rule lets a remote client in without TLS", severity: .high, hipaa: ["164.312(e)(1)"],
            anchors: ["pgdsat 5.8"], columns: hbaColumns,
            sql:
                "\(hbaSelect) \(hbaRules) AND type IN ('host', 'hostnossl') AND auth_method <> 'reject' AND coalesce(address, '') NOT IN ('127.0.0.1', '::1', 'samehost')",
            fix: "use hostssl (and hostnossl … reject) for every remote line of pg_hba.conf", needs: hbaNeeds),
        ScanRule(
            "PG-TLS-04", .postgres, "No session is connected without TLS right now", severity: .high, hipaa: ["164.312(e)(1)"],
            anchors: ["VA1220"], columns: ["user", "client_address"],
            sql: """
                SELECT CASE WHEN pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') THEN 'ok' ELSE 'no' END AS probe, NULL, NULL
                UNION ALL SELECT 'row', a.usename::text, host(a.client_addr) FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid
                WHERE a.client_addr IS NOT NULL AND NOT s.ssl
                """,
            fix:
                "find the clients (pg_stat_activity.application_name), switch them to sslmode=verify-full, then remove the pg_hba lines that let them in",
            needs: "pg_read_all_stats (without it other users' sessions hide their address)",
            judged:
                "a first row says whether the scan role is a member of pg_read_all_stats; without it the rule is not assessable (other users' sessions would hide their address and the rule would pass)",
            judge: { rows, _ throws(RuleNotAssessable) in
                guard rows.first?.first == "ok" else { throw RuleNotAssessable("the scan role is not a member of pg_read_all_stats") }
                return rows.dropFirst().map { [$0[1] ?? "", $0[2] ?? ""] }
            }),
        ScanRule(
            "PG-AUTH-01", .postgres, "No pg_hba rule trusts or takes a clear-text password", severity: .high, hipaa: ["164.312(d)"],
            anchors: ["pgdsat 5.3", "pgdsat 5.4"], columns: hbaColumns,
            sql: "\(hbaSelect) \(hbaRules) AND auth_method IN ('trust', 'password') AND type <> 'local'",
            fix: "scram-sha-256 (or cert) for every host line; trust and password send no proof or a clear-text one", needs: hbaNeeds),
        ScanRule(
            "PG-AUTH-02", .postgres, "No pg_hba rule uses md5 or ident", severity: .medium, hipaa: ["164.312(d)"],
            anchors: ["pgdsat 5.3"], columns: hbaColumns,
            sql: "\(hbaSelect) \(hbaRules) AND auth_method IN ('md5', 'ident')",
            fix: "scram-sha-256; md5 hashes are replayable and ident trusts the client host", needs: hbaNeeds),
        ScanRule(
            "PG-AUTH-03", .postgres, "No pg_hba rule is open to every address", severity: .medium, hipaa: ["164.312(a)(1)"],
            anchors: ["pgdsat 5.9"], columns: hbaColumns,
            sql: "\(hbaSelect) \(hbaRules) AND auth_method <> 'reject' AND type <> 'local' AND (address = 'all' OR netmask IN ('0.0.0.0', '::'))",
            fix: "list the application subnets instead of 0.0.0.0/0, ::/0 or all", needs: hbaNeeds),
        ScanRule(
            "PG-AUTH-04", .postgres, "Every pg_hba line loads", severity: .medium, hipaa: ["164.312(a)(1)"], anchors: [],
            columns: ["line", "error"], sql: "SELECT line_number::text, error FROM pg_hba_file_rules WHERE error IS NOT NULL",
            fix: "correct the line: the server keeps its previous rules until the file loads", needs: hbaNeeds),
        ScanRule(
            "PG-PWD-01", .postgres, "New passwords are stored as SCRAM-SHA-256", severity: .high, hipaa: ["164.308(a)(5)(ii)(D)", "164.312(d)"],
            anchors: ["pgdsat 5.12"], columns: ["password_encryption"],
            sql: "SELECT current_setting('password_encryption') WHERE current_setting('password_encryption') <> 'scram-sha-256'",
            fix: "password_encryption = 'scram-sha-256'"),
        ScanRule(
            "PG-PWD-02", .postgres, "No login still stores an md5 hash", severity: .high, hipaa: ["164.308(a)(5)(ii)(D)", "164.312(d)"],
            anchors: ["dev-sec postgres-07"], columns: ["role"],
            sql: "SELECT rolname::text FROM pg_authid WHERE rolcanlogin AND rolpassword LIKE 'md5%'",
            fix: "set each listed password again (phiguard rotation rotate): the setting changes new hashes only",
            needs: "SELECT on pg_authid (superuser only; a managed service never allows it)"),
        ScanRule(
            "PG-PWD-03", .postgres, "Logins expire, and no expired login is left behind", severity: .medium,
            hipaa: ["164.308(a)(5)(ii)(D)"], anchors: ["VA1047 (analogue)"], columns: ["role", "valid_until"],
            sql: """
                SELECT rolname::text, coalesce(rolvaliduntil::text, 'never') FROM pg_roles
                WHERE rolcanlogin AND \(notBootstrap) AND (rolvaliduntil IS NULL OR rolvaliduntil = 'infinity' OR rolvaliduntil < now())
                """,
            fix: "ALTER ROLE … VALID UNTIL (phiguard rotation rotate sets it to the class's age); drop logins past their date"),
        ScanRule(
            "PG-PWD-04", .postgres, "A password-quality module is loaded", severity: .low, hipaa: ["164.308(a)(5)(ii)(D)"],
            anchors: ["pgdsat 5.6"], columns: ["shared_preload_libraries"],
            sql: """
                SELECT current_setting('shared_preload_libraries')
                WHERE NOT string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',') && ARRAY['passwordcheck', 'credcheck']
                """,
            fix: "shared_preload_libraries += passwordcheck or credcheck (a pre-hashed password still bypasses it: rotate through PHIGuard)",
            needs: "pg_read_all_settings"),
        ScanRule(
            "PG-PWD-05", .postgres, "Every login's password is younger than its rotation class allows", role: .rotationProof, severity: .medium,
            hipaa: ["164.308(a)(5)(ii)(D)"], anchors: ["VA1047 (analogue)"], columns: ["role", "reason"],
            sql: "SELECT rolname::text, NULL FROM pg_roles WHERE rolcanlogin AND \(notBootstrap) ORDER BY 1",
            fix: "rotate with phiguard rotation rotate (which records the rotation); PostgreSQL keeps no password-changed time",
            needs: "a PHIGuard store with the credential inventory (--database)",
            judged:
                "each login's last rotation in PHIGuard's inventory against its rotation class's maximum age (else max_password_age_days); a login the inventory does not know is a finding; without an inventory the rule is not assessable",
            judge: { rows, context throws(RuleNotAssessable) in try RotationProof.findings(rows, context) }),
        ScanRule(
            "PG-PRIV-01", .postgres, "Powerful roles are the approved ones", severity: .high, hipaa: ["164.312(a)(1)", "164.308(a)(3)"],
            anchors: ["pgdsat 4.3", "VA2114"], columns: ["role", "attributes"],
            sql: """
                SELECT rolname::text, concat_ws(',', CASE WHEN rolsuper THEN 'superuser' END, CASE WHEN rolcreaterole THEN 'createrole' END,
                  CASE WHEN rolreplication THEN 'replication' END, CASE WHEN rolbypassrls THEN 'bypassrls' END)
                FROM pg_roles WHERE rolname !~ '^pg_' AND \(notBootstrap) AND (rolsuper OR rolcreaterole OR rolreplication OR rolbypassrls) ORDER BY 1
                """,
            fix: "ALTER ROLE … NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS, or approve the role in the baseline with an owner"),
        ScanRule(
            "PG-PRIV-02", .postgres, "PUBLIC cannot create in any schema", severity: .high, hipaa: ["164.312(a)(1)"],
            anchors: ["pgdsat 4.10"], columns: ["schema"],
            sql: "SELECT n.nspname::text FROM pg_namespace n, aclexplode(n.nspacl) a WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'",
            fix: "REVOKE CREATE ON SCHEMA … FROM PUBLIC"),
        ScanRule(
            "PG-PRIV-03", .postgres, "No table or view is granted to PUBLIC", severity: .high, hipaa: ["164.312(a)(1)"],
            anchors: ["dev-sec postgres-17", "VA1054"], columns: ["schema", "relation", "privilege"],
            sql: """
                SELECT n.nspname::text, c.relname::text, a.privilege_type FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
                aclexplode(c.relacl) a WHERE a.grantee = 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND \(userSchema) ORDER BY 1, 2, 3
                """,
            fix: "REVOKE ALL ON … FROM PUBLIC; grant to the roles that need it"),
        ScanRule(
            "PG-PRIV-04", .postgres, "No default privilege hands future objects to PUBLIC", severity: .medium, hipaa: ["164.312(a)(1)"],
            anchors: [], columns: ["owner", "schema", "object_type", "privilege"],
            sql: """
                SELECT d.defaclrole::regrole::text, coalesce(d.defaclnamespace::regnamespace::text, '*'), d.defaclobjtype::text, a.privilege_type
                FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE a.grantee = 0 ORDER BY 1, 2, 3, 4
                """,
            fix: "ALTER DEFAULT PRIVILEGES FOR ROLE … REVOKE … FROM PUBLIC"),
        ScanRule(
            "PG-PRIV-05", .postgres, "SECURITY DEFINER functions fix their search_path", severity: .high, hipaa: ["164.312(a)(1)"],
            anchors: ["pgdsat 4.5", "dev-sec postgres-19"], columns: ["schema", "function"],
            sql: """
                SELECT n.nspname::text, p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE p.prosecdef AND \(userSchema)
                AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) c WHERE c LIKE 'search\\_path=%') ORDER BY 1, 2
                """,
            fix: "ALTER FUNCTION … SET search_path = pg_catalog, pg_temp (then name the schemas it uses)"),
        ScanRule(
            "PG-LOG-01", .postgres, "Connections and disconnections are logged", severity: .medium, hipaa: ["164.312(b)"],
            anchors: ["pgdsat 3.1.20", "pgdsat 3.1.21"], columns: ["setting", "value"],
            sql: """
                SELECT 'log_connections', current_setting('log_connections')
                WHERE current_setting('log_connections') NOT IN ('on', 'all') AND current_setting('log_connections') NOT LIKE '%authorization%'
                UNION ALL SELECT 'log_disconnections', current_setting('log_disconnections') WHERE current_setting('log_disconnections') <> 'on'
                """,
            fix: "log_connections = on (PostgreSQL 18: a list with authorization) and log_disconnections = on", needs: "pg_read_all_settings"),
        ScanRule(
            "PG-LOG-02", .postgres, "pgAudit logs role changes, DDL and writes", severity: .medium, hipaa: ["164.312(b)"],
            anchors: ["CIS PostgreSQL 3.2", "STIG"], columns: ["shared_preload_libraries", "pgaudit.log"],
            sql: "SELECT current_setting('shared_preload_libraries'), coalesce(current_setting('pgaudit.log', true), '')",
            fix: "shared_preload_libraries += pgaudit; pgaudit.log = 'role, ddl, write' (add read for PHI tables through pgaudit.role)",
            needs: "pg_read_all_settings",
            judged: "a finding unless shared_preload_libraries lists pgaudit and pgaudit.log has all, or role, ddl and write",
            judge: { rows, _ in
                guard let row = rows.first else { return [] }
                let libraries = (row[0] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let classes = Set((row[1] ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                let logged = classes.contains("all") || classes.isSuperset(of: ["role", "ddl", "write"])
                return libraries.contains("pgaudit") && logged ? [] : [[row[0] ?? "", row[1] ?? ""]]
            }),
        ScanRule(
            "PG-ID-01", .postgres, "No identifier holds PHI", role: .identifiers, severity: .high, hipaa: ["164.312(a)(1)", "164.514(b)"],
            anchors: ["Azure HIPAA guidance (no tool has a rule)"], columns: ["kind", "identifier", "looks_like", "in"],
            sql: identifiers, fix: "rename the object to an opaque or descriptive name; keep the value in a protected column",
            judged:
                "every name through the PHI classifier (AccessModel.PHIClassifier): logins and databases as account names, comments as free text, the rest as object names; findings are redacted (two characters and a digest); column names also feed the PHI column inventory",
            judge: { rows, _ in IdentifierFindings.findings(rows) }),
    ]

    /// Every identifier class of the HIPAA guidance, plus comments, constraint, index, trigger and
    /// policy names and enum labels: (kind, name, where). Objects of this database; roles and
    /// database names of the whole cluster.
    static let identifiers = """
        SELECT 'login', rolname::text, '' FROM pg_roles WHERE rolname !~ '^pg_'
        UNION ALL SELECT 'database', datname::text, '' FROM pg_database
        UNION ALL SELECT 'schema', n.nspname::text, '' FROM pg_namespace n WHERE \(userSchema) AND n.nspname NOT LIKE 'pg\\_toast%'
        UNION ALL SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
            WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence' ELSE 'index' END, c.relname::text, n.nspname::text
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'i') AND \(userSchema)
        UNION ALL SELECT 'column', a.attname::text, n.nspname::text || '.' || c.relname::text
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND \(userSchema)
        UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname::text, n.nspname::text
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE \(userSchema)
        UNION ALL SELECT 'constraint', o.conname::text, n.nspname::text FROM pg_constraint o JOIN pg_namespace n ON n.oid = o.connamespace WHERE \(userSchema)
        UNION ALL SELECT 'trigger', t.tgname::text, n.nspname::text || '.' || c.relname::text
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal
        UNION ALL SELECT 'policy', l.polname::text, n.nspname::text || '.' || c.relname::text
          FROM pg_policy l JOIN pg_class c ON c.oid = l.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        UNION ALL SELECT 'enum label', e.enumlabel::text, n.nspname::text || '.' || t.typname::text
          FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
        UNION ALL SELECT 'comment', d.description, '' FROM pg_description d WHERE d.objoid >= 16384
        UNION ALL SELECT 'comment', d.description, '' FROM pg_shdescription d WHERE d.objoid >= 16384
        """
}

/// A rule that cannot judge what it read (for example the rotation proof without an inventory).
struct RuleNotAssessable: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
