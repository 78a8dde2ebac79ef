import AccessModel
import CredentialServices
import Credentials
import Foundation
import LabSupport
import Store
import Testing

/// Rotation of a real MariaDB account, on the hardened lab server (`scripts/dbscan-lab.sh mariadb-good`)
/// with TLS verified against the lab CA.
@Suite("MariaDB account rotation", .serialized)
struct MariaDBRotationTests {
    static let oldPassword = "Old-Password-for-ehr-2026"
    static let adminPassword = "Lab-scan-7fK2q9-Zx"
    static let tlsLab = ChildProcesses.repository.appendingPathComponent("scripts/dbtls-lab.sh").path
    static let scanLab = ChildProcesses.repository.appendingPathComponent("scripts/dbscan-lab.sh").path

    struct Lab {
        let folder: URL
        let port = ChildProcesses.freePort()

        func sql(_ statement: String) throws -> String {
            let (status, output) = try ChildProcesses.capture(["/bin/bash", MariaDBRotationTests.scanLab, "mariadb-sql", folder.path, statement])
            try #require(status == 0, "\(statement): \(output)")
            return output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Whether `user` logs in over TCP with `password` (the client reads it from a 0600 option file, not its arguments).
        func canLogIn(_ user: String, _ password: String) throws -> Bool {
            let options = folder.appendingPathComponent("login.cnf")
            try Data("[client]\npassword=\(password)\n".utf8).write(to: options)
            chmod(options.path, 0o600)
            let (status, _) = try ChildProcesses.capture([
                "mariadb", "--defaults-extra-file=\(options.path)", "-h", "127.0.0.1", "-P", String(port), "-u", user, "--ssl",
                "--ssl-ca=\(folder.path)/trust/ca.pem", "-e", "SELECT 1",
            ])
            return status == 0
        }
    }

    func withLab(_ body: (Lab, SQLiteStore, URL) async throws -> Void) async throws {
        let folder = try Support.temporaryFolder()
        let lab = Lab(folder: folder.appendingPathComponent("lab"))
        defer {
            _ = try? ChildProcesses.capture(["/bin/bash", Self.tlsLab, "stop", lab.folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        for command in [
            [Self.tlsLab, "pki", lab.folder.path], [Self.tlsLab, "mariadb", lab.folder.path, String(lab.port), "good"],
            [Self.scanLab, "mariadb-good", lab.folder.path, Self.adminPassword],
        ] {
            let (status, output) = try ChildProcesses.capture(["/bin/bash"] + command)
            try #require(status == 0, "\(command[0]): \(output)")
        }
        _ = try lab.sql("CREATE USER 'ehr_app'@'%' IDENTIFIED BY '\(Self.oldPassword)' REQUIRE SSL")
        let store = try Support.store(in: folder)
        try store.importCredentials(
            [
                CredentialRecord(
                    id: "db-ehr-maria", kind: .databaseLogin, owner: "svc-ehr", rotationClass: "database-login",
                    lastRotatedAt: Timestamp.now.adding(days: -120), target: "mariadb://localhost:\(lab.port)/", username: "ehr_app@%",
                    createdAt: .now)
            ], actor: "test", at: .now)
        try await body(lab, store, folder)
    }

    func rotator(_ store: SQLiteStore) throws -> MariaDBAccountRotator {
        MariaDBAccountRotator(inventory: store, rules: try Support.rules(), passwords: try Support.factory())
    }

    func admin(_ lab: Lab) throws -> PostgresAdminTarget {
        try PostgresAdminTarget(
            url: "mariadb://dba_admin@localhost:\(lab.port)/?sslrootcert=\(lab.folder.path)/trust/ca.pem", password: Self.adminPassword)
    }

    @Test("only the native password hash is sent, the login is proven, the lifetime set and the rotation recorded")
    func rotatesWithHash() async throws {
        try await withLab { lab, store, folder in
            // With strict validation on, a pre-hashed password cannot be checked and the server refuses it.
            _ = try lab.sql("SET GLOBAL strict_password_validation = OFF")
            let secretFile = folder.appendingPathComponent("ehr-secret").path
            let now = Timestamp.now
            let result = try await rotator(store).rotate("db-ehr-maria", admin: try admin(lab), sink: .file(secretFile), actor: "test", at: now)
            let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(!result.sentPassword)
            #expect(try lab.canLogIn("ehr_app", secret))
            #expect(try !lab.canLogIn("ehr_app", Self.oldPassword))
            #expect(
                try lab.sql("SELECT JSON_VALUE(Priv, '$.authentication_string') FROM mysql.global_priv WHERE User = 'ehr_app'")
                    .hasSuffix(NativePasswordHash.make(password: secret)))
            // The class's 90 days plus its 7-day escalation window, as the server's own password lifetime.
            #expect(try lab.sql("SELECT JSON_VALUE(Priv, '$.password_lifetime') FROM mysql.global_priv WHERE User = 'ehr_app'").hasSuffix("97"))
            #expect(result.validUntil == now.adding(days: 97))
            #expect(try store.credential("db-ehr-maria").lastRotatedAt == now)
        }
    }

    @Test("strict password validation: the password goes over the verified TLS connection, and the result says so")
    func rotatesUnderStrictValidation() async throws {
        try await withLab { lab, store, folder in
            let secretFile = folder.appendingPathComponent("ehr-secret").path
            let result = try await rotator(store).rotate("db-ehr-maria", admin: try admin(lab), sink: .file(secretFile), actor: "test", at: .now)
            #expect(result.sentPassword)
            let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(try lab.canLogIn("ehr_app", secret))
            // The server_audit log (CONNECT, QUERY_DDL, QUERY_DCL) never holds the secret.
            let audit = try String(contentsOfFile: lab.folder.appendingPathComponent("mariadb/audit.log").path, encoding: .utf8)
            #expect(audit.contains("ehr_app") && !audit.contains(secret), "\(audit.split(separator: "\n").filter { $0.contains("QUERY") }.suffix(8))")
        }
    }

    @Test("a failing sink puts the old account row back, byte for byte")
    func sinkFailureRestores() async throws {
        try await withLab { lab, store, _ in
            let before = try lab.sql("SELECT Priv FROM mysql.global_priv WHERE User = 'ehr_app'")
            do {
                _ = try await rotator(store).rotate("db-ehr-maria", admin: try admin(lab), sink: .command(["/bin/false"]), actor: "test", at: .now)
                Issue.record("rotation succeeded with a failing sink")
            } catch let error as RotationError {
                #expect(error.code == "sink_failed" && error.oldPasswordWorks, "\(error)")
            }
            #expect(try lab.sql("SELECT Priv FROM mysql.global_priv WHERE User = 'ehr_app'") == before)
            #expect(try lab.canLogIn("ehr_app", Self.oldPassword))
            // An account that authenticates by socket has no password to rotate.
            _ = try lab.sql("CREATE USER 'ops'@'localhost' IDENTIFIED VIA unix_socket")
            try store.importCredentials(
                [
                    CredentialRecord(
                        id: "db-ops", kind: .databaseLogin, owner: "ops", rotationClass: "database-login", target: "mariadb://localhost:\(lab.port)/",
                        username: "ops@localhost", createdAt: .now)
                ], actor: "test", at: .now)
            await #expect(throws: RotationError.self) {
                _ = try await rotator(store).rotate("db-ops", admin: try admin(lab), sink: .command(["/bin/true"]), actor: "test", at: .now)
            }
        }
    }
}
