import AccessModel
import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
import Operations
public import ServiceLifecycle
public import Store
import Synchronization
import UnixSignals

/// The policy-decision HTTP service: builds the router and the application and runs them with a
/// policy watcher and a SIGHUP handler, until SIGTERM or SIGINT, then drains the audit writer.
public struct PHIGuardService: Sendable {
    public let configuration: ServerConfiguration
    public let store: any PHIGuardStore
    let point: DecisionPoint
    let keys: KeyRing
    let throttle: FailureThrottle
    let credentials: CredentialDomain
    let operations: Operations
    /// The port actually bound (with `port: 0` the system picks it), for AuthZEN discovery.
    let boundPort = BoundPort()

    public init(configuration: ServerConfiguration, store: any PHIGuardStore) throws {
        try configuration.validate()
        self.configuration = configuration
        self.store = store
        var syncInterval: Duration?
        if configuration.auditDurability == .os { syncInterval = Duration.milliseconds(configuration.auditSyncMilliseconds) }
        let metrics = ServiceMetrics()
        point = try DecisionPoint(
            store: store, policiesPath: configuration.policies, metrics: metrics, auditSyncInterval: syncInterval,
            staleAfter: .milliseconds(configuration.staleAfterMilliseconds))
        let decisionPoint: DecisionPoint = self.point
        operations = Operations(
            store: store, authorizer: { decisionPoint.adminAuthorizer }, afterChange: { try decisionPoint.changeCommitted() })
        let keys = KeyRing(store: store)
        // A key revoked by another process (the CLI, another service) stops working here at once.
        decisionPoint.observeFeed { entry in if entry.entity == FeedEntry.apiKeyEntity { keys.invalidate(entry.entityID) } }
        self.keys = keys
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
        let configured = issuer
        ServiceRoutes(point: point, issuer: { configured ?? self.defaultIssuer }).register(on: router)
        let access = router.group("access/v1").add(
            middleware: RequireAPIKey(keys: keys, throttle: throttle, metrics: point.metrics, scopes: [.decide]))
        AuthZENRoutes(point: point, limits: limits).register(on: access)
        SearchRoutes(point: point, limits: limits).register(on: access)
        let admin = router.group("v1").add(
            middleware: RequireAPIKey(keys: keys, throttle: throttle, metrics: point.metrics, scopes: [.admin, .audit]))
        AdminRoutes(point: point, operations: operations, keys: keys, limits: limits).register(on: admin)
        // Identity providers and sign-in pages check new passwords with a `decide` key.
        let passwords = router.group("v1/passwords").add(
            middleware: RequireAPIKey(keys: keys, throttle: throttle, metrics: point.metrics, scopes: [.decide, .admin]))
        let credentialRoutes = CredentialRoutes(point: point, operations: operations, limits: limits, domain: credentials)
        credentialRoutes.registerPasswords(on: passwords)
        credentialRoutes.register(on: admin)
        routeMethods.record(router.routes)
        return router
    }

    /// The listener's own address: the configured host and the port actually bound.
    var defaultIssuer: String {
        let bound = boundPort.value.load(ordering: .relaxed)
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(configuration.tlsCertificate == nil ? "http" : "https")://\(host):\(bound != 0 ? bound : configuration.port)"
    }

    public func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        throws -> some ApplicationProtocol
    {
        let http = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))
        var server: HTTPServerBuilder = .http1KeepAliveAware(configuration: http)
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
            server = try .tls(
                .http1KeepAliveAware(configuration: http), tlsConfiguration: try Self.tlsConfiguration(certificate, key, configuration.tlsClientCA))
        }
        var app = Application(
            router: router(),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "PHIGuard"),
            onServerRunning: { [boundPort] channel in
                let port = channel.localAddress?.port ?? 0
                boundPort.value.store(port, ordering: .relaxed)
                await onServerRunning(port)
            },
            logger: logger)
        for service in backgroundServices(logger: logger) { app.addServices(service) }
        return app
    }

    /// The background work of a running service, for its service group: the audit writer, the
    /// change-feed follower, timed audit checkpoints and the policy watcher. Decisions wait on the
    /// audit writer, so whatever runs the router runs these too.
    public func backgroundServices(logger: Logger) -> [any Service] {
        var services: [any Service] = [
            AuditWriter(point: point, logger: logger),
            DirectoryFollower(point: point, poll: .milliseconds(configuration.feedPollMilliseconds), logger: logger),
            PolicyWatcher(point: point, pollSeconds: configuration.reloadPollSeconds, logger: logger),
        ]
        if configuration.checkpointSeconds > 0 {
            services.append(AuditCheckpointTimer(point: point, period: .seconds(configuration.checkpointSeconds), logger: logger))
        }
        return services
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

/// Follows the store's change feed: every `poll`, applies the directory changes that any process
/// committed (this service's admin API, the CLI, another service on the same database) to the
/// live engine. The reads run on the decision point's blocking executor, never on the cooperative
/// pool. A read that fails is logged once per failure streak; decisions fail closed once the feed
/// has not been read for the configured bound.
struct DirectoryFollower: Service {
    let point: DecisionPoint
    let poll: Duration
    let logger: Logger

    func run() async throws {
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await point.blocking.run { try point.catchUp() }
                if failing { logger.notice("directory change feed readable again", metadata: ["revision": "\(point.revision)"]) }
                failing = false
            } catch {
                if !failing { logger.error("directory change feed unreadable", metadata: ["error": .string(DecisionPoint.describe(error))]) }
                failing = true
            }
            try? await Task.sleep(for: poll)
        }
    }
}

/// Signs the audit chain's head every `period` when records were written since the last
/// checkpoint, so that deleting the newest records is caught by `audit verify` within one period
/// (what no checkpoint covers yet needs a witness outside the database: `audit checkpoint --export`).
struct AuditCheckpointTimer: Service {
    let point: DecisionPoint
    let period: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Shutdown ends the wait at once rather than after up to a period.
            guard (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: period) })) != nil else { break }
            do {
                _ = try await point.blocking.run { try point.store.writeCheckpointIfBehind(at: .now) }
            } catch {
                logger.error("audit checkpoint failed", metadata: ["error": .string(DecisionPoint.describe(error))])
            }
        }
    }
}

/// Runs the audit writer: starts its thread, and on graceful shutdown (after the server has
/// finished its in-flight requests) writes every queued record before the process exits.
struct AuditWriter: Service {
    let point: DecisionPoint
    let logger: Logger

    func run() async throws {
        point.audit.start()
        try? await gracefulShutdown()
        // Draining waits on the writer thread: on a thread of its own, not a cooperative one.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                point.audit.drainAndStop()
                done.resume()
            }
            thread.start()
        }
        logger.info("audit log flushed", metadata: ["records_written": .stringConvertible(point.audit.recordsWritten)])
    }
}

/// The listening port, shared by the copies of the service value.
final class BoundPort: Sendable {
    let value = Atomic<Int>(0)
}
