import Foundation
import Server
import Store
import Testing

@Suite("Service configuration")
struct ServerConfigurationTests {
    @Test("file, then environment, then flags; bad values name their source")
    func precedence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-config-\(UUID().uuidString).json")
        try #"{"port": 9000, "policies": "/etc/phiguard/Policies", "audit_durability": "os"}"#.write(to: file, atomically: true, encoding: .utf8)
        var configuration = ServerConfiguration()
        try configuration.load(file: file.path)
        try configuration.load(environment: ["PHIGUARD_PORT": "9001", "UNRELATED": "x"])
        try configuration.set("host", "0.0.0.0", source: "--host")
        #expect(configuration.port == 9001 && configuration.host == "0.0.0.0" && configuration.policies == "/etc/phiguard/Policies")
        #expect(configuration.auditDurability == .os)
        #expect(throws: ServerConfiguration.Problem.self) { try configuration.load(environment: ["PHIGUARD_PORT": "http"]) }
        #expect(throws: ServerConfiguration.Problem.self) { try configuration.set("colour", "blue", source: "test") }
        var tls = ServerConfiguration()
        tls.tlsCertificate = "cert.pem"
        #expect(throws: ServerConfiguration.Problem.self) { try tls.validate() }
    }

    @Test("with OS durability, decisions are in the database file before they are answered")
    func osDurability() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-os-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("db.sqlite").path
        let fixture = try ServerFixture()
        // A file store holding the fixture's directory.
        let store = try SQLiteStore(path: path, keysFolder: folder.appendingPathComponent("keys"), durability: .os)
        try store.importDirectory(try fixture.store.loadDirectory(), actor: "test", at: .now)
        let token = try store.createAPIKey(name: "t", scopes: [.decide], actor: "test", at: .now).token
        var configuration = ServerConfiguration()
        configuration.policies = fixture.policies.path
        configuration.reloadPollSeconds = 0
        configuration.auditDurability = .os
        let service = try PHIGuardService(configuration: configuration, store: store)
        try await HummingbirdTestingBridge.post(service, "/access/v1/evaluation", token: token, body: ServerFixture.readCardiology)
        // Another connection (another process would see the same) reads the record back.
        let reader = try SQLiteStore(path: path, keysFolder: folder.appendingPathComponent("keys"))
        #expect(try reader.auditRecords(after: 0, limit: 100).contains { $0.kind == .decision && $0.outcome == "allow" })
        try store.syncToDisk()
    }
}
