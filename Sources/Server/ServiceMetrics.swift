import AccessModel
import Foundation
import Synchronization

/// Counters and a latency histogram in Prometheus text format. Kept by hand: a handful of series
/// does not justify a metrics framework on the hot path.
final class ServiceMetrics: Sendable {
    /// Upper bounds of the decision latency buckets, in seconds.
    static let buckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

    private struct Values {
        var allowed = 0
        var denied = 0
        var breakGlass = 0
        var policyErrors = 0
        var bucketCounts = [Int](repeating: 0, count: ServiceMetrics.buckets.count)
        var latencyCount = 0
        var latencySum = 0.0
        var responsesByStatus: [Int: Int] = [:]
        var authenticationFailures = 0
        var reloadsSucceeded = 0
        var reloadsFailed = 0
        var lastReloadSeconds = 0.0
        var lastReloadOK = true
        var directoryRevision: Int64 = 0
        var decisionsRetried = 0
    }

    private let values = Mutex(Values())

    func recordDecisions(_ decisions: [AccessDecision], duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        values.withLock { values in
            for decision in decisions {
                if decision.allowed { values.allowed += 1 } else { values.denied += 1 }
                if decision.breakGlass { values.breakGlass += 1 }
                if !decision.errors.isEmpty { values.policyErrors += 1 }
            }
            if let index = Self.buckets.firstIndex(where: { seconds <= $0 }) { values.bucketCounts[index] += 1 }
            values.latencyCount += 1
            values.latencySum += seconds
        }
    }

    func recordResponse(status: Int) { values.withLock { $0.responsesByStatus[status, default: 0] += 1 } }
    func recordAuthenticationFailure() { values.withLock { $0.authenticationFailures += 1 } }

    func reloadSucceeded(at time: Timestamp) {
        values.withLock {
            $0.reloadsSucceeded += 1
            $0.lastReloadOK = true
            $0.lastReloadSeconds = Double(time.milliseconds) / 1000
        }
    }

    func directoryRevisionApplied(_ revision: Int64) { values.withLock { $0.directoryRevision = max($0.directoryRevision, revision) } }
    func decisionRetried() { values.withLock { $0.decisionsRetried += 1 } }

    func reloadFailed() {
        values.withLock {
            $0.reloadsFailed += 1
            $0.lastReloadOK = false
        }
    }

    /// The exposition text; `auditBacklog` and `auditWritten` come from the audit writer.
    func render(auditBacklog: Int, auditWritten: Int, auditFailures: Int, policyCount: Int, feedLagSeconds: Double) -> String {
        let snapshot = values.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) { out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" }
        family("phiguard_decisions_total", "counter", "Access decisions by outcome.")
        out += "phiguard_decisions_total{outcome=\"allow\"} \(snapshot.allowed)\n"
        out += "phiguard_decisions_total{outcome=\"deny\"} \(snapshot.denied)\n"
        family("phiguard_break_glass_total", "counter", "Decisions allowed by break-the-glass.")
        out += "phiguard_break_glass_total \(snapshot.breakGlass)\n"
        family("phiguard_policy_errors_total", "counter", "Decisions in which a policy failed to evaluate.")
        out += "phiguard_policy_errors_total \(snapshot.policyErrors)\n"
        family("phiguard_decision_duration_seconds", "histogram", "Time to decide and durably audit a request or batch.")
        var cumulative = 0
        for (bound, count) in zip(Self.buckets, snapshot.bucketCounts) {
            cumulative += count
            out += "phiguard_decision_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "phiguard_decision_duration_seconds_bucket{le=\"+Inf\"} \(snapshot.latencyCount)\n"
        out += "phiguard_decision_duration_seconds_sum \(snapshot.latencySum)\n"
        out += "phiguard_decision_duration_seconds_count \(snapshot.latencyCount)\n"
        family("phiguard_http_responses_total", "counter", "HTTP responses by status code.")
        for (status, count) in snapshot.responsesByStatus.sorted(by: { $0.key < $1.key }) {
            out += "phiguard_http_responses_total{status=\"\(status)\"} \(count)\n"
        }
        family("phiguard_authentication_failures_total", "counter", "Requests with a missing, malformed, unknown or revoked API key.")
        out += "phiguard_authentication_failures_total \(snapshot.authenticationFailures)\n"
        family("phiguard_policy_reloads_total", "counter", "Policy set reloads by result.")
        out += "phiguard_policy_reloads_total{result=\"success\"} \(snapshot.reloadsSucceeded)\n"
        out += "phiguard_policy_reloads_total{result=\"failure\"} \(snapshot.reloadsFailed)\n"
        family("phiguard_policy_last_reload_success", "gauge", "1 when the last reload attempt succeeded.")
        out += "phiguard_policy_last_reload_success \(snapshot.lastReloadOK ? 1 : 0)\n"
        family("phiguard_policy_last_reload_timestamp_seconds", "gauge", "When the live policy set was loaded.")
        out += "phiguard_policy_last_reload_timestamp_seconds \(snapshot.lastReloadSeconds)\n"
        family("phiguard_policies", "gauge", "Policies in the live set (grants excluded).")
        out += "phiguard_policies \(policyCount)\n"
        family("phiguard_directory_revision", "gauge", "The directory revision this process decides on.")
        out += "phiguard_directory_revision \(snapshot.directoryRevision)\n"
        family("phiguard_directory_feed_lag_seconds", "gauge", "Seconds since the directory change feed was last read.")
        out += "phiguard_directory_feed_lag_seconds \(feedLagSeconds)\n"
        family("phiguard_decisions_retried_total", "counter", "Decision batches decided again because a directory change committed first.")
        out += "phiguard_decisions_retried_total \(snapshot.decisionsRetried)\n"
        family("phiguard_audit_backlog", "gauge", "Decision audit records waiting to be written.")
        out += "phiguard_audit_backlog \(auditBacklog)\n"
        family("phiguard_audit_records_written_total", "counter", "Decision audit records written by this process.")
        out += "phiguard_audit_records_written_total \(auditWritten)\n"
        family("phiguard_audit_write_failures_total", "counter", "Audit transactions that failed (their decisions were not returned).")
        out += "phiguard_audit_write_failures_total \(auditFailures)\n"
        return out
    }
}
