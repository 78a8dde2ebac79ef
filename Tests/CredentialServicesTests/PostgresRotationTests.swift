import AccessModel
import CredentialServices
import Credentials
import Foundation
import Store
import Testing

/// Rotation of a real PostgreSQL 15 login started on 127.0.0.1 for these tests.
@Suite("PostgreSQL role rotation", .serialized)
struct PostgresRotationTests {
    static let oldPassword = "Old-Password-for-ehr-2026"

    func withLab(_ body: (PostgresLab, SQLiteStore, URL) async throws -> Void) async throws {
        let lab = try PostgresLab()
        let folder = try Support.temporaryFolder()
        defer {
            lab.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        try lab.sql("CREATE ROLE ehr_app LOGIN PASSWORD '\(Self.oldPassword)'")
        let store = try Support.store(in: folder)
        try store.importCredentials(
            [
                CredentialRecord(
                    id: "db-ehr", kind: .databaseLogin, owner: "svc-ehr", rotationClass: "database-login",
                    lastRotatedAt: Timestamp.now.adding(days: -120), target: "postgres://127.0.0.1:\(lab.port)/postgres", username: "ehr_app",
                    createdAt: .now)
            ], actor: "test", at: .now)
        try await body(lab, store, folder)
    }

    func rotator(_ store: SQLiteStore) throws -> PostgresRoleRotator {
        PostgresRoleRotator(inventory: store, rules: try Support.rules(), passwords: try Support.factory())
    }

    func admin(_ lab: PostgresLab) throws -> PostgresAdminTarget {
        try PostgresAdminTarget(url: "postgres://postgres@127.0.0.1:\(lab.port)/postgres?sslmode=disable", password: PostgresLab.superuserPassword)
    }

    @Test("a rotation sends only a SCRAM verifier, proves the login, hands the secret to a 0600 file and records it")
    func rotates() async throws {
        try await withLab { lab, store, folder in
            let secretFile = folder.appendingPathComponent("ehr-secret").path
            let now = Timestamp.now
            let result = try await rotator(store).rotate("db-ehr", admin: try admin(lab), sink: .file(secretFile), actor: "test", at: now)
            let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(secret.count == 32)
            let mode = try FileManager.default.attributesOfItem(atPath: secretFile)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try lab.canLogIn("ehr_app", secret))
            #expect(try !lab.canLogIn("ehr_app", Self.oldPassword))
            // The server stored our verifier and never saw the plaintext, not even in its statement log.
            #expect(try lab.sql("SELECT rolpassword FROM pg_authid WHERE rolname = 'ehr_app'").hasPrefix("SCRAM-SHA-256$4096:"))
            #expect(lab.serverLog.contains("ALTER ROLE \"ehr_app\" PASSWORD 'SCRAM-SHA-256$"))
            #expect(!lab.serverLog.contains(secret))
            // VALID UNTIL: the class's 90 days plus its 7-day escalation window.
            #expect(result.validUntil == now.adding(days: 97))
            #expect(try !lab.sql("SELECT rolvaliduntil FROM pg_authid WHERE rolname = 'ehr_app'").isEmpty)
            let record = try store.credential("db-ehr")
            #expect(record.lastRotatedAt == now && record.expiresAt == result.validUntil)
            #expect(try store.auditRecords(after: 0, limit: 10).contains { $0.action == "credential.rotated" && $0.target == "db-ehr" })
        }
    }

    @Test("a failing sink or a refused login leaves the old password working")
    func sinkFailureRestores() async throws {
        try await withLab { lab, store, _ in
            do {
                _ = try await rotator(store).rotate("db-ehr", admin: try admin(lab), sink: .command(["/bin/false"]), actor: "test", at: .now)
                Issue.record("rotation succeeded with a failing sink")
            } catch let error as RotationError {
                #expect(error.code == "sink_failed")
                #expect(error.oldPasswordWorks)
            }
            #expect(try lab.canLogIn("ehr_app", Self.oldPassword))
            #expect(try store.credential("db-ehr").lastRotatedAt! < Timestamp.now.adding(days: -100))
        }
    }

    @Test("a server that rejects the change: a clear error and nothing changed")
    func serverRejects() async throws {
        try await withLab { lab, store, folder in
            // The admin's sessions become read-only: the server refuses ALTER ROLE.
            try lab.sql("ALTER ROLE postgres SET default_transaction_read_only = on")
            let sink = folder.appendingPathComponent("never").path
            do {
                _ = try await rotator(store).rotate("db-ehr", admin: try admin(lab), sink: .file(sink), actor: "test", at: .now)
                Issue.record("rotation succeeded on a read-only server")
            } catch let error as RotationError {
                #expect(error.code == "alter_failed")
                #expect(error.message.contains("read-only"))
                #expect(error.oldPasswordWorks)
            }
            #expect(!FileManager.default.fileExists(atPath: sink))
            #expect(try lab.canLogIn("ehr_app", Self.oldPassword))
        }
    }

    @Test("unknown roles, wrong admin passwords and non-logins are refused before any change")
    func refusedEarly() async throws {
        try await withLab { lab, store, folder in
            let sink = SecretSink.file(folder.appendingPathComponent("s").path)
            let wrongAdmin = try PostgresAdminTarget(url: "postgres://postgres@127.0.0.1:\(lab.port)/postgres?sslmode=disable", password: "wrong")
            await #expect(throws: RotationError.self) {
                try await rotator(store).rotate("db-ehr", admin: wrongAdmin, sink: sink, actor: "t", at: .now)
            }
            try lab.sql("DROP ROLE ehr_app")
            do {
                _ = try await rotator(store).rotate("db-ehr", admin: try admin(lab), sink: sink, actor: "t", at: .now)
                Issue.record("rotated a missing role")
            } catch let error as RotationError {
                #expect(error.code == "role_not_found")
            }
            #expect(throws: RotationError.self) { try PostgresAdminTarget(url: "postgres://postgres:pw@db.example.org/x", password: nil) }
            #expect(throws: RotationError.self) {
                try PostgresAdminTarget(url: "postgres://postgres@db.example.org/x?sslmode=disable", password: nil)
            }
            #expect(throws: RotationError.self) { try SecretSink(parsing: "s3://bucket") }
        }
    }
}
