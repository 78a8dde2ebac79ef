import ArgumentParser
import Foundation
import Logging
import Server
import Store

/// `phiguard serve`: the policy-decision HTTP service (AuthZEN 1.0 and the admin API).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the policy-decision HTTP service on 127.0.0.1:8180 (AuthZEN 1.0, admin API, /health, /metrics).",
        discussion: """
            Settings come from defaults, then --config FILE (JSON), then PHIGUARD_* environment variables, then flags. \
            On first start with no API key, a bootstrap key with every scope is created and printed once. See docs/server.md.
            """)

    @Option(help: "JSON configuration file (keys as in docs/server.md).") var config: String?
    @Option(help: "Listen address (default 127.0.0.1).") var host: String?
    @Option(help: "Listen port (default 8180; 0 picks a free port).") var port: Int?
    @Option(help: "SQLite database file (default var/phiguard.sqlite).") var database: String?
    @Option(help: "Folder of the audit keys (default var/keys).") var keys: String?
    @Option(help: "Policy folder (default Policies).") var policies: String?
    @Option(help: "Word-list folder of the password checks (default var/wordlists).") var wordlists: String?
    @Option(help: "TLS certificate chain (PEM) for the listener.") var tlsCertificate: String?
    @Option(help: "TLS private key (PEM).") var tlsKey: String?
    @Option(help: "CA (PEM) whose client certificates are required (mutual TLS).") var tlsClientCA: String?
    @Option(help: "File to write the bound port to once listening (for scripts and tests).") var portFile: String?

    func run() async throws {
        var settings = ServerConfiguration()
        do {
            if let config { try settings.load(file: config) }
            try settings.load(environment: ProcessInfo.processInfo.environment)
            let flags: [(String, String?)] = [
                ("host", host), ("port", port.map(String.init)), ("database", database), ("keys", keys), ("policies", policies),
                ("wordlists", wordlists),
                ("tls_certificate", tlsCertificate), ("tls_key", tlsKey), ("tls_client_ca", tlsClientCA),
            ]
            for (key, value) in flags { if let value { try settings.set(key, value, source: "--\(key.replacingOccurrences(of: "_", with: "-"))") } }
            try settings.validate()
        } catch {
            throw CLIError(code: "invalid_configuration", message: error.message).report()
        }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "phiguard")
        let store: any PHIGuardStore
        let service: PHIGuardService
        do {
            try FileManager.default.createDirectory(
                atPath: (settings.database as NSString).deletingLastPathComponent.isEmpty
                    ? "." : (settings.database as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            store = try openStore(
                path: settings.database, keysFolder: URL(fileURLWithPath: settings.keys), durability: settings.auditDurability)
            service = try PHIGuardService(configuration: settings, store: store)
            if try store.apiKeys().isEmpty {
                let created = try store.createAPIKey(name: "bootstrap", scopes: [.admin, .audit, .decide], actor: "bootstrap", at: .now)
                // Printed once, to stdout only: the database keeps just its hash.
                FileHandle.standardOutput.write(
                    Data(
                        """
                        Bootstrap API key (shown once; scopes admin, audit, decide):
                          \(created.token)
                        Create narrower keys with `phiguard keys create` or POST /v1/keys, then revoke this one.

                        """.utf8))
            }
        } catch {
            throw CLIError(domainError: error).report()
        }
        let portFile = portFile
        let address = "\(settings.tlsCertificate == nil ? "http" : "https")://\(settings.host)"
        // Lines still queued are written before exit (for at most a few seconds, see `LogSink`).
        defer { JSONLogHandler.flush() }
        try await service.run(logger: logger) { port in
            FileHandle.standardOutput.write(Data("PHIGuard listening on \(address):\(port)\n".utf8))
            if let portFile { try? String(port).write(toFile: portFile, atomically: true, encoding: .utf8) }
        }
    }
}
