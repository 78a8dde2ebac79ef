/// What a database protocol exchanges in cleartext before TLS starts, byte for byte as in
/// `../shared/reference/db-tls.md` §2.
enum Preamble {
    /// The outcome of the cleartext exchange.
    enum Outcome: Equatable {
        /// Start the TLS handshake now.
        case startTLS
        /// The server does not offer TLS here: clients can only talk to it in cleartext.
        case tlsNotOffered(String)
    }

    /// Runs the cleartext exchange for `databaseProtocol` on a fresh connection.
    static func run(_ databaseProtocol: DatabaseProtocol, on connection: TCPConnection, peer: String) throws(TLSCheckError) -> Outcome {
        let outcome: Outcome
        switch databaseProtocol {
        case .postgresDirect, .tdsStrict, .directTLS:
            return .startTLS
        case .postgres:
            outcome = try postgres(connection, peer: peer)
        case .mysql:
            outcome = try mysql(connection, peer: peer)
        case .tds:
            outcome = try tdsPrelogin(connection, peer: peer)
        }
        // Nothing may sit between the server's answer and our ClientHello: bytes injected there
        // would be read as if they came over TLS (CVE-2021-23214, CVE-2021-23222).
        if outcome == .startTLS, connection.hasUnreadBytes {
            throw TLSCheckError(
                .protocolError, "\(peer) sent bytes after agreeing to TLS and before the handshake; a man in the middle could inject data there")
        }
        return outcome
    }

    // MARK: PostgreSQL

    /// Int32 length 8, Int32 80877103 (1234 << 16 | 5679). Never GSSENCRequest (80877104).
    static let postgresSSLRequest: [UInt8] = [0x00, 0x00, 0x00, 0x08, 0x04, 0xD2, 0x16, 0x2F]

    private static func postgres(_ connection: TCPConnection, peer: String) throws(TLSCheckError) -> Outcome {
        try connection.send(postgresSSLRequest)
        let reply = try connection.receive(exactly: 1)[0]
        switch reply {
        case UInt8(ascii: "S"): return .startTLS
        case UInt8(ascii: "N"): return .tlsNotOffered("the server answered N to SSLRequest: it does not accept TLS")
        case UInt8(ascii: "E"): throw TLSCheckError(.protocolError, "\(peer) answered SSLRequest with an error message")
        default: throw TLSCheckError(.protocolError, "\(peer) answered SSLRequest with byte 0x\(hex(reply)), not S or N: is it PostgreSQL?")
        }
    }

    // MARK: MySQL / MariaDB

    static let clientLongPassword: UInt32 = 0x0000_0001
    static let clientProtocol41: UInt32 = 0x0000_0200
    static let clientSSL: UInt32 = 0x0000_0800
    static let clientSecureConnection: UInt32 = 0x0000_8000

    private static func mysql(_ connection: TCPConnection, peer: String) throws(TLSCheckError) -> Outcome {
        let header = try connection.receive(exactly: 4)
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16
        guard length >= 1, length <= 1024 else {
            throw TLSCheckError(.protocolError, "\(peer) sent a \(length)-byte greeting; a MySQL HandshakeV10 is 1 to 1024 bytes: is it MySQL?")
        }
        let payload = try connection.receive(exactly: length)
        if payload[0] == 0xFF {
            let message = String(decoding: payload.dropFirst(3).filter { $0 >= 0x20 && $0 < 0x7F }.prefix(200), as: UTF8.self)
            throw TLSCheckError(.protocolError, "\(peer) refused the connection: \(message)")
        }
        guard payload[0] == 0x0A else {
            throw TLSCheckError(.protocolError, "\(peer) sent protocol version \(payload[0]) in its greeting, not 10: is it MySQL?")
        }
        let capabilities = try mysqlCapabilities(payload, peer: peer)
        guard capabilities & clientSSL != 0 else {
            return .tlsNotOffered("the server's greeting does not offer CLIENT_SSL: it does not accept TLS")
        }
        // SSLRequest: capabilities, max packet 16 MiB, utf8mb4, 23 zero bytes; sequence id 1.
        let requested = clientLongPassword | clientProtocol41 | clientSSL | clientSecureConnection
        var request: [UInt8] = [32, 0, 0, 1]
        request += littleEndian(requested) + littleEndian(UInt32(1 << 24)) + [0x2D] + [UInt8](repeating: 0, count: 23)
        try connection.send(request)
        return .startTLS
    }

    /// Reads the capability flags of a HandshakeV10 payload (low u16 after the filler, high u16 after charset and status).
    static func mysqlCapabilities(_ payload: [UInt8], peer: String) throws(TLSCheckError) -> UInt32 {
        guard let versionEnd = payload.dropFirst().firstIndex(of: 0) else {
            throw TLSCheckError(.protocolError, "\(peer) sent a greeting without a server version")
        }
        // version NUL, connection id (4), auth data (8), filler (1), caps low (2), charset (1), status (2), caps high (2)
        let low = versionEnd + 1 + 4 + 8 + 1
        guard payload.count >= low + 7 else {
            throw TLSCheckError(.protocolError, "\(peer) sent a truncated greeting")
        }
        let lowBits = UInt32(payload[low]) | UInt32(payload[low + 1]) << 8
        let highBits = UInt32(payload[low + 5]) | UInt32(payload[low + 6]) << 8
        return lowBits | highBits << 16
    }

    // MARK: SQL Server TDS 7.x

    static let tdsPreloginType: UInt8 = 0x12
    static let tdsResponseType: UInt8 = 0x04

    /// PRELOGIN with VERSION, ENCRYPTION (ENCRYPT_ON), INSTOPT, THREADID and MARS.
    static let tdsPreloginRequest: [UInt8] = {
        let table: [UInt8] = [
            0x00, 0x00, 26, 0x00, 6,  // VERSION
            0x01, 0x00, 32, 0x00, 1,  // ENCRYPTION
            0x02, 0x00, 33, 0x00, 1,  // INSTOPT
            0x03, 0x00, 34, 0x00, 4,  // THREADID
            0x04, 0x00, 38, 0x00, 1,  // MARS
            0xFF,
        ]
        let data: [UInt8] = [0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        return tdsPacket(type: tdsPreloginType, payload: table + data, packetID: 1)
    }()

    static func tdsPacket(type: UInt8, payload: [UInt8], packetID: UInt8) -> [UInt8] {
        let length = payload.count + 8
        return [type, 0x01, UInt8(length >> 8), UInt8(length & 0xFF), 0x00, 0x00, packetID, 0x00] + payload
    }

    /// Reads one TDS packet of one of the `expected` types and returns its payload. The type
    /// is checked before the length is trusted, so a server speaking another protocol fails at once.
    static func readTDSPacket(_ connection: TCPConnection, expected: Set<UInt8>, peer: String) throws(TLSCheckError) -> [UInt8] {
        let header = try connection.receive(exactly: 8)
        guard expected.contains(header[0]) else {
            throw TLSCheckError(.protocolError, "\(peer) sent TDS packet type 0x\(hex(header[0])), not PRELOGIN: is it SQL Server?")
        }
        let length = Int(header[2]) << 8 | Int(header[3])
        guard length >= 8, length <= 32_768 else {
            throw TLSCheckError(.protocolError, "\(peer) sent a TDS packet of length \(length): is it SQL Server?")
        }
        return try connection.receive(exactly: length - 8)
    }

    private static func tdsPrelogin(_ connection: TCPConnection, peer: String) throws(TLSCheckError) -> Outcome {
        try connection.send(tdsPreloginRequest)
        let payload = try readTDSPacket(connection, expected: [tdsResponseType], peer: peer)
        guard let encryption = tdsOption(0x01, in: payload)?.first else {
            throw TLSCheckError(.protocolError, "\(peer) answered PRELOGIN without an ENCRYPTION option")
        }
        switch encryption & 0x7F {
        case 0x02: return .tlsNotOffered("the server answered ENCRYPT_NOT_SUP: it does not accept TLS")
        case 0x00, 0x01, 0x03: return .startTLS
        default: throw TLSCheckError(.protocolError, "\(peer) answered PRELOGIN with ENCRYPTION 0x\(hex(encryption))")
        }
    }

    /// The data of one PRELOGIN option, from the option table of `[token, offset BE, length BE]` entries.
    static func tdsOption(_ token: UInt8, in payload: [UInt8]) -> ArraySlice<UInt8>? {
        var index = 0
        while index + 5 <= payload.count, payload[index] != 0xFF {
            let offset = Int(payload[index + 1]) << 8 | Int(payload[index + 2])
            let length = Int(payload[index + 3]) << 8 | Int(payload[index + 4])
            if payload[index] == token {
                guard offset + length <= payload.count else { return nil }
                return payload[offset..<offset + length]
            }
            index += 5
        }
        return nil
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
