public import AccessModel
public import Credentials
import Foundation

/// A login the scan found, for `--record`: its name and, where the server keeps one (MariaDB), when
/// its password last changed.
public struct DiscoveredLogin: Sendable, Codable, Hashable {
    public var name: String
    /// Seconds since 1970.
    public var passwordChanged: Int64?

    enum CodingKeys: String, CodingKey {
        case name
        case passwordChanged = "password_changed"
    }
}

/// How scanned logins meet the credential inventory: by server (host and port) and login name.
public enum LoginTarget {
    /// Whether an inventory record's `target` (`postgres://db:5432/ehr`) names the scanned server.
    public static func matches(_ recordTarget: String?, _ target: ScanTarget) -> Bool {
        guard let recordTarget, let components = URLComponents(string: recordTarget), let host = components.host else { return false }
        let scheme = components.scheme?.lowercased() ?? ""
        let engine: ScanTarget.Engine? =
            ["postgres", "postgresql"].contains(scheme) ? .postgres : (["mysql", "mariadb"].contains(scheme) ? .mariadb : nil)
        guard engine == target.engine else { return false }
        let port = components.port ?? (target.engine == .postgres ? 5432 : 3306)
        return host.lowercased() == target.host.lowercased() && port == target.port
    }

    /// The inventory record of a found login (class `database-login`; MariaDB logins as `user@host`),
    /// or nil when its name looks like PHI.
    public static func record(_ login: DiscoveredLogin, target: ScanTarget, owner: String, at now: Timestamp) -> CredentialRecord? {
        func idPart(_ text: String) -> String { String(text.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "-" }) }
        let id = "db-\(idPart(target.host))-\(target.port)-\(idPart(login.name))"
        guard PHIClassifier.phiIn(login.name, as: .account) == nil, (try? IdentifierHygiene.check(id, what: "credential id")) != nil else {
            return nil
        }
        let scheme = target.engine == .postgres ? "postgres" : "mariadb"
        let hostPart = target.host.contains(":") ? "[\(target.host)]" : target.host
        return CredentialRecord(
            id: id, kind: .databaseLogin, owner: owner, rotationClass: "database-login",
            lastRotatedAt: login.passwordChanged.map { Timestamp(milliseconds: $0 * 1000) },
            target: "\(scheme)://\(hostPart):\(target.port)/\(target.database ?? "")", username: login.name, createdAt: now)
    }
}
