public import AccessModel
public import Credentials
public import Foundation
import Logging
import MariaDBClient
import NIOSSL
import PostgresNIO
public import Store

/// A failed rotation step, with a stable code. `restored` tells whether the old password was put back
/// (it always is when the role was changed and a later step failed).
public struct RotationError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var oldPasswordWorks: Bool
    public var description: String { "\(code): \(message)" }
}

/// Where a rotated secret goes: a file created with mode 0600 (written to a temporary name, synced,
/// then renamed), or a program's standard input. Nothing else ever sees it.
public enum SecretSink: Sendable {
    case file(String)
    case command([String])

    /// `file:PATH` or `command:PROGRAM ARG…` (no shell).
    public init(parsing text: String) throws(RotationError) {
        if text.hasPrefix("file:"), text.count > 5 {
            self = .file(String(text.dropFirst(5)))
        } else if text.hasPrefix("command:") {
            let words = text.dropFirst(8).split(separator: " ").map(String.init)
            guard let program = words.first, program.hasPrefix("/") else {
                throw RotationError(code: "invalid_sink", message: "`command:` needs an absolute program path", oldPasswordWorks: true)
            }
            self = .command(words)
        } else {
            throw RotationError(
                code: "invalid_sink", message: "the secret sink must be `file:PATH` or `command:/PROGRAM ARG…`", oldPasswordWorks: true)
        }
    }

    func deliver(_ secret: String) throws {
        switch self {
        case .file(let path):
            let folder = (path as NSString).deletingLastPathComponent
            let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw DeliveryError(code: "sink_failed", message: "cannot create `\(temporary)` (mode 0600): \(String(cString: strerror(errno)))")
            }
            let bytes = Array((secret + "\n").utf8)
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            let synced = fsync(descriptor) == 0
            close(descriptor)
            guard written == bytes.count, synced, rename(temporary, path) == 0 else {
                unlink(temporary)
                throw DeliveryError(code: "sink_failed", message: "cannot write the secret to `\(path)`")
            }
        case .command(let words):
            let result = try ChildProcess.run(words, input: Data((secret + "\n").utf8), timeout: 60, captureOutput: false)
            guard result.status == 0 else {
                // Its output is not repeated: it may echo what it was given.
                throw DeliveryError(code: "sink_failed", message: "`\(words[0])` \(result.timedOut ? "timed out" : "exited with \(result.status)")")
            }
        }
    }
}

/// How to reach the server as an administrator: `postgres://USER@HOST:PORT/DB?sslmode=…&sslrootcert=…`,
/// or `mariadb://` / `mysql://` in the same shape (the password comes from elsewhere: never from a
/// URL that could land in a shell history).
public struct PostgresAdminTarget: Sendable {
    /// A MariaDB or MySQL server (`MariaDBAccountRotator`), not PostgreSQL.
    public var isMariaDB: Bool
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String?
    public var sslMode: String
    public var rootCertificate: String?

    public init(url text: String, password: String?) throws(RotationError) {
        let scheme = URLComponents(string: text)?.scheme?.lowercased() ?? ""
        guard let components = URLComponents(string: text), ["postgres", "postgresql", "mariadb", "mysql"].contains(scheme),
            let host = components.host, !host.isEmpty
        else {
            throw RotationError(
                code: "invalid_target", message: "expected postgres://USER@HOST:PORT/DATABASE or mariadb://USER@HOST:PORT/", oldPasswordWorks: true)
        }
        isMariaDB = scheme == "mariadb" || scheme == "mysql"
        if components.password != nil {
            throw RotationError(
                code: "password_in_url", message: "do not put the admin password in the URL; use PHIGUARD_PG_ADMIN_PASSWORD or a password file",
                oldPasswordWorks: true)
        }
        self.host = host
        port = components.port ?? (isMariaDB ? 3306 : 5432)
        let path = components.path.drop { $0 == "/" }
        database = path.isEmpty ? (isMariaDB ? "" : "postgres") : String(path)
        user = components.user ?? (isMariaDB ? "root" : "postgres")
        self.password = password
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        sslMode = query["sslmode"] ?? "verify-full"
        rootCertificate = query["sslrootcert"]
        guard ["disable", "require", "verify-full"].contains(sslMode) else {
            throw RotationError(code: "invalid_target", message: "sslmode must be disable, require or verify-full", oldPasswordWorks: true)
        }
        if sslMode == "disable", !Self.isLoopback(host) {
            throw RotationError(
                code: "insecure_target", message: "sslmode=disable is only allowed to a loopback address; use sslmode=verify-full",
                oldPasswordWorks: true)
        }
    }

    static func isLoopback(_ host: String) -> Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }

    /// The MariaDB endpoint for `user`: TLS enforced and verified unless sslmode=disable (loopback only).
    /// `require` (encrypt without verifying) has no MariaDB equivalent here and verifies as well.
    func mariaDBEndpoint(user: String, password: String?) -> MariaDBEndpoint {
        MariaDBEndpoint(
            host: host, port: port, user: user, password: password, database: database.isEmpty ? nil : database, verifyTLS: sslMode != "disable",
            rootCertificate: rootCertificate)
    }

    func configuration(user: String, password: String?) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable":
            tls = .disable
        default:
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.minimumTLSVersion = .tlsv12
            if sslMode == "require" {
                settings.certificateVerification = .none
            } else if let rootCertificate {
                settings.trustRoots = .file(rootCertificate)
            }
            tls = .require(try NIOSSLContext(configuration: settings))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}

/// Rotates a PostgreSQL login: generate a password the class's profile accepts, send only its SCRAM
/// verifier (`ALTER ROLE … PASSWORD 'SCRAM-SHA-256$…' VALID UNTIL …`), log in with it, hand it to the
/// sink, record the rotation. The role's previous verifier and expiry are read first and restored
/// byte for byte if logging in or the sink fails, so a failed rotation leaves the old password working.
public struct PostgresRoleRotator {
    public let inventory: any CredentialInventory
    public let rules: RotationRules
    public let passwords: PasswordCheckerFactory

    public init(inventory: any CredentialInventory, rules: RotationRules, passwords: PasswordCheckerFactory) {
        self.inventory = inventory
        self.rules = rules
        self.passwords = passwords
    }

    public struct Result: Sendable {
        public var credential: CredentialRecord
        public var validUntil: Timestamp?
        public var principalChange: DirectoryChange?
    }

    static let logger: Logger = {
        var logger = Logger(label: "phiguard.rotation")
        logger.logLevel = .critical
        return logger
    }()

    public func rotate(_ id: String, admin: PostgresAdminTarget, sink: SecretSink, actor: String, at now: Timestamp) async throws -> Result {
        let (credential, role) = try DatabaseLoginRotation.login(id, in: inventory)
        let rotationClass = rules.classes[credential.rotationClass]
        let checker = try passwords.checker(profile: rotationClass?.passwordProfile ?? "service-account")
        let password = try PasswordGenerator.generate(for: checker, context: PasswordContext(userName: role))
        let verifier = try ScramVerifier.make(password: password)
        let validUntil = rotationClass?.maximumAge.map { now.adding($0).adding(rotationClass?.escalateAfter ?? Period(seconds: 0)) }

        let adminConnection: PostgresConnection
        do {
            adminConnection = try await PostgresConnection.connect(
                configuration: admin.configuration(user: admin.user, password: admin.password), id: 1, logger: Self.logger)
        } catch {
            throw RotationError(
                code: "connect_failed", message: "cannot log in to \(admin.host):\(admin.port) as `\(admin.user)`: \(Self.describe(error))",
                oldPasswordWorks: true)
        }
        defer { Task { try? await adminConnection.close() } }

        // The current verifier and expiry, to put back if a later step fails.
        let previous: (verifier: String?, validUntil: String?)
        do {
            let rows = try await adminConnection.query(
                "SELECT rolpassword, rolvaliduntil::text FROM pg_catalog.pg_authid WHERE rolname = \(role)", logger: Self.logger)
            var found: (String?, String?)?
            for try await (stored, until) in rows.decode((String?, String?).self) { found = (stored, until) }
            guard let found else {
                throw RotationError(code: "role_not_found", message: "the server has no role `\(role)`", oldPasswordWorks: true)
            }
            previous = found
        } catch let error as RotationError {
            throw error
        } catch {
            throw RotationError(
                code: "cannot_read_verifier",
                message:
                    "cannot read the current verifier of `\(role)` (a superuser admin connection is needed so that a failed rotation can be undone): \(Self.describe(error))",
                oldPasswordWorks: true)
        }

        func alter(verifier: String?, validUntil: String?) async throws {
            let passwordClause = verifier.map { "PASSWORD \(Self.literal($0))" } ?? "PASSWORD NULL"
            let untilClause = "VALID UNTIL \(Self.literal(validUntil ?? "infinity"))"
            try await adminConnection.query(
                PostgresQuery(unsafeSQL: "ALTER ROLE \(Self.identifier(role)) \(passwordClause) \(untilClause)"), logger: Self.logger)
        }
        func restore(after problem: String, code: String) async -> RotationError {
            do {
                try await alter(verifier: previous.verifier, validUntil: previous.validUntil)
                return RotationError(code: code, message: "\(problem); the previous password was restored", oldPasswordWorks: true)
            } catch {
                return RotationError(
                    code: code, message: "\(problem); restoring the previous password ALSO failed: \(Self.describe(error))", oldPasswordWorks: false)
            }
        }

        do {
            try await alter(verifier: verifier, validUntil: validUntil.map(\.description))
        } catch {
            throw RotationError(code: "alter_failed", message: "the server refused the change: \(Self.describe(error))", oldPasswordWorks: true)
        }
        do {
            let login = try await PostgresConnection.connect(
                configuration: admin.configuration(user: role, password: password), id: 2, logger: Self.logger)
            try await login.query("SELECT 1", logger: Self.logger)
            try? await login.close()
        } catch {
            throw await restore(after: "logging in as `\(role)` with the new password failed: \(Self.describe(error))", code: "verify_failed")
        }
        do {
            try sink.deliver(password)
        } catch {
            throw await restore(after: "the secret sink failed: \(error)", code: "sink_failed")
        }
        let (record, change) = try DatabaseLoginRotation.record(id, in: inventory, expiresAt: validUntil, actor: actor, at: now)
        return Result(credential: record, validUntil: validUntil, principalChange: change)
    }

    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A server error's message without the query text (which carries the verifier).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// The steps PostgreSQL and MariaDB rotations share: the credential to rotate, and recording it.
enum DatabaseLoginRotation {
    /// The inventory's database login `id` and its login name.
    static func login(_ id: String, in inventory: any CredentialInventory) throws(RotationError) -> (CredentialRecord, String) {
        let credential: CredentialRecord
        do { credential = try inventory.credential(id) } catch {
            throw RotationError(code: "not_found", message: "no credential `\(id)`", oldPasswordWorks: true)
        }
        guard credential.kind == .databaseLogin, let login = credential.username, !login.isEmpty else {
            throw RotationError(
                code: "not_rotatable", message: "credential `\(id)` is not a database login with a username", oldPasswordWorks: true)
        }
        return (credential, login)
    }

    /// Records a rotation whose secret was already delivered: a failure here leaves the new password
    /// in force and says what to run.
    static func record(_ id: String, in inventory: any CredentialInventory, expiresAt: Timestamp?, actor: String, at now: Timestamp)
        throws(RotationError) -> (CredentialRecord, DirectoryChange?)
    {
        do {
            return try inventory.markRotated(id, expiresAt: expiresAt, actor: actor, at: now)
        } catch {
            throw RotationError(
                code: "record_failed",
                message:
                    "the login was rotated and the secret delivered, but recording the rotation failed: \(error); run `phiguard credentials mark-rotated \(id)`",
                oldPasswordWorks: false)
        }
    }
}
