import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// A read-only catalog connection: every query result comes back as rows of text cells.
protocol CatalogSession: Sendable {
    /// The server's version string, as it reports it.
    var serverVersion: String { get async }
    func rows(_ sql: String) async throws(QueryFailure) -> [[String?]]
    func close() async
}

/// Why a rule's query gave no rows to judge.
struct QueryFailure: Error {
    enum Kind { case notPermitted, missing, failed }
    let kind: Kind
    /// The server's message (no values from tables).
    let message: String
}

/// PostgreSQL through postgres-nio. The session is read-only (`default_transaction_read_only`),
/// with statement and lock timeouts so a scan never waits behind a long DDL.
final class PostgresSession: CatalogSession {
    private static let logger = Logger(label: "phiguard.db-scan.postgres")
    private let connection: PostgresConnection
    let serverVersion: String

    private init(connection: PostgresConnection, serverVersion: String) {
        self.connection = connection
        self.serverVersion = serverVersion
    }

    static func open(_ target: ScanTarget, timeoutSeconds: Int) async throws(ScanError) -> PostgresSession {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch target.tlsMode {
            case .disable:
                tls = .disable
            case .verifyFull:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.minimumTLSVersion = .tlsv12
                settings.certificateVerification = .fullVerification
                if let root = target.rootCertificate { settings.trustRoots = .file(root) }
                tls = .require(try NIOSSLContext(configuration: settings))
            }
        } catch {
            throw ScanError(.fileUnreadable, "cannot load the TLS roots: \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password, database: target.database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(timeoutSeconds))
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw ScanError(.connectFailed, "cannot log in to \(target.host):\(target.port) as `\(target.user)`: \(describe(error))")
        }
        // One statement per query: the extended protocol takes no more.
        for statement in ["SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "SET statement_timeout = '60s'", "SET lock_timeout = '5s'"] {
            _ = try? await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        let session = PostgresSession(connection: connection, serverVersion: "")
        let version = (try? await session.rows("SELECT current_setting('server_version')"))?.first?.first ?? nil
        return PostgresSession(connection: connection, serverVersion: version ?? "")
    }

    func rows(_ sql: String) async throws(QueryFailure) -> [[String?]] {
        do {
            var result: [[String?]] = []
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
            for try await row in rows {
                var cells: [String?] = []
                for cell in row { cells.append(try cell.decode(String?.self)) }
                result.append(cells)
            }
            return result
        } catch let error as PSQLError {
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = Self.describe(error)
            switch state {
            case "42501": throw QueryFailure(kind: .notPermitted, message: message)
            case "42883", "42P01", "42704", "42703": throw QueryFailure(kind: .missing, message: message)
            default: throw QueryFailure(kind: .failed, message: message)
            }
        } catch {
            throw QueryFailure(kind: .failed, message: Self.describe(error))
        }
    }

    func close() async {
        try? await connection.close()
    }

    /// The server's message, never the query text.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
