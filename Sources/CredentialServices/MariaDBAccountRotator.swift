public import AccessModel
public import Credentials
import Foundation
import MariaDBClient
public import Store

/// Rotates a MariaDB account with the same guarantees as `PostgresRoleRotator`: a generated password
/// the class's profile accepts; only its `mysql_native_password` hash sent when the account uses that
/// plugin (the plaintext never reaches the server), with a password lifetime of the class's age; a
/// login with the new password; the secret handed to the sink; the rotation recorded. The account's
/// `mysql.global_priv` row is read first and written back byte for byte if logging in or the sink
/// fails, so a failed rotation leaves the old password working.
///
/// Two cases send the password itself, over the admin's verified TLS connection only and said in the
/// result: an `ed25519` account (its hash needs the server's own derivation), and a server whose
/// `strict_password_validation` refuses pre-hashed passwords.
public struct MariaDBAccountRotator {
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
        /// True when the password itself went to the server (over verified TLS), not its hash.
        public var sentPassword: Bool
    }

    /// `admin` is a `mariadb://` or `mysql://` target whose user may read and write `mysql.global_priv`
    /// and ALTER USER (for example ALL on *.*).
    public func rotate(_ id: String, admin: PostgresAdminTarget, sink: SecretSink, actor: String, at now: Timestamp) async throws -> Result {
        let (credential, username) = try DatabaseLoginRotation.login(id, in: inventory)
        let rotationClass = rules.classes[credential.rotationClass]
        let adminConnection: MariaDBConnection
        do {
            adminConnection = try await MariaDBConnection.connect(admin.mariaDBEndpoint(user: admin.user, password: admin.password))
        } catch {
            throw RotationError(
                code: "connect_failed", message: "cannot log in to \(admin.host):\(admin.port) as `\(admin.user)`: \(error.message)",
                oldPasswordWorks: true)
        }

        // user@host as recorded by `db scan --record`; a bare user name must name one account.
        let (user, hostPattern) = Self.split(username)
        let rows: [[String?]]
        do {
            var sql = "SELECT Host, Priv FROM mysql.global_priv WHERE User = \(adminConnection.literal(user))"
            if let hostPattern { sql += " AND Host = \(adminConnection.literal(hostPattern))" }
            rows = try await adminConnection.query(sql)
        } catch {
            throw RotationError(
                code: "cannot_read_verifier",
                message:
                    "cannot read mysql.global_priv (the admin needs SELECT and UPDATE on it so that a failed rotation can be undone): \(error.message)",
                oldPasswordWorks: true)
        }
        guard rows.count == 1, let host = rows[0][0] ?? nil, let previous = rows[0][1] ?? nil else {
            throw RotationError(
                code: "role_not_found",
                message: rows.isEmpty ? "the server has no account `\(username)`" : "`\(user)` has \(rows.count) accounts; record it as user@host",
                oldPasswordWorks: true)
        }
        let plugin = Self.plugin(of: previous)
        guard ["mysql_native_password", "ed25519"].contains(plugin) else {
            throw RotationError(
                code: "not_rotatable", message: "`\(user)@\(host)` authenticates with \(plugin), which has no password to rotate",
                oldPasswordWorks: true)
        }

        let checker = try passwords.checker(profile: rotationClass?.passwordProfile ?? "service-account")
        let password = try PasswordGenerator.generate(for: checker, context: PasswordContext(userName: user))
        let lifetime = rotationClass?.maximumAge.map { $0.seconds + (rotationClass?.escalateAfter?.seconds ?? 0) }
        let validUntil = lifetime.map { now.adding(seconds: $0) }
        let account = "\(adminConnection.literal(user))@\(adminConnection.literal(host))"
        let expiry = lifetime.map { " PASSWORD EXPIRE INTERVAL \(max(1, ($0 + 86_399) / 86_400)) DAY" } ?? ""

        // With a password-validation plugin active and strict_password_validation on, the server
        // refuses a hash it cannot check; the password then goes over the verified TLS connection.
        let strict: Bool
        do {
            let row = try await adminConnection.query(
                "SELECT @@strict_password_validation, (SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'PASSWORD VALIDATION' AND PLUGIN_STATUS = 'ACTIVE')"
            ).first
            strict = row?[0] == "1" && (Int(row?[1] ?? "0") ?? 0) > 0
        } catch {
            strict = false
        }
        let sentPassword = plugin == "ed25519" || strict
        if sentPassword && admin.sslMode == "disable" {
            throw RotationError(
                code: "insecure_target", message: "this server takes the password itself, which PHIGuard sends only over verified TLS",
                oldPasswordWorks: true)
        }
        let authentication =
            plugin == "ed25519"
            ? "IDENTIFIED VIA ed25519 USING PASSWORD(\(adminConnection.literal(password)))"
            : (strict
                ? "IDENTIFIED BY \(adminConnection.literal(password))"
                : "IDENTIFIED BY PASSWORD \(adminConnection.literal(NativePasswordHash.make(password: password)))")
        do {
            _ = try await adminConnection.query("ALTER USER \(account) \(authentication)\(expiry)")
        } catch {
            throw RotationError(code: "alter_failed", message: "the server refused the change: \(error.message)", oldPasswordWorks: true)
        }

        func restore(after problem: String, code: String) async -> RotationError {
            do {
                _ = try await adminConnection.query([
                    "UPDATE mysql.global_priv SET Priv = \(adminConnection.literal(previous)) WHERE User = \(adminConnection.literal(user)) AND Host = \(adminConnection.literal(host))",
                    "FLUSH PRIVILEGES",
                ])
                return RotationError(code: code, message: "\(problem); the previous password was restored", oldPasswordWorks: true)
            } catch {
                return RotationError(
                    code: code, message: "\(problem); restoring the previous password ALSO failed: \(error.message)", oldPasswordWorks: false)
            }
        }

        do {
            let login = try await MariaDBConnection.connect(admin.mariaDBEndpoint(user: user, password: password))
            _ = try await login.query("SELECT 1")
        } catch {
            throw await restore(after: "logging in as `\(user)` with the new password failed: \(error.message)", code: "verify_failed")
        }
        do {
            try sink.deliver(password)
        } catch {
            throw await restore(after: "the secret sink failed: \(error)", code: "sink_failed")
        }
        let (record, change) = try DatabaseLoginRotation.record(id, in: inventory, expiresAt: validUntil, actor: actor, at: now)
        return Result(credential: record, validUntil: validUntil, principalChange: change, sentPassword: sentPassword)
    }

    /// `user@host` → (user, host); a name without `@` → (name, nil). The last `@` splits, as user
    /// names may hold one.
    static func split(_ username: String) -> (String, String?) {
        guard let at = username.lastIndex(of: "@") else { return (username, nil) }
        return (String(username[..<at]), String(username[username.index(after: at)...]))
    }

    /// The authentication plugin named in a `global_priv` row (`mysql_native_password` when absent).
    static func plugin(of priv: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(priv.utf8)) as? [String: Any] else { return "unknown" }
        return object["plugin"] as? String ?? "mysql_native_password"
    }
}
