public import DatabaseTLS
import Foundation

/// A database to scan: `postgresql://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=FILE`, or the
/// same shape with `mysql://` or `mariadb://`. The password never comes from the URL (it would land
/// in shell histories and process listings): `PasswordSource` supplies it.
public struct ScanTarget: Sendable, Hashable {
    public enum Engine: String, Sendable, Codable, CaseIterable {
        case postgres
        case mariadb
    }

    public enum TLSMode: String, Sendable, Codable {
        /// Chain and host name verified by PHIGuard's own verifier before the driver connects, and by
        /// the driver again with the same roots.
        case verifyFull = "verify-full"
        /// Plain TCP: refused except on a loopback address.
        case disable
    }

    public var engine: Engine
    public var host: String
    public var port: Int
    public var user: String
    public var database: String?
    public var tlsMode: TLSMode
    /// PEM roots to verify the server with; nil: the system trust store.
    public var rootCertificate: String?
    /// The password, filled in by `PasswordSource`; never printed.
    public var password: String?

    /// The URL as shown in reports: no password, the user kept.
    public var displayURL: String {
        let scheme = engine == .postgres ? "postgresql" : "mariadb"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(user)@\(hostPart):\(port)/\(database ?? "")"
    }

    /// `host:port/database` as a stable key (baselines are kept per target).
    public var key: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(engine.rawValue)://\(hostPart):\(port)/\(database ?? "")"
    }

    public init(url text: String) throws(ScanError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw ScanError(.invalidTarget, "`\(ConnectionStringMasking.mask(text))` is not a URL: expected postgresql://USER@HOST:PORT/DB")
        }
        switch scheme {
        case "postgres", "postgresql": engine = .postgres
        case "mysql", "mariadb": engine = .mariadb
        default:
            throw ScanError(.invalidTarget, "unknown scheme `\(scheme)`: expected postgresql://, mysql:// or mariadb://")
        }
        guard components.password == nil else {
            throw ScanError(
                .passwordInURL, "do not put the password in the URL; use PHIGUARD_DB_PASSWORD, --password-file or a pgpass-style file")
        }
        guard var host = components.host, !host.isEmpty else {
            throw ScanError(.invalidTarget, "`\(ConnectionStringMasking.mask(text))` names no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        port = components.port ?? (engine == .postgres ? 5432 : 3306)
        guard (1...65535).contains(port) else { throw ScanError(.invalidTarget, "port \(port) is out of range") }
        user = components.user ?? (engine == .postgres ? "postgres" : "root")
        let path = components.path.drop { $0 == "/" }
        database = path.isEmpty ? (engine == .postgres ? "postgres" : nil) : String(path)
        var mode = TLSMode.verifyFull
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name.lowercased() {
            case "sslmode", "ssl-mode":
                switch value.lowercased() {
                case "verify-full", "verify_identity": mode = .verifyFull
                case "disable", "disabled": mode = .disable
                default:
                    throw ScanError(
                        .invalidTarget,
                        "sslmode `\(value)` is not supported: use verify-full (the scan sends a password and reads the catalog), or disable on loopback"
                    )
                }
            case "sslrootcert", "ssl-ca", "sslca":
                rootCertificate = value
            default:
                throw ScanError(.invalidTarget, "unknown URL parameter `\(item.name)`: the scan takes sslmode and sslrootcert")
            }
        }
        if mode == .disable, !Self.isLoopback(host) {
            throw ScanError(.insecureTarget, "sslmode=disable is allowed only to a loopback address; \(host) needs sslmode=verify-full")
        }
        tlsMode = mode
        if let rootCertificate, !FileManager.default.isReadableFile(atPath: rootCertificate) {
            throw ScanError(.fileUnreadable, "sslrootcert `\(rootCertificate)` cannot be read")
        }
    }

    static func isLoopback(_ host: String) -> Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }

    /// The endpoint PHIGuard's TLS verifier checks before the driver connects.
    public func tlsEndpoint() throws(ScanError) -> Endpoint {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        do {
            return try Endpoint(parsing: "\(engine == .postgres ? "postgres" : "mysql")://\(hostPart):\(port)")
        } catch {
            throw ScanError(.invalidTarget, error.message)
        }
    }
}

/// Where passwords come from: `PHIGUARD_DB_PASSWORD`, or a file that holds either one password on
/// its first line or pgpass lines (`host:port:database:user:password`, `*` for any field, `\:` and
/// `\\` escaped), so that one file serves several targets.
public struct PasswordSource: Sendable {
    public var environmentPassword: String?
    public var fileText: String?

    public init(environmentPassword: String?, fileText: String?) {
        self.environmentPassword = environmentPassword
        self.fileText = fileText
    }

    public func password(for target: ScanTarget) -> String? {
        guard let fileText else { return environmentPassword }
        let lines = fileText.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let entries = lines.map(Self.pgpassFields)
        if entries.allSatisfy({ $0.count == 5 }) && !entries.isEmpty {
            for fields in entries {
                let wanted = [target.host, String(target.port), target.database ?? "*", target.user]
                if zip(fields.prefix(4), wanted).allSatisfy({ $0.0 == "*" || $0.0 == $0.1 }) { return fields[4] }
            }
            return environmentPassword
        }
        return lines.first
    }

    static func pgpassFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
