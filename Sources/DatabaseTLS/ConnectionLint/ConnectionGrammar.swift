import Foundation

/// The driver family whose rules judge a connection.
enum DriverFamily: String, Sendable {
    /// libpq and everything that passes its keywords on: psql, psycopg, SQLAlchemy, pgx, lib/pq, asyncpg, Npgsql.
    case libpq
    case pgjdbc
    case nodePostgres = "node-postgres"
    /// MySQL Connector/J, mysqlclient, mysql-connector-python, MySqlConnector/Connector/NET, mysql2.
    case mysql
    case pymysql
    case goMySQL = "go-mysql"
    case mariadb
    case mysqlCLI = "mysql-cli"
    case sqlserver
    case jtds
    case mongodb
    case redis
}

/// One connection found in the input, read by its driver's grammar.
struct ParsedConnection {
    var family: DriverFamily
    /// Settings with lower-cased keys (spaces and `_`/`-` kept), values unquoted and unescaped; the last one wins.
    var settings: [String: String] = [:]
    /// The URL scheme, lower-cased (`postgresql+psycopg`, `rediss`), when there is one.
    var scheme: String?
    /// Command-line words after the program, for command-line rules.
    var words: [String] = []
    /// Whether the input names the driver for sure (a URL, a connect call): only then does an absent
    /// setting mean the driver's default.
    var complete = true
    /// Whether it reaches the server through a Unix-domain socket (`host=/var/run/postgresql`,
    /// `postgresql:///ehr`, `unix(…)`, `unix_socket=`): no network, so no man in the middle, and
    /// drivers do not use TLS there at all.
    var localSocket = false
    /// The text shown in reports, before secrets are masked.
    var display: String
}

/// Parsers for each family's own connection-string grammar. They return nil for text that is not
/// in that grammar, and put every secret they meet (passwords, tokens) into `secrets`.
enum ConnectionGrammar {
    /// Parses a whole connection string (no surrounding code) in whichever grammar it is written.
    static func parse(_ raw: String, secrets: inout SecretSet) -> ParsedConnection? {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        let lower = text.lowercased()
        if lower.hasPrefix("jdbc:") { return jdbc(text, secrets: &secrets) }
        if let pdo = pdo(text, secrets: &secrets) { return pdo }
        if let url = URLParts(text, secrets: &secrets) { return fromURL(url, text: text, secrets: &secrets) }
        if let dsn = goMySQLDSN(text, secrets: &secrets) { return dsn }
        if let command = commandLine(text, secrets: &secrets) { return command }
        if let keywords = keywordList(text, secrets: &secrets) { return keywords }
        // A conninfo needs a keyword that names a server or TLS: `user=app` alone could be anything.
        if let conninfo = conninfo(text, secrets: &secrets),
            !Set(conninfo.keys).isDisjoint(with: ["host", "hostaddr", "dbname", "sslmode", "service", "port"])
        {
            var connection = ParsedConnection(family: .libpq, settings: conninfo, display: text)
            connection.localSocket = conninfo["hostaddr"] == nil && (conninfo["host"].map { $0.hasPrefix("/") || $0.hasPrefix("@") } ?? false)
            return connection
        }
        return nil
    }

    // MARK: URLs

    /// `scheme://[user[:password]@]hosts[/path][?query]`, as libpq, JDBC, SQLAlchemy, MongoDB and Redis write them.
    struct URLParts {
        var scheme: String
        var user: String?
        var hosts: String
        var path: String
        var query: [(key: String, value: String)]

        init?(_ text: String, secrets: inout SecretSet) {
            guard let separator = text.firstRange(of: "://") else { return nil }
            let scheme = text[..<separator.lowerBound]
            guard let first = scheme.first, first.isLetter,
                scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }),
                !text.contains(where: { $0.isWhitespace })
            else { return nil }
            self.scheme = scheme.lowercased()
            var rest = text[separator.upperBound...]
            if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
            let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
            // A password may hold an unescaped `@` or `/`: the user part ends at the last `@` before the query.
            if let at = rest[..<queryStart].lastIndex(of: "@") {
                let userinfo = rest[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    user = String(userinfo[..<colon]).percentDecoded
                    let password = String(userinfo[userinfo.index(after: colon)...])
                    secrets.insert(password)
                    secrets.insert(password.percentDecoded)
                } else {
                    user = String(userinfo).percentDecoded
                }
                rest = rest[rest.index(after: at)...]
            }
            let authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex)]
            hosts = String(authority)
            let afterAuthority = rest[authority.endIndex...]
            let pathEnd = afterAuthority.firstIndex(of: "?") ?? afterAuthority.endIndex
            path = String(afterAuthority[..<pathEnd])
            query = []
            if pathEnd < afterAuthority.endIndex {
                for pair in afterAuthority[afterAuthority.index(after: pathEnd)...].split(whereSeparator: { $0 == "&" || $0 == ";" }) {
                    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let key = String(parts[0]).percentDecoded.lowercased().trimmingWhitespace
                    let value = parts.count > 1 ? String(parts[1]).percentDecoded : ""
                    guard !key.isEmpty else { continue }
                    if SecretSet.isSecretKey(key) { secrets.insert(value) }
                    query.append((key, value))
                }
            }
        }

        var settings: [String: String] {
            var result: [String: String] = [:]
            for (key, value) in query { result[key] = value }
            return result
        }
    }

    private static func fromURL(_ url: URLParts, text: String, secrets: inout SecretSet) -> ParsedConnection? {
        let scheme = url.scheme
        let base = scheme.split(separator: "+").first.map(String.init) ?? scheme
        let driver = scheme.contains("+") ? String(scheme.split(separator: "+", maxSplits: 1)[1]) : ""
        var settings = url.settings
        func make(_ family: DriverFamily) -> ParsedConnection {
            var connection = ParsedConnection(family: family, settings: settings, scheme: scheme, display: text)
            let host = settings["host"] ?? url.hosts.percentDecoded
            connection.localSocket =
                host.hasPrefix("/") || host.hasPrefix("@") || settings["unix_socket"] != nil || settings["socket"] != nil
                || (host.isEmpty && settings["hostaddr"] == nil && ["postgres", "postgresql", "pgsql"].contains(base))
            return connection
        }
        switch base {
        case "postgres", "postgresql", "pgsql", "cockroachdb":
            // asyncpg (and SQLAlchemy's asyncpg dialect) spell sslmode as `ssl`.
            if settings["sslmode"] == nil, let ssl = settings["ssl"], driver == "asyncpg" || libpqModes.contains(ssl.lowercased()) {
                settings["sslmode"] = ssl
            } else if settings["sslmode"] == nil, settings["ssl"]?.lowercased() == "true" {
                // node-postgres and pgjdbc read ssl=true as a verified connection; libpq refuses the key outright.
                settings["sslmode"] = "verify-full"
            }
            return make(.libpq)
        case "mysql", "mysqlx", "mariadb":
            switch driver {
            case "pymysql", "aiomysql", "asyncmy": return make(.pymysql)
            case "", "mariadbconnector": return make(base == "mariadb" && driver.isEmpty ? .mariadb : .mysql)
            default: return make(.mysql)
            }
        case "sqlserver", "mssql":
            // SQLAlchemy's pyodbc dialect carries a whole ODBC string, URL-encoded, in odbc_connect.
            if let odbc = settings["odbc_connect"], var inner = keywordList(odbc, secrets: &secrets) {
                inner.settings.merge(settings) { odbcValue, _ in odbcValue }
                settings = inner.settings
            }
            return make(.sqlserver)
        case "mongodb": return make(.mongodb)
        case "redis", "rediss", "valkey", "valkeys": return make(.redis)
        default: return nil
        }
    }

    /// The values of libpq's sslmode.
    static let libpqModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify"]

    // MARK: PHP PDO

    /// PDO data source names: `pgsql:host=db;dbname=ehr;sslmode=require` (handed to libpq),
    /// `sqlsrv:Server=db;Encrypt=1`, `odbc:Driver=…;…`, `mysql:host=db;dbname=ehr` (TLS only through
    /// PDO attributes, which a DSN cannot show).
    private static func pdo(_ text: String, secrets: inout SecretSet) -> ParsedConnection? {
        guard let colon = text.firstIndex(of: ":"), !text.contains("://") else { return nil }
        let driver = text[..<colon].lowercased()
        let body = String(text[text.index(after: colon)...])
        guard ["pgsql", "sqlsrv", "odbc", "mysql"].contains(driver), body.contains("="),
            let pairs = keywordPairs(body.replacingOccurrences(of: " ", with: driver == "pgsql" ? ";" : " ")), !pairs.isEmpty
        else { return nil }
        var settings: [String: String] = [:]
        for (key, value) in pairs {
            if SecretSet.isSecretKey(key.replacingOccurrences(of: " ", with: "")) { secrets.insert(value) }
            settings[key] = value
        }
        switch driver {
        case "pgsql": return ParsedConnection(family: .libpq, settings: settings, scheme: "pdo-pgsql", display: text)
        case "mysql":
            var connection = ParsedConnection(family: .mysql, settings: settings, scheme: "pdo-mysql", display: text)
            connection.complete = false
            return connection
        default: return ParsedConnection(family: .sqlserver, settings: settings, scheme: "pdo-" + driver, display: text)
        }
    }

    // MARK: JDBC

    private static func jdbc(_ text: String, secrets: inout SecretSet) -> ParsedConnection? {
        let body = String(text.dropFirst(5))
        let lower = body.lowercased()
        if lower.hasPrefix("sqlserver:") {
            // jdbc:sqlserver://host[\instance][:port][;property=value]*
            let properties = body.firstIndex(of: ";").map { String(body[body.index(after: $0)...]) } ?? ""
            let list = keywordList(properties, secrets: &secrets, requireKnownKeys: false)
            return ParsedConnection(family: .sqlserver, settings: list?.settings ?? [:], scheme: "jdbc:sqlserver", display: text)
        }
        if lower.hasPrefix("jtds:") {
            // jdbc:jtds:sqlserver://host:port/db;ssl=require
            let properties = body.firstIndex(of: ";").map { String(body[body.index(after: $0)...]) } ?? ""
            let list = keywordList(properties, secrets: &secrets, requireKnownKeys: false)
            return ParsedConnection(family: .jtds, settings: list?.settings ?? [:], scheme: "jdbc:jtds", display: text)
        }
        let families: [(prefix: String, family: DriverFamily)] = [("postgresql:", .pgjdbc), ("mysql:", .mysql), ("mariadb:", .mariadb)]
        guard let match = families.first(where: { lower.hasPrefix($0.prefix) }) else { return nil }
        var rest = String(body.dropFirst(match.prefix.count))
        // Connector/J's sub-protocols (loadbalance:, replication:, aws:) come before the `//`.
        if let slashes = rest.firstRange(of: "//") { rest = String(rest[slashes.lowerBound...]) }
        var settings: [String: String] = [:]
        if rest.hasPrefix("//"), let url = URLParts("jdbc:" + rest, secrets: &secrets) {
            settings = url.settings
            // Connector/J host attributes: (host=db,port=3306,sslMode=REQUIRED) or address=(host=db)(sslMode=REQUIRED).
            for attribute in hostAttributes(url.hosts) {
                if SecretSet.isSecretKey(attribute.key) { secrets.insert(attribute.value) }
                settings[attribute.key] = settings[attribute.key] ?? attribute.value
            }
        } else if let query = rest.firstIndex(of: "?"), let url = URLParts("jdbc://localhost/" + rest[query...], secrets: &secrets) {
            // jdbc:postgresql:database?ssl=true
            settings = url.settings
        }
        return ParsedConnection(family: match.family, settings: settings, scheme: "jdbc:" + match.prefix.dropLast(), display: text)
    }

    private static func hostAttributes(_ hosts: String) -> [(key: String, value: String)] {
        var result: [(String, String)] = []
        var index = hosts.startIndex
        while let open = hosts[index...].firstIndex(of: "(") {
            guard let close = hosts[open...].firstIndex(of: ")") else { break }
            for pair in hosts[hosts.index(after: open)..<close].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { result.append((parts[0].trimmingWhitespace.lowercased(), parts[1].trimmingWhitespace.percentDecoded)) }
            }
            index = hosts.index(after: close)
        }
        return result
    }

    // MARK: Go MySQL DSN

    /// go-sql-driver/mysql: `[user[:password]@][net[(addr)]]/dbname[?param=value&…]`.
    static func goMySQLDSN(_ text: String, secrets: inout SecretSet) -> ParsedConnection? {
        guard !text.contains(where: { $0.isWhitespace }), !text.contains("://") else { return nil }
        let queryStart = text.firstIndex(of: "?") ?? text.endIndex
        let head = text[..<queryStart]
        // The address part: `@tcp(…)/`, `@unix(…)/`, `@/`; a password may contain `@`, so take the last one that fits.
        var split: String.Index?
        var search = head.endIndex
        while let at = head[..<search].lastIndex(of: "@") {
            let after = head[head.index(after: at)...]
            let net = after.prefix { $0.isLetter || $0.isNumber }
            let rest = after.dropFirst(net.count)
            if rest.hasPrefix("(") || (net.isEmpty && rest.hasPrefix("/")) {
                split = at
                break
            }
            search = at
        }
        let address: Substring
        if let split {
            let userinfo = head[..<split]
            if let colon = userinfo.firstIndex(of: ":") { secrets.insert(String(userinfo[userinfo.index(after: colon)...])) }
            address = head[head.index(after: split)...]
        } else {
            // Without credentials: `tcp(db:3306)/ehr`.
            guard head.hasPrefix("tcp(") || head.hasPrefix("unix(") || head.hasPrefix("tcp6(") else { return nil }
            address = head
        }
        let net = address.prefix { $0.isLetter || $0.isNumber }
        let afterNet = address.dropFirst(net.count)
        let pathPart: Substring
        if afterNet.hasPrefix("(") {
            guard let close = afterNet.firstIndex(of: ")") else { return nil }
            pathPart = afterNet[afterNet.index(after: close)...]
        } else {
            pathPart = afterNet
        }
        guard pathPart.hasPrefix("/"), !pathPart.dropFirst().contains("/") else { return nil }
        var settings: [String: String] = [:]
        if queryStart < text.endIndex {
            for pair in text[text.index(after: queryStart)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let key = String(parts[0]).lowercased()
                let value = String(parts[1]).percentDecoded
                if SecretSet.isSecretKey(key) { secrets.insert(value) }
                settings[key] = value
            }
        }
        var connection = ParsedConnection(family: .goMySQL, settings: settings, display: text)
        connection.localSocket = net == "unix"
        return connection
    }

    // MARK: libpq keyword/value

    /// libpq's connection keywords (PostgreSQL 17), the only keys `key=value` strings may use.
    static let libpqKeywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "require_auth", "channel_binding", "connect_timeout",
        "client_encoding", "options", "application_name", "fallback_application_name", "keepalives", "keepalives_idle",
        "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode", "requiressl",
        "sslnegotiation", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslcertmode", "sslrootcert", "sslcrl", "sslcrldir",
        "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation",
        "service", "target_session_attrs", "load_balance_hosts", "servicefile", "scram_client_key", "scram_server_key",
    ]

    /// libpq's conninfo grammar: `keyword = value` pairs separated by whitespace, spaces allowed around
    /// `=`, values single-quoted (with `\'` and `\\`) or bare (with backslash escapes). Every keyword
    /// must be one libpq knows, as libpq itself insists.
    static func conninfo(_ text: String, secrets: inout SecretSet) -> [String: String]? {
        var result: [String: String] = [:]
        let characters = Array(text)
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        while true {
            skipSpaces()
            if index >= characters.count { break }
            let keyStart = index
            while index < characters.count, characters[index] != "=", !characters[index].isWhitespace { index += 1 }
            let key = String(characters[keyStart..<index]).lowercased()
            skipSpaces()
            // libpq's own keywords, and the identifier-shaped extras pgx and lib/pq read (pool_max_conns, binary_parameters).
            guard index < characters.count, characters[index] == "=", libpqKeywords.contains(key) || isDriverExtension(key) else { return nil }
            index += 1
            skipSpaces()
            var value = ""
            if index < characters.count, characters[index] == "'" {
                index += 1
                var closed = false
                while index < characters.count {
                    let character = characters[index]
                    if character == "\\", index + 1 < characters.count {
                        value.append(characters[index + 1])
                        index += 2
                    } else if character == "'" {
                        index += 1
                        closed = true
                        break
                    } else {
                        value.append(character)
                        index += 1
                    }
                }
                guard closed else { return nil }
            } else {
                while index < characters.count, !characters[index].isWhitespace {
                    if characters[index] == "\\", index + 1 < characters.count {
                        index += 1
                    } else if "\"(),".contains(characters[index]) {
                        // Quotes, parentheses and commas in a bare value: code around a string, not a conninfo.
                        return nil
                    }
                    value.append(characters[index])
                    index += 1
                }
            }
            if SecretSet.isSecretKey(key) { secrets.insert(value) }
            result[key] = value
        }
        return result.isEmpty ? nil : result
    }

    /// Keys pgx and lib/pq add to libpq's (`pool_max_conns`, `binary_parameters`): lower-case
    /// identifiers with an underscore, never a bare word such as a variable name in code.
    private static func isDriverExtension(_ key: String) -> Bool {
        guard let first = key.first, first.isLetter, first.isLowercase, key.contains("_") else { return false }
        return key.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_" }
    }

    // MARK: ADO.NET / ODBC keyword lists

    /// Keys that only SQL Server's ADO.NET, ODBC and JDBC strings use.
    static let sqlServerKeys: Set<String> = [
        "server", "data source", "addr", "address", "network address", "driver", "initial catalog", "database", "trustservercertificate",
        "trust server certificate", "encrypt", "integrated security", "trusted_connection", "hostnameincertificate",
        "host name in certificate", "servercertificate", "server certificate", "multisubnetfailover", "applicationintent", "dsn",
        "databasename", "servername", "authentication", "uid", "user id", "pwd", "password", "persist security info",
    ]

    /// `key=value;…` as ADO.NET, ODBC and the SQL Server, Npgsql and MySqlConnector drivers read it:
    /// keys are case-insensitive and may contain spaces; values may be quoted with `"` or `'` (doubled
    /// to escape) or, in ODBC, braced (`{…}`, `}}` to escape).
    static func keywordList(_ text: String, secrets: inout SecretSet, requireKnownKeys: Bool = true) -> ParsedConnection? {
        // Without a `;` it is one pair at most, and libpq's space-separated keywords read better.
        guard text.contains(";") || !requireKnownKeys else { return nil }
        let pairs = keywordPairs(text)
        guard let pairs, !pairs.isEmpty else { return nil }
        var settings: [String: String] = [:]
        for (key, value) in pairs {
            if SecretSet.isSecretKey(key.replacingOccurrences(of: " ", with: "")) { secrets.insert(value) }
            settings[key] = value
        }
        let keys = Set(settings.keys)
        // An ODBC Driver= names the database: psqlODBC reads libpq's sslmode, MySQL's ODBC driver SSLMODE.
        if let driver = settings["driver"]?.lowercased() {
            if driver.contains("postgres") || driver.contains("psqlodbc") {
                return ParsedConnection(family: .libpq, settings: settings, scheme: "odbc-postgres", display: text)
            }
            if driver.contains("mysql") || driver.contains("mariadb") {
                var mapped = settings
                if let mode = settings["sslmode"] ?? settings["ssl mode"] { mapped["sslmode"] = mysqlConnectorMode(mode) }
                return ParsedConnection(family: .mysql, settings: mapped, scheme: "odbc-mysql", display: text)
            }
        }
        // Npgsql (PostgreSQL) and MySqlConnector / Connector/NET (MySQL) share the syntax.
        let npgsqlKeys: Set<String> = ["username", "ssl mode", "sslmode", "trust server certificate", "root certificate", "search path", "database"]
        if keys.contains("host"), !keys.isDisjoint(with: npgsqlKeys), !keys.contains("server") {
            var mapped = settings
            if let mode = settings["ssl mode"] ?? settings["sslmode"] { mapped["sslmode"] = npgsqlMode(mode) }
            return ParsedConnection(family: .libpq, settings: mapped, scheme: "npgsql", display: text)
        }
        if let mode = settings["ssl mode"] ?? settings["sslmode"] ?? settings["ssl-mode"], keys.contains("server") || keys.contains("uid") {
            var mapped = settings
            mapped["sslmode"] = mysqlConnectorMode(mode)
            return ParsedConnection(family: .mysql, settings: mapped, scheme: "mysqlconnector", display: text)
        }
        guard !requireKnownKeys || !keys.isDisjoint(with: sqlServerKeys.subtracting(["password", "pwd", "database"])) else { return nil }
        return ParsedConnection(family: .sqlserver, settings: settings, display: text)
    }

    /// The pairs of a `;` list, or nil when the text is not one (a key with characters no driver allows).
    static func keywordPairs(_ text: String) -> [(String, String)]? {
        let characters = Array(text)
        var index = 0
        var pairs: [(String, String)] = []
        while index < characters.count {
            while index < characters.count, characters[index] == ";" || characters[index].isWhitespace { index += 1 }
            if index >= characters.count { break }
            let keyStart = index
            while index < characters.count, characters[index] != "=", characters[index] != ";" { index += 1 }
            guard index < characters.count, characters[index] == "=" else { return nil }
            let key = String(characters[keyStart..<index]).trimmingWhitespace.lowercased().split(separator: " ").joined(separator: " ")
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "_" || $0 == "-" || $0 == "." }) else {
                return nil
            }
            index += 1
            while index < characters.count, characters[index] == " " { index += 1 }
            var value = ""
            if index < characters.count, characters[index] == "\"" || characters[index] == "'" || characters[index] == "{" {
                let open = characters[index]
                let close: Character = open == "{" ? "}" : open
                index += 1
                while index < characters.count {
                    if characters[index] == close {
                        if index + 1 < characters.count, characters[index + 1] == close {
                            value.append(close)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                if open == "{" { value = "{" + value + "}" }
                while index < characters.count, characters[index] != ";" { index += 1 }
            } else {
                let valueStart = index
                while index < characters.count, characters[index] != ";" { index += 1 }
                value = String(characters[valueStart..<index]).trimmingWhitespace
                // A quote inside a bare value (`cs = @"Server`): code around a string, which no driver reads.
                if value.contains(where: { "\"'`".contains($0) }) { return nil }
            }
            pairs.append((key, value))
        }
        return pairs
    }

    /// Npgsql's SSL Mode names in libpq's spelling.
    static func npgsqlMode(_ mode: String) -> String {
        switch mode.lowercased().replacingOccurrences(of: " ", with: "") {
        case "verifyfull", "verify-full": "verify-full"
        case "verifyca", "verify-ca": "verify-ca"
        case let other: other
        }
    }

    /// MySqlConnector / Connector/NET SslMode names in Connector/J's spelling.
    static func mysqlConnectorMode(_ mode: String) -> String {
        switch mode.lowercased().replacingOccurrences(of: "_", with: "") {
        case "none", "disabled": "DISABLED"
        case "preferred": "PREFERRED"
        case "required": "REQUIRED"
        case "verifyca": "VERIFY_CA"
        case "verifyfull", "verifyidentity", "verify_identity": "VERIFY_IDENTITY"
        case "verify_ca": "VERIFY_CA"
        case let other: other.uppercased()
        }
    }

    // MARK: Command lines

    static let mysqlTools: Set<String> = [
        "mysql", "mariadb", "mysqldump", "mariadb-dump", "mysqladmin", "mariadb-admin", "mysqlimport", "mariadb-import", "mysqlshow",
        "mariadb-show", "mysqlcheck", "mariadb-check", "mysqlpump", "mysqlbinlog", "mariadb-binlog", "mysqlslap", "mariadb-slap", "mysqlsh",
    ]
    static let postgresTools: Set<String> = [
        "psql", "pg_dump", "pg_dumpall", "pg_restore", "pg_basebackup", "pgbench", "createdb", "dropdb", "vacuumdb", "reindexdb",
        "clusterdb", "pg_isready", "pg_receivewal", "pg_recvlogical", "createuser", "dropuser",
    ]

    /// A database client's command line, optionally after `NAME=value` environment assignments.
    static func commandLine(_ text: String, secrets: inout SecretSet) -> ParsedConnection? {
        guard var words = shellWords(text), !words.isEmpty else { return nil }
        var environment: [String: String] = [:]
        func takeAssignments() {
            while let first = words.first, let equals = first.firstIndex(of: "="),
                first[..<equals].allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), !first[..<equals].isEmpty
            {
                let name = String(first[..<equals])
                let value = String(first[first.index(after: equals)...])
                if SecretSet.isSecretKey(name.lowercased()) { secrets.insert(value) }
                environment[name] = value
                words.removeFirst()
            }
        }
        takeAssignments()
        // Wrappers and their options: `sudo -u postgres`, `env`, `exec`, `time`.
        while let first = words.first, ["sudo", "env", "exec", "command", "time", "nice", "nohup", "doas"].contains(first) {
            words.removeFirst()
            while let option = words.first, option.hasPrefix("-") {
                words.removeFirst()
                if ["-u", "-g", "-h", "-p", "-C", "-n"].contains(option), !words.isEmpty { words.removeFirst() }
            }
            takeAssignments()
        }
        guard let program = words.first.map({ String($0.split(separator: "/").last ?? "") }) else { return nil }
        let arguments = Array(words.dropFirst())
        // A program name alone (`sql.Open("mysql", …)`) is not a command line.
        guard !arguments.isEmpty else { return nil }
        if mysqlTools.contains(program) {
            var rest: [String] = []
            var index = 0
            while index < arguments.count {
                let word = arguments[index]
                if word.hasPrefix("-p"), !word.hasPrefix("--"), word.count > 2 {
                    secrets.insert(String(word.dropFirst(2)))
                } else if word.lowercased().hasPrefix("--password=") {
                    secrets.insert(String(word.dropFirst("--password=".count)))
                } else if word.lowercased() == "--ssl-mode", index + 1 < arguments.count {
                    // `--ssl-mode DISABLED`: the option's value as its own word.
                    rest.append("--ssl-mode=" + arguments[index + 1])
                    index += 1
                } else {
                    rest.append(word)
                }
                index += 1
            }
            if let password = environment["MYSQL_PWD"] { secrets.insert(password) }
            return ParsedConnection(family: .mysqlCLI, scheme: program, words: rest, display: text)
        }
        if postgresTools.contains(program) {
            // Connection settings: a conninfo or URI argument (also after -d/--dbname), and PG* variables.
            var settings: [String: String] = [:]
            for (name, value) in environment where name.hasPrefix("PG") {
                let key = [
                    "PGSSLMODE": "sslmode", "PGSSLROOTCERT": "sslrootcert", "PGSSLNEGOTIATION": "sslnegotiation", "PGGSSENCMODE": "gssencmode",
                ][name]
                if let key { settings[key] = value }
                if name == "PGPASSWORD" { secrets.insert(value) }
            }
            for word in arguments {
                let candidate = word.hasPrefix("--dbname=") ? String(word.dropFirst(9)) : word
                if let url = URLParts(candidate, secrets: &secrets), url.scheme.hasPrefix("postgres") {
                    settings.merge(url.settings) { _, new in new }
                } else if candidate.contains("="), let conninfo = conninfo(candidate, secrets: &secrets) {
                    settings.merge(conninfo) { _, new in new }
                }
            }
            return ParsedConnection(family: .libpq, settings: settings, scheme: program, display: text)
        }
        switch program {
        case "sqlcmd":
            var settings: [String: String] = [:]
            for (index, word) in arguments.enumerated() {
                if word == "-C" { settings["trustservercertificate"] = "true" }
                if word.hasPrefix("-N") {
                    let value =
                        word.count > 2
                        ? String(word.dropFirst(2))
                        : (index + 1 < arguments.count && !arguments[index + 1].hasPrefix("-") ? arguments[index + 1] : "m")
                    settings["encrypt"] = ["s": "strict", "m": "mandatory", "o": "optional", "t": "mandatory"][value.lowercased()] ?? value
                }
                if word == "-P", index + 1 < arguments.count { secrets.insert(arguments[index + 1]) }
            }
            return ParsedConnection(family: .sqlserver, settings: settings, scheme: program, display: text)
        case "mongosh", "mongo", "mongodump", "mongorestore", "mongoexport", "mongoimport":
            var settings: [String: String] = [:]
            for (index, word) in arguments.enumerated() {
                if let url = URLParts(word, secrets: &secrets), url.scheme.hasPrefix("mongodb") {
                    settings.merge(url.settings) { _, new in new }
                    // mongodb+srv:// implies TLS.
                    if url.scheme.hasSuffix("+srv") { settings["tls"] = settings["tls"] ?? "true" }
                }
                let option = word.lowercased().drop { $0 == "-" }
                switch option {
                case "tls", "ssl": settings["tls"] = "true"
                case "tlsallowinvalidcertificates", "sslallowinvalidcertificates": settings["tlsallowinvalidcertificates"] = "true"
                case "tlsallowinvalidhostnames", "sslallowinvalidhostnames": settings["tlsallowinvalidhostnames"] = "true"
                case "tlsinsecure": settings["tlsinsecure"] = "true"
                case "password", "p": if index + 1 < arguments.count { secrets.insert(arguments[index + 1]) }
                default: if option.hasPrefix("password=") { secrets.insert(String(option.dropFirst(9))) }
                }
            }
            return ParsedConnection(family: .mongodb, settings: settings, scheme: "mongodb", display: text)
        case "redis-cli", "valkey-cli":
            var settings: [String: String] = [:]
            var tls = false
            for (index, word) in arguments.enumerated() {
                switch word {
                case "--tls": tls = true
                case "--insecure": settings["ssl_cert_reqs"] = "none"
                case "-a", "--pass", "--askpass": if word != "--askpass", index + 1 < arguments.count { secrets.insert(arguments[index + 1]) }
                case "-u":
                    if index + 1 < arguments.count, let url = URLParts(arguments[index + 1], secrets: &secrets) {
                        tls = tls || url.scheme == "rediss"
                    }
                default: break
                }
            }
            if let password = environment["REDISCLI_AUTH"] { secrets.insert(password) }
            return ParsedConnection(family: .redis, settings: settings, scheme: tls ? "rediss" : "redis", display: text)
        default:
            return nil
        }
    }

    /// POSIX shell words: quotes and backslashes as the shell reads them; nil for an unbalanced quote.
    static func shellWords(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\\":
                escaped = true
                inWord = true
            case "'", "\"":
                quote = character
                inWord = true
            case _ where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil else { return nil }
        if inWord { words.append(current) }
        return words
    }
}
