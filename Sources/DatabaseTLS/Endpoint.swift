/// How a database protocol reaches TLS on its port.
public enum DatabaseProtocol: String, Sendable, Codable, CaseIterable {
    /// PostgreSQL SSLRequest, then TLS (every PostgreSQL version).
    case postgres
    /// PostgreSQL 17+ direct TLS: the ClientHello first, with ALPN `postgresql`.
    case postgresDirect = "postgres-direct"
    /// MySQL/MariaDB HandshakeV10 from the server, then an SSLRequest, then TLS.
    case mysql
    /// SQL Server TDS 7.x: PRELOGIN, then the handshake wrapped in PRELOGIN packets (TLS ≤ 1.2).
    case tds
    /// SQL Server TDS 8.0 strict: the ClientHello first, with ALPN `tds/8.0`.
    case tdsStrict = "tds-strict"
    /// TLS from the first byte (MongoDB, Redis `rediss://`, anything else).
    case directTLS = "tls"

    /// The ALPN protocol this handshake must offer, if any.
    var alpn: String? {
        switch self {
        case .postgresDirect: "postgresql"
        case .tdsStrict: "tds/8.0"
        default: nil
        }
    }

    /// TDS 7.x cannot carry TLS 1.3 inside PRELOGIN wrapping (the client's Finished leaves unwrapped).
    var capsAtTLS12: Bool { self == .tds }
}

/// One database endpoint to check, parsed from a URL such as `postgres://db.example.org:5432`.
public struct Endpoint: Sendable, Hashable, Codable {
    /// The URL as the user wrote it, with any password masked.
    public var url: String
    public var host: String
    public var port: Int
    public var databaseProtocol: DatabaseProtocol

    public init(url: String, host: String, port: Int, databaseProtocol: DatabaseProtocol) {
        self.url = url
        self.host = host
        self.port = port
        self.databaseProtocol = databaseProtocol
    }

    /// Schemes, their protocol and default port.
    static let schemes: [String: (DatabaseProtocol, Int)] = [
        "postgres": (.postgres, 5432), "postgresql": (.postgres, 5432),
        "mysql": (.mysql, 3306), "mariadb": (.mysql, 3306),
        "sqlserver": (.tds, 1433), "mssql": (.tds, 1433),
        "mongodb": (.directTLS, 27017), "rediss": (.directTLS, 6379), "tls": (.directTLS, 443),
    ]

    /// Parses `scheme://[user[:password]@]host[:port][/path][?query]`.
    ///
    /// The query selects a handshake variant: `sslnegotiation=direct` for PostgreSQL 17 direct TLS
    /// and `encrypt=strict` for SQL Server TDS 8. Everything else in the URL is ignored.
    public init(parsing text: String) throws(TLSCheckError) {
        let masked = ConnectionStringMasking.mask(text)
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw TLSCheckError(.invalidURL, "`\(masked)` is not a URL: expected scheme://host:port")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard let (defaultProtocol, defaultPort) = Self.schemes[scheme] else {
            let known = Self.schemes.keys.sorted().joined(separator: ", ")
            throw TLSCheckError(.unknownScheme, "unknown scheme `\(scheme)` in `\(masked)`; expected one of \(known)")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let authority = rest.prefix { $0 != "/" }
        let hostPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        let (host, port) = try Self.splitHostPort(hostPort, defaultPort: defaultPort, url: masked)

        var databaseProtocol = defaultProtocol
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.lowercased() }
            guard parts.count == 2 else { continue }
            switch (defaultProtocol, parts[0], parts[1]) {
            case (.postgres, "sslnegotiation", "direct"): databaseProtocol = .postgresDirect
            case (.tds, "encrypt", "strict"): databaseProtocol = .tdsStrict
            default: break
            }
        }
        self.init(url: masked, host: host, port: port, databaseProtocol: databaseProtocol)
    }

    private static func splitHostPort(_ text: Substring, defaultPort: Int, url: String) throws(TLSCheckError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw TLSCheckError(.invalidURL, "unterminated IPv6 literal in `\(url)`")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw TLSCheckError(.invalidURL, "unexpected text after the IPv6 literal in `\(url)`")
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw TLSCheckError(.invalidURL, "no host in `\(url)`") }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || "-._:%".contains($0) }), host.count <= 253 else {
            throw TLSCheckError(.invalidURL, "host `\(host)` in `\(url)` is not a valid name or address")
        }
        guard let portText else { return (String(host), defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw TLSCheckError(.invalidURL, "port `\(portText)` in `\(url)` is not a number from 1 to 65535")
        }
        return (String(host), port)
    }
}
