import Foundation

/// One risky setting in a connection string: what it is, why it lets a man in the middle in, and the safe value.
public struct LintFinding: Sendable, Codable, Equatable {
    /// Stable code, for example `pg_sslmode_require`.
    public var code: String
    public var severity: Severity
    /// The driver family the rule belongs to (`libpq`, `pgjdbc`, `mysql`, `mariadb`, `sqlserver`, `mongodb`, `redis`, …).
    public var family: String
    /// The setting as found (or `sslmode absent`).
    public var setting: String
    public var why: String
    public var safe: String
    /// `FILE:LINE`, `argument N` or `ENV_FILE:LINE (NAME)`.
    public var source: String
    /// The connection as found, with every secret masked; for input the linter could not read, a
    /// note instead (its secrets cannot be located, so it is never echoed).
    public var connection: String
}

/// Finds connection settings that skip or weaken TLS verification, in connection strings and in
/// the code and configuration around them. Pure: text in, findings out.
///
/// Each input is read in three steps: the text as a whole connection string in its driver's own
/// grammar (`ConnectionGrammar`); otherwise the string literals, keyword arguments, object literals,
/// YAML mappings and `NAME=value` lines around it (`SnippetExtractor`), each literal parsed by its
/// grammar and each settings group judged by the driver its statement names. Every secret met on
/// the way (`SecretSet`) is masked out of every finding before it leaves this type.
public enum ConnectionLinter {
    /// How a document is written, which decides how it is read.
    public enum DocumentKind: Sendable {
        /// One connection string or snippet per line (`#` comments).
        case lines
        /// `NAME=value` lines.
        case environment
        case yaml
        /// Source code or structured configuration (JSON, properties, INI, TOML, XML, shell).
        case code

        /// The kind a file name suggests.
        public init(fileName: String) {
            let lower = fileName.lowercased()
            let name = lower.split(separator: "/").last.map(String.init) ?? lower
            let suffix = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!) : ""
            if name == ".env" || name.hasPrefix(".env.") || suffix == "env" {
                self = .environment
            } else if suffix == "yml" || suffix == "yaml" {
                self = .yaml
            } else if [
                "go", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "kts", "scala", "groovy", "cs", "vb", "rb", "php", "json",
                "properties",
                "ini", "cfg", "conf", "cnf", "toml", "xml", "sh", "bash", "zsh", "ps1", "tf", "hcl", "rs", "swift", "ex", "exs", "erb", "sql",
            ].contains(suffix) || name == "dockerfile" {
                self = .code
            } else {
                self = .lines
            }
        }
    }

    static let notShown = "(not shown: not a connection string PHIGuard can read, so its secrets cannot be located)"

    /// Lints one input: a connection string, a command line, or a snippet of code or configuration.
    public static func lint(_ text: String, source: String) -> [LintFinding] {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return [] }
        var secrets = SecretSet()
        if let connection = ConnectionGrammar.parse(trimmed, secrets: &secrets) {
            sweepSecrets(in: trimmed, into: &secrets)
            var findings = judge(connection, source: source)
            findings += codeSettings(trimmed, source: { _ in source }, connection: connection.display)
            return scrubbed(findings, secrets)
        }
        if looksLikeEnvironment(trimmed) {
            return lintEnvironmentFile(trimmed, file: source)
        }
        let kind: DocumentKind = looksLikeYAML(trimmed) ? .yaml : .code
        let (findings, recognised) = lintSnippets(trimmed, kind: kind, source: { _ in source }, secrets: &secrets)
        if !recognised && findings.isEmpty {
            return [unrecognised(source: source)]
        }
        return scrubbed(findings, secrets)
    }

    /// Lints a whole file, read as `kind` (from its name unless given): YAML and code as documents,
    /// environment files variable by variable, anything else one connection per line.
    public static func lintDocument(_ text: String, file: String, kind: DocumentKind? = nil) -> [LintFinding] {
        switch kind ?? DocumentKind(fileName: file) {
        case .lines:
            return lintFile(text, file: file)
        case .environment:
            return lintEnvironmentFile(text, file: file)
        case let kind:
            var secrets = SecretSet()
            let (findings, _) = lintSnippets(text, kind: kind, source: { "\(file):\($0)" }, secrets: &secrets)
            return scrubbed(findings, secrets)
        }
    }

    /// Lints an environment file: `NAME=value` lines (optionally `export NAME=value`, quoted values).
    /// `PGSSLMODE` is judged as libpq's default mode; other values are linted when they look like connection strings.
    public static func lintEnvironmentFile(_ text: String, file: String) -> [LintFinding] {
        var secrets = SecretSet()
        sweepSecrets(in: text, into: &secrets)
        var findings: [LintFinding] = []
        for snippet in SnippetExtractor.environment(text) {
            guard case .string(let value) = snippet.content, let name = snippet.context.first else { continue }
            let source = "\(file):\(snippet.line) (\(name))"
            if name.uppercased() == "PGSSLMODE" {
                var connection = ParsedConnection(family: .libpq, settings: ["sslmode": value], display: "PGSSLMODE=\(value)")
                connection.complete = false
                findings += judge(connection, source: source)
            } else if looksLikeConnectionString(value), let connection = ConnectionGrammar.parse(value, secrets: &secrets) {
                findings += judge(connection, source: source)
            }
        }
        return scrubbed(findings, secrets)
    }

    /// Lints a file of connection strings, one per line; `#` starts a comment line.
    public static func lintFile(_ text: String, file: String) -> [LintFinding] {
        contentLines(of: text).flatMap { number, line in lint(line, source: "\(file):\(number)") }
    }

    // MARK: Snippets

    /// Extracts and judges the snippets of `text`. `recognised` is true when some connection or
    /// settings group was read, even if nothing in it is risky.
    private static func lintSnippets(_ text: String, kind: DocumentKind, source: (Int) -> String, secrets: inout SecretSet) -> (
        [LintFinding], recognised: Bool
    ) {
        sweepSecrets(in: text, into: &secrets)
        var snippets: [Snippet]
        switch kind {
        case .yaml: snippets = SnippetExtractor.yaml(text)
        case .environment: snippets = SnippetExtractor.environment(text)
        case .code, .lines: snippets = SnippetExtractor.code(text)
        }
        // Bare URLs in shell lines or prose that no literal carried.
        let literals = Set(snippets.compactMap { snippet -> String? in if case .string(let value) = snippet.content { value } else { nil } })
        for (url, line) in SnippetExtractor.bareURLs(text) where !literals.contains(where: { $0.contains(url) }) {
            snippets.append(Snippet(content: .string(url), line: line, statement: -2_000_000 - line, context: []))
        }
        // Lines that are a connection string or a command line by themselves (a DSN in a config file, a shell script line).
        if kind == .code {
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var probe = SecretSet()
                let content = line.trimmingWhitespace
                if ConnectionGrammar.parse(content, secrets: &probe) != nil, !literals.contains(content) {
                    secrets.formUnion(probe)
                    snippets.append(Snippet(content: .string(content), line: offset + 1, statement: -3_000_000 - offset, context: []))
                }
            }
        }

        var connections: [(connection: ParsedConnection, line: Int, statement: Int)] = []
        for snippet in snippets {
            guard case .string(let value) = snippet.content, looksLikeConnectionString(value) || value.contains(" -") else { continue }
            if var connection = ConnectionGrammar.parse(value, secrets: &secrets) {
                // A URL or DSN names its driver; keyword strings inside code may be completed by the call around them.
                connection.complete = true
                connections.append((connection, snippet.line, snippet.statement))
            }
        }
        var findings: [LintFinding] = []
        var recognised = !connections.isEmpty
        var judged: [(ParsedConnection, Int)] = []
        var usedStatements: Set<Int> = []
        for snippet in snippets {
            guard case .settings(let pairs) = snippet.content else { continue }
            for (key, value) in pairs where SecretSet.isSecretKey(key) { secrets.insert(value) }
            let settings = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            let tlsKeys = Set(settings.keys).intersection(tlsRelevantKeys)
            // Settings passed with a connection string in the same statement complete it (connect_args, options).
            if let index = connections.firstIndex(where: { $0.statement == snippet.statement }) {
                for key in tlsKeys { connections[index].connection.settings[key] = settings[key] }
                usedStatements.insert(snippet.statement)
                continue
            }
            // libpq's environment variables, in .env files, ConfigMaps and compose files alike.
            if let mode = settings["pgsslmode"] {
                var connection = ParsedConnection(family: .libpq, settings: ["sslmode": mode], display: "PGSSLMODE=\(mode)")
                connection.settings["sslrootcert"] = settings["pgsslrootcert"]
                connection.complete = false
                recognised = true
                judged.append((connection, snippet.line))
                continue
            }
            guard let family = inferFamily(settings: settings, context: snippet.context) else { continue }
            let connectCall =
                family == .goMySQL || !snippet.context.isDisjoint(with: connectWords) || settings["adapter"] != nil || settings["driver"] != nil
                || settings["dialect"] != nil || settings["client"] != nil
            let describesServer = !Set(settings.keys).isDisjoint(with: [
                "host", "hostname", "server", "port", "database", "dbname", "user", "username",
            ])
            guard !tlsKeys.isEmpty || (connectCall && describesServer) else { continue }
            recognised = true
            var connection = ParsedConnection(family: family, settings: normalise(settings, for: family), display: render(pairs))
            connection.complete = connectCall && describesServer
            judged.append((connection, snippet.line))
        }
        for entry in connections { judged.append((entry.connection, entry.line)) }
        for (connection, line) in judged.sorted(by: { $0.1 < $1.1 }) {
            findings += judge(connection, source: source(line))
        }
        findings += codeSettings(text, source: source, connection: nil)
        // One finding per code, place and connection: the same string seen as a literal and as a line counts once.
        var seen: Set<String> = []
        findings = findings.filter { seen.insert("\($0.code)|\($0.source)|\($0.setting)").inserted }
        return (findings, recognised || !findings.isEmpty)
    }

    /// Keys whose presence makes a settings group worth judging.
    static let tlsRelevantKeys: Set<String> = [
        "sslmode", "ssl_mode", "ssl-mode", "ssl mode", "sslrootcert", "sslnegotiation", "gssencmode", "requiressl", "ssl", "tls", "ssl_ca",
        "ssl_verify_cert", "ssl_verify_identity", "ssl_disabled", "usessl", "verifyservercertificate", "allowpublickeyretrieval", "encrypt",
        "trustservercertificate", "trust server certificate", "trust_server_certificate", "hostnameincertificate", "tlsinsecure",
        "tlsallowinvalidcertificates", "tlsallowinvalidhostnames", "ssl_cert_reqs", "ssl_check_hostname", "sslca", "sslverify", "ca",
        "check_hostname", "sslfactory", "sslhostnameverifier", "trustservercert", "tlsconfig",
    ]

    /// Words of a statement that make it a connection: a connect call or a configuration block.
    static let connectWords: Set<String> = [
        "connect", "createconnection", "createpool", "pool", "client", "mongoclient", "asyncioMotorClient".lowercased(), "strictredis", "redis",
        "sqlconnection", "create_engine", "create_async_engine", "createclient", "open", "datasource", "database", "databases", "sequelize",
    ]

    /// The driver a settings group is for: from its keys, the adapter or driver it names, and the
    /// words of its statement (`pymysql.connect`, `new Pool`, `MongoClient`, `redis.Redis`).
    static func inferFamily(settings: [String: String], context: Set<String>) -> DriverFamily? {
        let named = Set(
            [settings["adapter"], settings["driver"], settings["dialect"], settings["client"], settings["engine"]].compactMap { $0?.lowercased() })
        let words = context.union(named)
        // Words and their parts: `django.db.backends.postgresql`, `postgresql_db`, `mysql-connector`.
        let parts = words.union(words.flatMap { $0.split(whereSeparator: { "._-/:".contains($0) }).map(String.init) })
        // Long names also by prefix, for camel case: `MySqlConnectionStringBuilder`, `NpgsqlDataSource`.
        func mentions(_ candidates: [String]) -> Bool {
            candidates.contains { candidate in parts.contains(candidate) || (candidate.count >= 5 && parts.contains { $0.hasPrefix(candidate) }) }
        }
        let postgres = mentions([
            "pg", "postgres", "postgresql", "postgis", "psycopg", "psycopg2", "asyncpg", "pg8000", "pgx", "pq", "npgsql", "pgxpool", "pg-promise",
            "django.db.backends.postgresql",
        ])
        let mysql = mentions([
            "mysql", "mysql2", "pymysql", "mysqldb", "mysqlclient", "aiomysql", "mariadb", "trilogy", "mysql.connector", "django.db.backends.mysql",
        ])
        let sqlServer = mentions(["mssql", "sqlserver", "pyodbc", "pymssql", "tedious", "sqlclient", "sqlconnection", "odbc", "mssql-django"])
        let mongo = mentions(["mongo", "mongodb", "mongoclient", "pymongo", "mongoose", "motor", "asynciomotorclient"])
        let redis = mentions(["redis", "ioredis", "strictredis", "rediscluster", "valkey"])
        let keys = Set(settings.keys)
        // `new Pool(…)` and `new Client(…)` are node-postgres's constructors; mysql2 and the others use factories.
        let javaScriptConstructor = words.contains("new") && mentions(["pool", "client"])
        if postgres || keys.contains("sslmode") && !mysql {
            if settings["sslmode"] == nil, javaScriptConstructor || settings["ssl"] != nil && !mentions(["asyncpg", "psycopg", "psycopg2", "django"])
            {
                return javaScriptConstructor || !words.contains("engine") ? .nodePostgres : .libpq
            }
            return .libpq
        }
        if mysql || keys.contains("ssl_mode") || keys.contains("ssl-mode") || keys.contains("usessl") {
            // go-sql-driver/mysql's Config struct: `Net`, `Addr`, `TLSConfig`.
            if keys.contains("tlsconfig") || (keys.contains("net") && keys.contains("addr")) { return .goMySQL }
            return mentions(["pymysql", "aiomysql"]) ? .pymysql : .mysql
        }
        if sqlServer || keys.contains("encrypt") || keys.contains("trustservercertificate") { return .sqlserver }
        if mongo || keys.contains("tlsallowinvalidcertificates") || keys.contains("tlsinsecure") { return .mongodb }
        if redis || keys.contains("ssl_check_hostname") { return .redis }
        if javaScriptConstructor, !Set(keys).isDisjoint(with: ["host", "database", "connectionstring"]) { return .nodePostgres }
        return nil
    }

    /// A settings group in the spelling the family's rules read: asyncpg's `ssl="require"` is
    /// libpq's sslmode, Python's `True`/`False` are lower-cased already by the extractor.
    private static func normalise(_ settings: [String: String], for family: DriverFamily) -> [String: String] {
        var result = settings
        if family == .libpq, result["sslmode"] == nil, let ssl = result["ssl"]?.lowercased() {
            switch ssl {
            case "false", "disable", "none": result["sslmode"] = "disable"
            case "true", "{…}", "verify-full", "ctx", "context", "ssl_context": result["sslmode"] = "verify-full"
            default: if ConnectionGrammar.libpqModes.contains(ssl) { result["sslmode"] = ssl }
            }
        }
        if family == .goMySQL, result["tls"] == nil, let config = result["tlsconfig"] { result["tls"] = config }
        if family == .libpq, let mode = result["ssl mode"] ?? result["ssl_mode"] { result["sslmode"] = result["sslmode"] ?? mode.lowercased() }
        return result
    }

    /// `{key: value, …}` for a settings group; secrets are masked later with the rest.
    private static func render(_ pairs: [(key: String, value: String)]) -> String {
        "{"
            + pairs.map { SecretSet.isSecretKey($0.key) ? "\($0.key): \(ConnectionStringMasking.placeholder)" : "\($0.key): \($0.value)" }.joined(
                separator: ", ") + "}"
    }

    /// Every value that sits after a secret-named key anywhere in the text, whatever the syntax
    /// (`password: x`, `"pwd": "x"`, `PGPASSWORD=x`, `--password x`), so a secret that no grammar
    /// reached is still masked.
    static func sweepSecrets(in text: String, into secrets: inout SecretSet) {
        for snippet in SnippetExtractor.code(text) + SnippetExtractor.environment(text) {
            if case .settings(let pairs) = snippet.content {
                for (key, value) in pairs where SecretSet.isSecretKey(key) { secrets.insert(value) }
            }
        }
        if text.contains("\n") {
            for snippet in SnippetExtractor.yaml(text) {
                if case .settings(let pairs) = snippet.content {
                    for (key, value) in pairs where SecretSet.isSecretKey(key) { secrets.insert(value) }
                }
            }
        }
        for line in text.split(separator: "\n") {
            var probe = SecretSet()
            _ = ConnectionGrammar.parse(String(line), secrets: &probe)
            for word in line.split(whereSeparator: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) {
                _ = ConnectionGrammar.URLParts(String(word), secrets: &probe)
                _ = ConnectionGrammar.goMySQLDSN(String(word), secrets: &probe)
            }
            secrets.formUnion(probe)
        }
    }

    /// Settings written in code next to any driver: Node's `rejectUnauthorized: false` and Go's
    /// `InsecureSkipVerify: true`, each reported at its line.
    private static func codeSettings(_ text: String, source: (Int) -> String, connection: String?) -> [LintFinding] {
        var findings: [LintFinding] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let compact = line.lowercased().filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
            // Inside code, a line may carry secrets no key names (positional arguments): show the setting, never the line.
            let shown = connection ?? "(setting at this line)"
            if compact.contains("rejectunauthorized:false") || compact.contains("rejectunauthorized=false") {
                findings.append(
                    LintFinding(
                        code: "node_reject_unauthorized_false", severity: .critical, family: "node", setting: "rejectUnauthorized: false",
                        why: "Node's TLS accepts any certificate", safe: "remove rejectUnauthorized: false and pass ca: with the CA certificate",
                        source: source(offset + 1), connection: shown))
            }
            if compact.contains("insecureskipverify:true") || compact.contains("insecureskipverify=true") {
                findings.append(
                    LintFinding(
                        code: "go_insecure_skip_verify", severity: .critical, family: "go", setting: "InsecureSkipVerify: true",
                        why: "Go's crypto/tls accepts any certificate and host", safe: "remove InsecureSkipVerify and set RootCAs",
                        source: source(offset + 1),
                        connection: shown))
            }
        }
        return findings
    }

    private static func unrecognised(source: String) -> LintFinding {
        LintFinding(
            code: "unrecognised_connection_string", severity: .low, family: "unknown", setting: "format",
            why:
                "not a connection string PHIGuard knows (libpq, JDBC, ADO.NET/ODBC, Go DSN, SQLAlchemy, MongoDB, Redis, or code and configuration around them), so it was not checked",
            safe: "check it by hand, or file the driver family as a linter rule", source: source, connection: notShown)
    }

    /// Every text field of every finding with the input's secrets masked: the one place output is made safe.
    private static func scrubbed(_ findings: [LintFinding], _ secrets: SecretSet) -> [LintFinding] {
        findings.map { finding in
            var clean = finding
            clean.setting = secrets.scrub(finding.setting)
            clean.connection = finding.connection == notShown ? notShown : secrets.scrub(finding.connection)
            clean.source = secrets.scrub(finding.source)
            return clean
        }
    }

    // MARK: Helpers

    /// The trimmed lines that are neither blank nor `#` comments, with their 1-based line numbers.
    private static func contentLines(of text: String) -> [(number: Int, line: String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
            let line = raw.trimmingWhitespace
            return line.isEmpty || line.hasPrefix("#") ? nil : (index + 1, line)
        }
    }

    static func looksLikeConnectionString(_ value: String) -> Bool {
        let lower = value.lowercased()
        let prefixes = [
            "postgres", "jdbc:", "mysql", "mariadb", "sqlserver://", "mssql", "mongodb", "redis://", "rediss://", "valkey", "cockroachdb",
        ]
        return prefixes.contains { lower.hasPrefix($0) } || lower.hasPrefix("tcp(") || lower.hasPrefix("unix(") || lower.contains("sslmode")
            || lower.contains("encrypt=") || lower.contains("@tcp(")
            || lower.contains("@unix(") || lower.contains("trustservercertificate") || lower.contains("host=") || lower.contains("server=")
            || lower.contains("data source=") || lower.contains("ssl-mode") || lower.contains("ssl mode")
    }

    private static func looksLikeEnvironment(_ text: String) -> Bool {
        let lines = contentLines(of: text).map(\.line)
        guard !lines.isEmpty else { return false }
        return lines.allSatisfy { line in
            var content = Substring(line)
            if content.hasPrefix("export ") { content = content.dropFirst(7) }
            guard let equals = content.firstIndex(of: "="), equals > content.startIndex else { return false }
            return content[..<equals].allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
        }
    }

    private static func looksLikeYAML(_ text: String) -> Bool {
        let lines = contentLines(of: text).map(\.line)
        guard lines.count >= 2, !text.contains("{"), !text.contains("(") else { return false }
        let mappingLines = lines.filter { line in
            let content = line.hasPrefix("- ") ? String(line.dropFirst(2)) : line
            guard let colon = content.firstIndex(of: ":") else { return false }
            let next = content.index(after: colon)
            return (next == content.endIndex || content[next] == " ")
                && content[..<colon].allSatisfy { $0.isLetter || $0.isNumber || "_-. ".contains($0) }
        }
        return mappingLines.count * 2 >= lines.count
    }
}
