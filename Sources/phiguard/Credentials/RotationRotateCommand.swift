import AccessModel
import ArgumentParser
import CredentialServices
import Credentials
import Foundation
import Store

/// `phiguard rotation rotate ID`: rotates a PostgreSQL login end to end.
struct RotationRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Rotate a PostgreSQL or MariaDB login: new password, hash only, login test, secret to the sink.",
        discussion: """
            The admin password comes from $PHIGUARD_PG_ADMIN_PASSWORD or --admin-password-file, never from the URL. \
            PostgreSQL: the admin connection must be able to read pg_authid (a superuser) so that a failed rotation is undone. \
            MariaDB (mariadb:// or mysql:// URLs; the credential's username is user@host as `db scan --record` writes it): \
            the admin needs SELECT and UPDATE on mysql.global_priv and ALTER USER. \
            Exit 0 rotated; 1 the rotation failed (the old password still works unless the message says ACTION NEEDED).
            """)

    @Argument(help: "Credential id (a database-login with a username).") var id: String
    @Option(
        help:
            "postgres://ADMIN@HOST:PORT/DB or mariadb://ADMIN@HOST:PORT/ [?sslmode=verify-full&sslrootcert=FILE]; default: the credential's target as postgres (root for MariaDB)."
    )
    var adminURL: String?
    @Option(help: "File holding the admin password.") var adminPasswordFile: String?
    @Option(help: "Where the new secret goes: file:PATH (created 0600) or command:/PROGRAM ARG… (on its stdin).") var sink: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() async throws {
        let opened: any PHIGuardStore
        let rules: RotationRules
        let factory: PasswordCheckerFactory
        let admin: PostgresAdminTarget
        let secretSink: SecretSink
        do {
            opened = try store.openStore()
            rules = try credentials.rotationRules(policies: store.policies)
            factory = try credentials.passwordFactory(policies: store.policies)
            var password = ProcessInfo.processInfo.environment["PHIGUARD_PG_ADMIN_PASSWORD"]
            if let adminPasswordFile {
                password = try readTextFile(adminPasswordFile, what: "admin password").trimmingCharacters(in: .newlines)
            }
            let credential = try opened.credential(id)
            guard let url = adminURL ?? credential.target.map(Self.adminURL) else {
                throw CLIError(code: "invalid_target", message: "credential `\(id)` has no target; pass --admin-url", exitCode: 1)
            }
            admin = try PostgresAdminTarget(url: url, password: password)
            secretSink = try SecretSink(parsing: sink)
        } catch let error as RotationError {
            throw CLIError(rotation: error).report()
        } catch let error as CLIError {
            throw error.report()
        } catch {
            throw CLIError(domainError: error).report()
        }
        do {
            if admin.isMariaDB {
                let result = try await MariaDBAccountRotator(inventory: opened, rules: rules, passwords: factory)
                    .rotate(id, admin: admin, sink: secretSink, actor: store.actor, at: .now)
                let how = result.sentPassword ? " (the server took the password itself, over verified TLS)" : ""
                print("credential \(id): rotated\(how); valid until \(result.validUntil?.description ?? "no expiry")")
            } else {
                let result = try await PostgresRoleRotator(inventory: opened, rules: rules, passwords: factory)
                    .rotate(id, admin: admin, sink: secretSink, actor: store.actor, at: .now)
                print("credential \(id): rotated; valid until \(result.validUntil?.description ?? "no expiry")")
            }
        } catch let error as RotationError {
            throw CLIError(rotation: error).report()
        } catch {
            throw CLIError(domainError: error).report()
        }
    }

    /// The target's host, port and database with the default admin user (`postgres`, or `root` for MariaDB).
    static func adminURL(_ target: String) -> String {
        guard var components = URLComponents(string: target) else { return target }
        components.user = ["mariadb", "mysql"].contains(components.scheme?.lowercased() ?? "") ? "root" : "postgres"
        components.password = nil
        return components.string ?? target
    }
}
