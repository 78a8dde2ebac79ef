import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Store
import Testing

@Suite("The whole path over a real socket")
struct LiveServerTests {
    @Test("key creation, evaluation over loopback HTTP, audit record")
    func wholePath() async throws {
        let fixture = try ServerFixture()
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let created = try json(
                try await client.call(.post, "/v1/keys", token: fixture.adminToken, body: #"{"name":"live","scopes":["decide"]}"#).body)
            let token = try #require(created["token"] as? String)
            let response = try await client.call(.post, "/access/v1/evaluation", token: token, body: ServerFixture.readCardiology)
            #expect(response.status == .ok)
            let seq = try #require((try json(response.body)["context"] as? [String: Any])?["audit_record"] as? Int)
            let records = try fixture.store.auditRecords(after: Int64(seq - 1), limit: 1)
            #expect(records.first?.outcome == "allow")
            #expect(try fixture.store.verifyAudit().isIntact)
        }
    }

    @Test("a client that stops halfway through its body gets 408 request_timeout, and no decision is audited")
    func stalledBody() async throws {
        let fixture = try ServerFixture(bodyTimeoutSeconds: 1)
        let before = try fixture.store.auditRecords(after: 0, limit: 1_000).count
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let head = [
                "POST /access/v1/evaluation HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer \(fixture.decideToken)",
                "Content-Type: application/json", "Content-Length: \(ServerFixture.readCardiology.utf8.count)", "", "",
            ].joined(separator: "\r\n")
            // The wait is generous: in the full suite on two cores these tests finish after 30-52 s, alone in about 1 s.
            // Only the timeout path answers 408, so the wait bounds the test, not what it checks.
            let answer = await RawHTTPClient.exchange(port: port, send: head + ServerFixture.readCardiology.prefix(20), waitSeconds: 300)
            #expect(answer.text.hasPrefix("HTTP/1.1 408"))
            #expect(answer.text.contains("request_timeout"))
        }
        #expect(try fixture.store.auditRecords(after: 0, limit: 1_000).count == before)
    }
}

extension LiveServerTests {
    @Test("a client that stalls inside its request head is disconnected after the idle timeout")
    func stalledHead() async throws {
        let fixture = try ServerFixture(idleTimeoutSeconds: 1)
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let answer = await RawHTTPClient.exchange(port: port, send: "POST /access/v1/evaluation HTTP/1.1\r\nHost: 127.", waitSeconds: 300)
            // The server closed the connection (perhaps after a 4xx for the cut-off head); the client did not give up waiting.
            #expect(answer.closedByServer)
            #expect(answer.text.isEmpty || answer.text.hasPrefix("HTTP/1.1 4"))
        }
    }
}

extension LiveServerTests {
    @Test("a request that is not keep-alive (HTTP/1.0, or Connection: close) gets its connection closed after the answer")
    func connectionClose() async throws {
        let fixture = try ServerFixture()
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for head in ["GET /health/live HTTP/1.0\r\nHost: x\r\n\r\n", "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"] {
                let answer = await RawHTTPClient.exchange(port: port, send: head, waitSeconds: 300, untilClosed: true)
                #expect(answer.closedByServer, "\(head)")
                #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text)")
            }
        }
    }

    @Test("a chunked body with a broken chunk size is a 4xx, never a 500")
    func malformedChunks() async throws {
        let fixture = try ServerFixture()
        let app = try fixture.service.application(logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for size in ["zz", "ffffffffffffffff", "-1"] {
                let request = [
                    "POST /access/v1/evaluation HTTP/1.1", "Host: x", "Authorization: Bearer \(fixture.decideToken)",
                    "Content-Type: application/json",
                    "Transfer-Encoding: chunked", "", "\(size)", "{}", "0", "", "",
                ].joined(separator: "\r\n")
                let answer = await RawHTTPClient.exchange(port: port, send: request, waitSeconds: 300, untilClosed: true)
                #expect(!answer.text.hasPrefix("HTTP/1.1 5"), "\(size): \(answer.text)")
                #expect(answer.text.isEmpty || answer.text.hasPrefix("HTTP/1.1 4"), "\(size): \(answer.text)")
            }
        }
    }
}

/// A client that sends raw bytes and reads what comes back until a whole response has arrived, the
/// server closes, or `waitSeconds` pass. It blocks on a thread of its own: a blocked cooperative
/// thread could starve the server under test.
enum RawHTTPClient {
    struct Answer {
        var text: String
        /// The server closed the connection (a read returned end of file), as opposed to a full response or a timeout.
        var closedByServer: Bool
    }

    static func exchange(port: Int, send text: String, waitSeconds: Int, untilClosed: Bool = false) async -> Answer {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: blockingExchange(port: port, send: text, waitSeconds: waitSeconds, untilClosed: untilClosed))
            }
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, send text: String, waitSeconds: Int, untilClosed: Bool) -> Answer {
        let failed = Answer(text: "", closedByServer: false)
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return failed }
        defer { close(socketFD) }
        var timeout = timeval(tv_sec: waitSeconds, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return failed }
        let bytes = Array(text.utf8)
        guard Glibc.send(socketFD, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return failed }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var closed = false
        while true {
            let count = recv(socketFD, &buffer, buffer.count, 0)
            if count == 0 { closed = true }
            if count <= 0 { break }
            received += buffer[0..<count]
            // One response is all this client waits for: headers and a JSON body ending in a brace.
            if !untilClosed, let text = String(bytes: received, encoding: .utf8), text.contains("\r\n\r\n"), text.hasSuffix("}") { break }
        }
        return Answer(text: String(decoding: received, as: UTF8.self), closedByServer: closed)
    }
}
