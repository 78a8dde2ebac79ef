import DatabaseScan
import Foundation
import LabSupport
import Testing

/// Real PostgreSQL 15 and MariaDB servers for one test, on 127.0.0.1 with the lab PKI
/// (`scripts/dbtls-lab.sh`), put in good or bad states by `scripts/dbscan-lab.sh`. Stopped by `stop()`.
final class ScanLab: @unchecked Sendable {
    static let tlsLab = ChildProcesses.repository.appendingPathComponent("scripts/dbtls-lab.sh").path
    static let scanLab = ChildProcesses.repository.appendingPathComponent("scripts/dbscan-lab.sh").path
    /// Meets passwordcheck and simple_password_check; made up for the lab.
    static let password = "Lab-scan-7fK2q9-Zx"

    let folder: URL
    let port = ChildProcesses.freePort()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-dbscan-\(UUID().uuidString)")
        try tls("pki")
    }

    var rootCertificate: String { folder.appendingPathComponent("trust/ca.pem").path }

    /// `dbtls-lab.sh COMMAND LAB ARGS…`
    func tls(_ command: String, _ arguments: String...) throws {
        let (status, output) = try ChildProcesses.capture(["/bin/bash", Self.tlsLab, command, folder.path] + arguments)
        try #require(status == 0, "dbtls-lab.sh \(command) failed: \(output)")
    }

    /// `dbscan-lab.sh COMMAND LAB ARGS…`
    func state(_ command: String, _ arguments: String...) throws {
        let (status, output) = try ChildProcesses.capture(["/bin/bash", Self.scanLab, command, folder.path] + arguments)
        try #require(status == 0, "dbscan-lab.sh \(command) failed: \(output)")
    }

    func target(_ url: String, password: String? = ScanLab.password) throws -> ScanTarget {
        var target = try ScanTarget(url: url)
        target.password = password
        return target
    }

    func stop() {
        try? tls("stop")
        try? FileManager.default.removeItem(at: folder)
    }
}

extension TargetReport {
    func result(_ rule: String) -> RuleResult? { rules.first { $0.rule == rule } }
    func status(_ rule: String) -> RuleResult.Status? { result(rule)?.status }
    /// Rule ids by status.
    func rules(_ status: RuleResult.Status) -> Set<String> { Set(rules.filter { $0.status == status }.map(\.rule)) }
}
