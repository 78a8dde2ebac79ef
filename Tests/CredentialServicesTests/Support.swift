import AccessModel
import CredentialServices
import Credentials
import Foundation
import LabSupport
import Store
import Synchronization
import Testing

/// Shared fixtures: the repository's Policies/ and word lists, a fresh store, loopback peers.
enum Support {
    static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()

    static var policies: String { repository.appendingPathComponent("Policies").path }
    static var wordLists: String {
        ProcessInfo.processInfo.environment["PHIGUARD_WORDLISTS"] ?? repository.appendingPathComponent("var/wordlists").path
    }

    private static let cachedFactory = Mutex<PasswordCheckerFactory?>(nil)

    static func factory() throws -> PasswordCheckerFactory {
        try cachedFactory.withLock { cached in
            if let cached { return cached }
            let made = try PasswordCheckerFactory(
                profiles: try PasswordProfiles(folder: policies + "/passwords"), wordListFolder: wordLists, referenceYear: 2026)
            cached = made
            return made
        }
    }

    static func rules() throws -> RotationRules {
        try RotationRules(yaml: try String(contentsOfFile: policies + "/rotation.yaml", encoding: .utf8))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-credsvc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A file-backed store in a fresh folder (the remind run locks beside it).
    static func store(in folder: URL) throws -> SQLiteStore {
        try SQLiteStore(path: folder.appendingPathComponent("phiguard.sqlite").path, keysFolder: folder.appendingPathComponent("keys"))
    }

    /// Runs a program to completion (bounded); returns its status and combined output.
    @discardableResult
    static func run(_ command: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let result = try ChildProcess.run(command, timeout: 120, environment: environment)
        return (result.status, result.output)
    }

    /// A port nothing listens on now.
    static func freePort() -> Int { ChildProcesses.freePort() }
}

/// A Python peer started for one test; stopped by `stop()`.
final class Peer: @unchecked Sendable {
    let pid: pid_t
    let port: Int
    let output: String

    init(script: String, arguments: [String]) throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-peer-\(UUID().uuidString)").path
        pid = try ChildProcess.spawn(
            ["python3", Support.repository.appendingPathComponent("Tests/CredentialServicesTests/Peers/\(script)").path] + arguments, output: output)
        var found: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: output, encoding: .utf8), text.hasSuffix("\n"),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                found = port
                break
            }
            usleep(50_000)
        }
        guard let found else {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid, timeout: 5)
            throw CredentialsError(.invalidCredential, "peer \(script) did not start")
        }
        port = found
    }

    func stop() {
        kill(pid, SIGTERM)
        _ = ChildProcess.wait(pid, timeout: 5)
        unlink(output)
    }
}

/// A PostgreSQL 15 cluster on 127.0.0.1 (scripts/pg-lab.sh), SCRAM authentication, every statement logged.
final class PostgresLab: @unchecked Sendable {
    let folder: URL
    let port: Int
    static let superuserPassword = "Lab-Superuser-7f3c9a"
    static var script: String { Support.repository.appendingPathComponent("scripts/pg-lab.sh").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-pglab-\(UUID().uuidString)")
        port = Support.freePort()
        let (status, output) = try Support.run(["bash", Self.script, "start", folder.path, String(port), Self.superuserPassword])
        try #require(status == 0, "pg-lab start failed: \(output)")
    }

    @discardableResult
    func sql(_ statement: String) throws -> String {
        let (status, output) = try Support.run(["bash", Self.script, "sql", folder.path, statement])
        try #require(status == 0, "SQL failed: \(output)")
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `user` can log in over TCP with `password` (through psql, a client of its own).
    func canLogIn(_ user: String, _ password: String) throws -> Bool {
        let (status, _) = try Support.run(
            ["psql", "-X", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", "postgres", "-tAc", "SELECT 1"],
            environment: ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "5"])
        return status == 0
    }

    var serverLog: String { (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? "" }

    func stop() {
        _ = try? Support.run(["bash", Self.script, "stop", folder.path])
        try? FileManager.default.removeItem(at: folder)
    }
}
