import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Store
import Testing

/// The listener with TLS and mutual TLS, over real handshakes with certificates made at test time.
@Suite("TLS listener")
struct TLSListenerTests {
    /// A fresh P-256 self-signed certificate and key for 127.0.0.1 (openssl CLI), in a temp folder.
    static func makeCertificate() throws -> (certificate: String, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl req failed")
        return (certificate, key)
    }

    static func service(tls: (certificate: String, key: String), clientCA: String? = nil) throws -> (PHIGuardService, ServerFixture) {
        let fixture = try ServerFixture()
        var configuration = ServerConfiguration()
        configuration.policies = fixture.policies.path
        configuration.port = 0
        configuration.reloadPollSeconds = 0
        configuration.tlsCertificate = tls.certificate
        configuration.tlsKey = tls.key
        configuration.tlsClientCA = clientCA
        return (try PHIGuardService(configuration: configuration, store: fixture.store), fixture)
    }

    @Test("an evaluation over HTTPS")
    func https() async throws {
        let (service, fixture) = try Self.service(tls: try Self.makeCertificate())
        try await service.application(logger: Logger(label: "test")).test(.ahc(.https)) { client in
            let response = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology)
            #expect(response.status == .ok)
            #expect(try json(response.body)["decision"] as? Bool == true)
        }
    }

    @Test("with a client CA, a client without a certificate is refused in the handshake, one with a certificate is served")
    func mutualTLSRefusesAnonymousClients() async throws {
        let tls = try Self.makeCertificate()
        let (service, fixture) = try Self.service(tls: tls, clientCA: tls.certificate)
        try await service.application(logger: Logger(label: "test")).test(.ahc(.https)) { client in
            await #expect(throws: (any Error).self) {
                _ = try await client.call(.post, "/access/v1/evaluation", token: fixture.decideToken, body: ServerFixture.readCardiology)
            }
            // A client presenting a certificate the CA signed (here the CA's own) gets through.
            let port = try #require(client.port)
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            curl.arguments = [
                "curl", "--silent", "--fail", "--max-time", "10", "--cacert", tls.certificate, "--cert", tls.certificate, "--key", tls.key,
                "https://127.0.0.1:\(port)/health",
            ]
            curl.standardOutput = FileHandle.nullDevice
            curl.standardError = FileHandle.nullDevice
            #expect(try await Self.exitStatus(running: curl) == 0)
        }
    }

    /// Runs `process` and waits for it without holding a thread of the cooperative pool: the server
    /// under test answers on those threads, and `waitUntilExit()` on one of them (two on a two-core
    /// machine) could starve it until curl timed out.
    static func exitStatus(running process: Process) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    @Test("a missing certificate file stops the start with a clear error")
    func missingCertificate() throws {
        let (service, _) = try Self.service(tls: ("/nonexistent/cert.pem", "/nonexistent/key.pem"))
        #expect(throws: ServerConfiguration.Problem.self) { _ = try service.application(logger: Logger(label: "test")) }
    }
}
