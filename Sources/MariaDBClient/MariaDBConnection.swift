import CMariaDB
public import Foundation

/// A server error or a connection failure: the server's error number (0 for the client's own
/// failures) and message. Never holds a password; SQL text is not repeated.
public struct MariaDBError: Error, Sendable, CustomStringConvertible {
    public let number: Int32
    public let message: String
    public var description: String { number == 0 ? message : "\(message) (\(number))" }

    /// Access to a table, column, privilege or database was refused.
    public var isPermissionDenied: Bool { [1142, 1143, 1227, 1044, 1045, 1370].contains(number) }
    /// The server has no such table, variable, function, database or column (MySQL vs MariaDB, versions).
    public var isMissing: Bool { [1146, 1193, 1305, 1049, 1054].contains(number) }
}

/// How to reach a server. TLS, when asked for, is enforced and verified (chain to `rootCertificate`
/// or the system store, host name), TLS 1.2 or 1.3, always over TCP (the connector would take
/// `localhost` as its Unix socket), never reading a client option file.
public struct MariaDBEndpoint: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String?
    public var verifyTLS: Bool
    public var rootCertificate: String?
    public var timeoutSeconds: Int

    public init(
        host: String, port: Int, user: String, password: String?, database: String?, verifyTLS: Bool, rootCertificate: String?,
        timeoutSeconds: Int = 10
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.verifyTLS = verifyTLS
        self.rootCertificate = rootCertificate
        self.timeoutSeconds = timeoutSeconds
    }
}

/// One MariaDB (or MySQL) connection through MariaDB Connector/C from Debian. The connector blocks,
/// so every call runs on the connection's own serial queue, never on Swift's cooperative pool. The
/// `MYSQL` handle is owned by this class and closed in `deinit`.
public final class MariaDBConnection: @unchecked Sendable {
    /// Touched only on `queue`.
    private let handle: UnsafeMutablePointer<MYSQL>
    private let queue: DispatchQueue
    public let serverVersion: String
    /// The negotiated cipher; nil on a plain connection.
    public let cipher: String?

    private init(handle: UnsafeMutablePointer<MYSQL>, queue: DispatchQueue) {
        self.handle = handle
        self.queue = queue
        serverVersion = String(cString: mysql_get_server_info(handle))
        cipher = mysql_get_ssl_cipher(handle).map { String(cString: $0) }
    }

    deinit { mysql_close(handle) }

    /// `mysql_library_init` is not thread-safe: run it once before any handle is made.
    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    public static func connect(_ endpoint: MariaDBEndpoint) async throws(MariaDBError) -> MariaDBConnection {
        let queue = DispatchQueue(label: "phiguard.mariadb")
        let result: Result<MariaDBConnection, MariaDBError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: connect(endpoint, queue: queue)) }
        }
        return try result.get()
    }

    private static func connect(_ endpoint: MariaDBEndpoint, queue: DispatchQueue) -> Result<MariaDBConnection, MariaDBError> {
        guard libraryReady, let handle = mysql_init(nil) else {
            return .failure(MariaDBError(number: 0, message: "the MariaDB client library could not start"))
        }
        var timeout = UInt32(endpoint.timeoutSeconds)
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        var readTimeout = UInt32(120)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var tcp = MYSQL_PROTOCOL_TCP.rawValue
        mysql_options(handle, MYSQL_OPT_PROTOCOL, &tcp)
        if endpoint.verifyTLS {
            var on: my_bool = 1
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on)
            mysql_options(handle, MARIADB_OPT_TLS_VERSION, "TLSv1.2,TLSv1.3")
            if let root = endpoint.rootCertificate {
                mysql_options(handle, MYSQL_OPT_SSL_CA, root)
            } else {
                mysql_options(handle, MYSQL_OPT_SSL_CAPATH, "/etc/ssl/certs")
            }
        }
        guard mysql_real_connect(handle, endpoint.host, endpoint.user, endpoint.password, endpoint.database, UInt32(endpoint.port), nil, 0) != nil
        else {
            let error = MariaDBError(number: Int32(mysql_errno(handle)), message: String(cString: mysql_error(handle)))
            mysql_close(handle)
            return .failure(error)
        }
        let connection = MariaDBConnection(handle: handle, queue: queue)
        if endpoint.verifyTLS, connection.cipher == nil {
            return .failure(MariaDBError(number: 0, message: "the connection is not encrypted"))
        }
        return .success(connection)
    }

    /// Runs statements one after another (a failure stops the rest) and returns the rows of all of them.
    public func query(_ statements: [String]) async throws(MariaDBError) -> [[String?]] {
        let result: Result<[[String?]], MariaDBError> = await withCheckedContinuation { continuation in
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

    public func query(_ sql: String) async throws(MariaDBError) -> [[String?]] { try await query([sql]) }

    /// One statement, on the connection's queue.
    private func run(_ sql: String) -> Result<[[String?]], MariaDBError> {
        let bytes = Array(sql.utf8)
        guard mysql_real_query(handle, bytes, UInt(bytes.count)) == 0 else { return .failure(lastError()) }
        guard let result = mysql_store_result(handle) else {
            return mysql_field_count(handle) == 0 ? .success([]) : .failure(lastError())
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
                    cells.append(String(decoding: UnsafeRawBufferPointer(start: cell, count: Int(lengths[index])), as: UTF8.self))
                } else {
                    cells.append(nil)
                }
            }
            rows.append(cells)
        }
        return .success(rows)
    }

    private func lastError() -> MariaDBError {
        MariaDBError(number: Int32(mysql_errno(handle)), message: String(cString: mysql_error(handle)))
    }

    /// A string literal for SQL, escaped by the connector for the connection's character set.
    public func literal(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var escaped = [CChar](repeating: 0, count: bytes.count * 2 + 1)
        let length = queue.sync {
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { mysql_real_escape_string(handle, &escaped, $0.baseAddress, UInt($0.count)) }
            }
        }
        return "'" + String(decoding: escaped.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) + "'"
    }
}
