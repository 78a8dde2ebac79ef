import Foundation
import MariaDBClient

/// MariaDB (and MySQL) catalog reads through `MariaDBClient`, read-only with a statement timeout.
final class MariaDBSession: CatalogSession {
    private let connection: MariaDBConnection
    var serverVersion: String { connection.serverVersion }

    private init(connection: MariaDBConnection) { self.connection = connection }

    static func open(_ target: ScanTarget, timeoutSeconds: Int) async throws(ScanError) -> MariaDBSession {
        let endpoint = MariaDBEndpoint(
            host: target.host, port: target.port, user: target.user, password: target.password, database: target.database,
            verifyTLS: target.tlsMode == .verifyFull, rootCertificate: target.rootCertificate, timeoutSeconds: timeoutSeconds)
        let connection: MariaDBConnection
        do {
            connection = try await MariaDBConnection.connect(endpoint)
        } catch {
            throw ScanError(.connectFailed, "cannot log in to \(target.host):\(target.port) as `\(target.user)`: \(error.message)")
        }
        _ = try? await connection.query(["SET SESSION TRANSACTION READ ONLY", "SET SESSION max_statement_time = 60"])
        return MariaDBSession(connection: connection)
    }

    func rows(_ sql: String) async throws(QueryFailure) -> [[String?]] {
        // Several statements (one per identifier class) are separated by `;` at a line end.
        let statements = sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        do {
            return try await connection.query(statements)
        } catch {
            let kind: QueryFailure.Kind = error.isPermissionDenied ? .notPermitted : (error.isMissing ? .missing : .failed)
            throw QueryFailure(kind: kind, message: error.message)
        }
    }

    func close() async {}
}
