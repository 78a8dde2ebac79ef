import CMariaDB
import Foundation

/// MariaDB (and MySQL) through MariaDB Connector/C from Debian. The connector blocks, so every call
/// runs on the session's own serial queue, never on Swift's cooperative pool. The `MYSQL` handle is
/// owned by this class and closed in `deinit`.
final class MariaDBSession: CatalogSession, @unchecked Sendable {
    /// Touched only on `queue`.
    private let handle: UnsafeMutablePointer<MYSQL>
    private let queue: DispatchQueue
    let serverVersion: String

    private init(handle: UnsafeMutablePointer<MYSQL>, queue: DispatchQueue) {
        self.handle = handle
        self.queue = queue
        serverVersion = String(cString: mysql_get_server_info(handle))
    }

    deinit { mysql_close(handle) }

    /// `mysql_library_init` is not thread-safe: run it once before any handle is made.
    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    static func open(_ target: ScanTarget, timeoutSeconds: Int) async throws(ScanError) -> MariaDBSession {
        let queue = DispatchQueue(label: "phiguard.db-scan.mariadb")
        let result: Result<MariaDBSession, ScanError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: connect(target, timeoutSeconds: timeoutSeconds, queue: queue)) }
        }
        return try result.get()
    }

    private static func connect(_ target: ScanTarget, timeoutSeconds: Int, queue: DispatchQueue) -> Result<MariaDBSession, ScanError> {
        guard libraryReady, let handle = mysql_init(nil) else {
            return .failure(ScanError(.connectFailed, "the MariaDB client library could not start"))
        }
        var timeout = UInt32(timeoutSeconds)
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        var readTimeout = UInt32(120)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        // TCP even for `localhost`, which the connector would otherwise take as its Unix socket.
        var tcp = MYSQL_PROTOCOL_TCP.rawValue
        mysql_options(handle, MYSQL_OPT_PROTOCOL, &tcp)
        // Never read a client option file: what is checked is what the URL says.
        if target.tlsMode == .verifyFull {
            var on: my_bool = 1
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on)
            mysql_options(handle, MARIADB_OPT_TLS_VERSION, "TLSv1.2,TLSv1.3")
            if let root = target.rootCertificate {
                mysql_options(handle, MYSQL_OPT_SSL_CA, root)
            } else {
                mysql_options(handle, MYSQL_OPT_SSL_CAPATH, "/etc/ssl/certs")
            }
        }
        let connected = mysql_real_connect(
            handle, target.host, target.user, target.password, target.database, UInt32(target.port), nil, 0)
        guard connected != nil else {
            let message = String(cString: mysql_error(handle))
            mysql_close(handle)
            return .failure(ScanError(.connectFailed, "cannot log in to \(target.host):\(target.port) as `\(target.user)`: \(message)"))
        }
        if target.tlsMode == .verifyFull, mysql_get_ssl_cipher(handle) == nil {
            mysql_close(handle)
            return .failure(ScanError(.tlsVerificationFailed, "the connection to \(target.host):\(target.port) is not encrypted"))
        }
        let session = MariaDBSession(handle: handle, queue: queue)
        _ = session.run("SET SESSION TRANSACTION READ ONLY")
        _ = session.run("SET SESSION max_statement_time = 60")
        return .success(session)
    }

    func rows(_ sql: String) async throws(QueryFailure) -> [[String?]] {
        // Several statements (one per identifier class) are separated by `;` at a line end.
        let statements = sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let result: Result<[[String?]], QueryFailure> = await withCheckedContinuation { continuation in
            queue.async {
                var all: [[String?]] = []
                for statement in statements {
                    switch self.run(statement) {
                    case .success(let rows): all += rows
                    case .failure(let failure):
                        continuation.resume(returning: .failure(failure))
                        return
                    }
                }
                continuation.resume(returning: .success(all))
            }
        }
        return try result.get()
    }

    /// One statement on the session's queue.
    private func run(_ sql: String) -> Result<[[String?]], QueryFailure> {
        let bytes = Array(sql.utf8)
        guard mysql_real_query(handle, bytes, UInt(bytes.count)) == 0 else { return .failure(failure()) }
        guard let result = mysql_store_result(handle) else {
            return mysql_field_count(handle) == 0 ? .success([]) : .failure(failure())
        }
        defer { mysql_free_result(result) }
        let width = Int(mysql_num_fields(result))
        var rows: [[String?]] = []
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            var cells: [String?] = []
            cells.reserveCapacity(width)
            for index in 0..<width {
                if let cell = row[index] {
                    cells.append(
                        String(decoding: UnsafeRawBufferPointer(start: cell, count: Int(lengths[index])), as: UTF8.self))
                } else {
                    cells.append(nil)
                }
            }
            rows.append(cells)
        }
        return .success(rows)
    }

    private func failure() -> QueryFailure {
        let code = Int32(mysql_errno(handle))
        let message = String(cString: mysql_error(handle))
        switch code {
        case 1142, 1143, 1227, 1044, 1045, 1370: return QueryFailure(kind: .notPermitted, message: message)
        case 1146, 1193, 1305, 1049, 1054: return QueryFailure(kind: .missing, message: message)
        default: return QueryFailure(kind: .failed, message: message)
        }
    }

    func close() async {
        // mysql_close runs in deinit, on whichever thread releases the last reference.
    }
}
