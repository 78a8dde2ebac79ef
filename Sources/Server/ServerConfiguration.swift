import Cedar
import Foundation
public import Store

/// Everything `phiguard serve` needs, from (lowest to highest precedence) defaults, a JSON
/// configuration file, `PHIGUARD_*` environment variables and flags. See docs/server.md.
public struct ServerConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8180
    public var database = "var/phiguard.sqlite"
    public var keys = "var/keys"
    public var policies = "Policies"
    /// Word lists of the password checks (`scripts/install-wordlists.sh` fills it).
    public var wordlists = "var/wordlists"
    /// Seconds between checks of `Policies/` for changes; 0 turns the watch off (SIGHUP and the
    /// reload endpoint still work).
    public var reloadPollSeconds = 2
    public var maximumBodyBytes = 1_048_576
    public var maximumJSONDepth = 32
    public var maximumBatch = 1_000
    public var bodyTimeoutSeconds = 10
    /// A connection idle this long (including a client stalled mid-request) is closed.
    public var idleTimeoutSeconds = 60
    public var authenticationFailureLimit = 10
    public var logLevel = "info"
    /// `disk`: each decision's audit record is fsynced before the answer. `os`: written to the
    /// operating system before the answer (survives a PHIGuard crash) and fsynced every
    /// `auditSyncMilliseconds`, which bounds what a power loss can take. See docs/server.md.
    public var auditDurability: Durability = .disk
    public var auditSyncMilliseconds = 100
    /// TLS for the listener: certificate chain and key (PEM); with a client CA, clients must
    /// present a certificate it signed (mutual TLS).
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var tlsClientCA: String?
    /// How often the change feed is read for directory changes committed by other processes.
    public var feedPollMilliseconds = 20
    /// When the change feed could not be read for this long, PHI decisions fail closed (503
    /// `stale_directory`) and `/health/ready` answers 503. Also the longest a request that asks for
    /// a directory revision (`PHIGuard-Min-Revision`) waits for it.
    public var staleAfterMilliseconds = 2_000
    /// Seconds between signed checkpoints of the audit chain head, when records were written since
    /// the last one: bounds how long a truncated tail goes unnoticed (0 turns the timer off).
    public var checkpointSeconds = 60

    public init() {}

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Settings a file, the environment or flags may set, by their file key.
    static let keys: [String] = [
        "host", "port", "database", "keys", "policies", "wordlists", "reload_poll_seconds", "max_body_bytes", "max_json_depth", "max_batch",
        "body_timeout_seconds", "idle_timeout_seconds", "auth_failure_limit", "log_level", "audit_durability", "audit_sync_ms", "tls_certificate",
        "tls_key", "tls_client_ca", "feed_poll_ms", "stale_after_ms", "checkpoint_seconds",
    ]

    /// Applies one setting; `source` names where it came from, for the error message.
    public mutating func set(_ key: String, _ value: String, source: String) throws(Problem) {
        func integer(_ range: ClosedRange<Int>) throws(Problem) -> Int {
            guard let number = Int(value), range.contains(number) else {
                throw Problem(message: "\(source): `\(key)` must be an integer in \(range.lowerBound)...\(range.upperBound), not `\(value)`")
            }
            return number
        }
        switch key {
        case "host": host = value
        case "port": port = try integer(0...65_535)
        case "database": database = value
        case "keys": keys = value
        case "policies": policies = value
        case "wordlists": wordlists = value
        case "reload_poll_seconds": reloadPollSeconds = try integer(0...3_600)
        case "max_body_bytes": maximumBodyBytes = try integer(1_024...67_108_864)
        case "max_json_depth": maximumJSONDepth = try integer(4...128)
        case "max_batch": maximumBatch = try integer(1...100_000)
        case "body_timeout_seconds": bodyTimeoutSeconds = try integer(1...3_600)
        case "idle_timeout_seconds": idleTimeoutSeconds = try integer(1...86_400)
        case "auth_failure_limit": authenticationFailureLimit = try integer(1...1_000_000)
        case "log_level":
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(value) else {
                throw Problem(message: "\(source): `log_level` must be trace, debug, info, notice, warning, error or critical")
            }
            logLevel = value
        case "audit_durability":
            guard let value = Durability(rawValue: value) else { throw Problem(message: "\(source): `audit_durability` must be `disk` or `os`") }
            auditDurability = value
        case "audit_sync_ms": auditSyncMilliseconds = try integer(1...10_000)
        case "tls_certificate": tlsCertificate = value
        case "tls_key": tlsKey = value
        case "tls_client_ca": tlsClientCA = value
        case "feed_poll_ms": feedPollMilliseconds = try integer(1...1_000)
        case "stale_after_ms": staleAfterMilliseconds = try integer(100...60_000)
        case "checkpoint_seconds": checkpointSeconds = try integer(0...86_400)
        default: throw Problem(message: "\(source): unknown setting `\(key)`; known: \(Self.keys.joined(separator: ", "))")
        }
    }

    /// Reads a JSON file of settings (`{"port": 8180, "policies": "Policies", …}`).
    public mutating func load(file path: String) throws(Problem) {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(message: "cannot read configuration file `\(path)`") }
        let json: JSON
        do { json = try JSON.parse(Array(data)) } catch { throw Problem(message: "`\(path)`: \(error.description)") }
        guard case .object(let object) = json else { throw Problem(message: "`\(path)` must hold a JSON object") }
        for (key, value) in object.members {
            let text: String
            switch value {
            case .string(let string): text = string
            case .number(let number): text = number
            default: throw Problem(message: "`\(path)`: `\(key)` must be a string or a number")
            }
            try set(key, text, source: path)
        }
    }

    /// Applies `PHIGUARD_<KEY>` variables (upper case), e.g. `PHIGUARD_PORT=8181`.
    public mutating func load(environment: [String: String]) throws(Problem) {
        for key in Self.keys {
            if let value = environment["PHIGUARD_" + key.uppercased()] { try set(key, value, source: "PHIGUARD_\(key.uppercased())") }
        }
    }

    public func validate() throws(Problem) {
        if staleAfterMilliseconds < 2 * feedPollMilliseconds {
            throw Problem(message: "`stale_after_ms` (\(staleAfterMilliseconds)) must be at least twice `feed_poll_ms` (\(feedPollMilliseconds))")
        }
        if (tlsCertificate == nil) != (tlsKey == nil) { throw Problem(message: "TLS needs both `tls_certificate` and `tls_key`") }
        if tlsClientCA != nil && tlsCertificate == nil {
            throw Problem(message: "`tls_client_ca` (mutual TLS) needs `tls_certificate` and `tls_key`")
        }
    }

    var limits: RequestLimits {
        var limits = RequestLimits()
        limits.maximumBodyBytes = maximumBodyBytes
        limits.maximumJSONDepth = maximumJSONDepth
        limits.maximumBatch = maximumBatch
        limits.bodyTimeout = .seconds(bodyTimeoutSeconds)
        return limits
    }
}
