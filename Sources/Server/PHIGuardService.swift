import AccessModel
import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
public import Store
import UnixSignals

/// The policy-decision HTTP service: builds the router and the application and runs them with a
/// policy watcher and a SIGHUP handler, until SIGTERM or SIGINT, then drains the audit writer.
public struct PHIGuardService: Sendable {
    public let configuration: ServerConfiguration
    public let store: SQLiteStore
    let point: DecisionPoint
    let keys: KeyRing
    let throttle: FailureThrottle
    let credentials: CredentialDomain

    public init(configuration: ServerConfiguration, store: SQLiteStore) throws {
        try configuration.validate()
        self.configuration = configuration
        self.store = store
        var syncInterval: Duration?
        if configuration.auditDurability == .os { syncInterval = Duration.milliseconds(configuration.auditSyncMilliseconds) }
        let metrics = ServiceMetrics()
        point = try DecisionPoint(store: store, policiesPath: configuration.policies, metrics: metrics, auditSyncInterval: syncInterval)
        keys = KeyRing(store: store)
        throttle = FailureThrottle(limit: configuration.authenticationFailureLimit)
        credentials = CredentialDomain(
            policyFolder: configuration.policies, wordListFolder: configuration.wordlists, store: store,
            pepperFile: (configuration.keys as NSString).appendingPathComponent("password-pepper"))
    }

    /// The router, also what the in-process tests drive.
    public func router(issuer: String? = nil) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        let limits = configuration.limits
        let routeMethods = RouteMethods()
        router.add(middleware: EdgeMiddleware(metrics: point.metrics, routeMethods: routeMethods))
        ServiceRoutes(point: point, issuer: issuer ?? defaultIssuer).register(on: router)
        let access = router.group("access/v1").add(
            middleware: RequireAPIKey(keys: keys, throttle: throttle, metrics: point.metrics, scopes: [.decide]))
        AuthZENRoutes(point: point, limits: limits).register(on: access)
        SearchRoutes(point: point, limits: limits).register(on: access)
        let admin = router.group("v1").add(
            middleware: RequireAPIKey(keys: keys, throttle: throttle, metrics: point.metrics, scopes: [.admin, .audit]))
        AdminRoutes(point: point, keys: keys, limits: limits).register(on: admin)
        // Identity providers and sign-in pages check new passwords with a `decide` key.
        let passwords = router.group("v1/passwords").add(
            middleware: RequireAPIKey(keys: keys, throttle: throttle, metrics: point.metrics, scopes: [.decide, .admin]))
        let credentialRoutes = CredentialRoutes(point: point, limits: limits, domain: credentials)
        credentialRoutes.registerPasswords(on: passwords)
        credentialRoutes.register(on: admin)
        routeMethods.record(router.routes)
        return router
    }

    var defaultIssuer: String {
        "\(configuration.tlsCertificate == nil ? "http" : "https")://\(configuration.host):\(configuration.port)"
    }

    public func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        throws -> some ApplicationProtocol
    {
        let http = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))
        var server: HTTPServerBuilder = .http1(configuration: http)
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
            server = try .tls(.http1(configuration: http), tlsConfiguration: try Self.tlsConfiguration(certificate, key, configuration.tlsClientCA))
        }
        var app = Application(
            router: router(),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "PHIGuard"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        app.addServices(PolicyWatcher(point: point, pollSeconds: configuration.reloadPollSeconds, logger: logger))
        app.addServices(AuditDrain(point: point, logger: logger))
        return app
    }

    /// Runs until SIGTERM or SIGINT; in-flight requests finish and the audit log is flushed first.
    public func run(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(logger: logger, onServerRunning: onServerRunning).runService()
    }

    static func tlsConfiguration(_ certificate: String, _ key: String, _ clientCA: String?) throws -> TLSConfiguration {
        do {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            tls.minimumTLSVersion = .tlsv12
            if let clientCA {
                tls.trustRoots = .file(clientCA)
                tls.certificateVerification = .noHostnameVerification
            }
            return tls
        } catch {
            throw ServerConfiguration.Problem(message: "cannot load the listener's TLS certificate or key: \(error)")
        }
    }
}

/// Reloads `Policies/` when its files change, and on SIGHUP. A refused set is logged; the last
/// good set keeps serving.
struct PolicyWatcher: Service {
    let point: DecisionPoint
    let pollSeconds: Int
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() { reload(reason: "SIGHUP") }
            }
            if pollSeconds > 0 {
                group.addTask {
                    var last = PolicyWatcher.modificationStamp(point.policiesPath)
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        try? await Task.sleep(for: .seconds(pollSeconds))
                        let stamp = PolicyWatcher.modificationStamp(point.policiesPath)
                        if stamp != last {
                            last = stamp
                            reload(reason: "files changed")
                        }
                    }
                }
            }
            try await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func reload(reason: String) {
        do {
            let live = try point.reload(actor: "service")
            logger.info("policy set live", metadata: ["reason": .string(reason), "fingerprint": .string(live.fingerprint)])
        } catch {
            logger.error("policy set refused; the last good set keeps serving", metadata: ["reason": .string(reason), "error": .string("\(error)")])
        }
    }

    /// Names, sizes and modification times of the folder's files: cheap to compare every poll.
    static func modificationStamp(_ path: String) -> String {
        let manager = FileManager.default
        var parts: [String] = []
        for folder in [path, path + "/service"] {
            for name in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                let attributes = try? manager.attributesOfItem(atPath: folder + "/" + name)
                let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(folder)/\(name):\(attributes?[.size] ?? 0):\(modified)")
            }
        }
        return parts.joined(separator: "\n")
    }
}

/// On graceful shutdown (after the server has finished its in-flight requests), writes every
/// queued audit record before the process exits.
struct AuditDrain: Service {
    let point: DecisionPoint
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        point.audit.drainAndStop()
        logger.info("audit log flushed", metadata: ["records_written": .stringConvertible(point.audit.recordsWritten)])
    }
}
