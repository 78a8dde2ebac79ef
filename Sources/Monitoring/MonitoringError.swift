/// An error of the privacy monitor: a stable code (listed in the one error table) and a precise
/// message. Messages name files, lines and fields, never the identifiers or values in a record.
public struct MonitoringError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// A line of an access log is not an access record (docs/monitoring.md has the shape).
        case invalidAccessRecord = "invalid_access_record"
        /// `Policies/monitoring.yaml` (or `--settings`) is not valid.
        case invalidMonitoringSettings = "invalid_monitoring_settings"
        /// A facts file is not valid.
        case invalidFacts = "invalid_facts"
        /// A file cannot be read or written.
        case fileUnreadable = "file_not_readable"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
