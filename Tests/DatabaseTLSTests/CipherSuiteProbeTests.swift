import Testing

@testable import DatabaseTLS

/// The suite probe's own bytes: the ClientHello it builds and the ServerHello it reads, across
/// record and packet boundaries, without a server.
@Suite("Suite probe wire format")
struct CipherSuiteProbeTests {
    /// A ServerHello record choosing `suite`, with a 32-byte session id.
    static func serverHello(suite: UInt16) -> [UInt8] {
        let version: [UInt8] = [0x03, 0x03]
        let random = [UInt8](repeating: 7, count: 32)
        let sessionID: [UInt8] = [32] + [UInt8](repeating: 9, count: 32)
        let body = version + random + sessionID + [UInt8(suite >> 8), UInt8(suite & 0xFF), 0x00]
        let handshake: [UInt8] = [0x02, 0x00, 0x00, UInt8(body.count)] + body
        return [0x16, 0x03, 0x03, 0x00, UInt8(handshake.count)] + handshake
    }

    @Test("a ServerHello's suite is read whole or split at any byte")
    func splitServerHello() throws {
        let record = Self.serverHello(suite: 0xC006)
        for split in 1..<record.count {
            var reader = TLSRecordReader()
            let first = try reader.feed(Array(record[..<split]), peer: "test")
            let progress = first == .needMore ? try reader.feed(Array(record[split...]), peer: "test") : first
            #expect(progress == .chose(suite: 0xC006, version: 0x0303), "split at \(split)")
        }
    }

    @Test("an alert is a refusal; bytes that are not TLS are a protocol error")
    func refusalsAndGarbage() throws {
        var alert = TLSRecordReader()
        #expect(try alert.feed([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40], peer: "test") == .refused)
        var http = TLSRecordReader()
        #expect(throws: TLSCheckError.self) { try http.feed(Array("HTTP/1.1 400 Bad Request\r\n".utf8), peer: "test") }
        var certificate = TLSRecordReader()
        #expect(throws: TLSCheckError.self) { try certificate.feed([0x16, 0x03, 0x03, 0x00, 0x04, 0x0B, 0x00, 0x00, 0x00], peer: "test") }
    }

    @Test("the ClientHello offers exactly the given suites, TLS 1.2, SNI only for names, and the ALPN asked for")
    func clientHello() {
        let hello = ClientHello.bytes(suites: [0xC006, 0x0001], serverName: "db.example.org", alpn: "tds/8.0")
        #expect(Array(hello[0..<3]) == [0x16, 0x03, 0x01])
        #expect(Int(hello[3]) << 8 | Int(hello[4]) == hello.count - 5)
        #expect(hello[5] == 0x01)
        #expect(Array(hello[9..<11]) == [0x03, 0x03])
        // random (32), empty session id, then the suites with the renegotiation SCSV last.
        #expect(hello[43] == 0)
        #expect(Array(hello[44..<52]) == [0x00, 0x06, 0xC0, 0x06, 0x00, 0x01, 0x00, 0xFF])
        let text = String(decoding: hello, as: UTF8.self)
        #expect(text.contains("db.example.org") && text.contains("tds/8.0"))
        let byAddress = ClientHello.bytes(suites: [0xC006], serverName: "127.0.0.1", alpn: nil)
        #expect(!String(decoding: byAddress, as: UTF8.self).contains("127.0.0.1"))
    }
}
