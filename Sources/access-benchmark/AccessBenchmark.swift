import AccessModel
import Cedar
import Foundation
import Store

/// `access-benchmark`: builds a hospital-scale directory (default 100,000 principals, 1,000 roles,
/// 1,000,000 grants), stores it in SQLite, then measures start-up (open, load, compile), memory,
/// in-process decision latency, revocation taking effect on the next decision, and durable audit
/// appends. Prints one JSON object. Deterministic for a given seed.
@main
struct AccessBenchmark {
    struct Options {
        var principals = 100_000
        var roles = 1_000
        var grants = 1_000_000
        var decisions = 100_000
        var auditRecords = 100_000
        var auditBatch = 1_000
        var folder = "var/bench"
        var policies = "Policies"
        /// Write this many compiled grant policies as Cedar text to `dumpFile` and stop.
        var dumpGrants = 0
        var dumpFile = ""
        /// Reuse the data set already in `folder` (skip generation and import).
        var reuse = false
        /// Generate and import the data set into `folder`, then stop: the measurements then run in a
        /// fresh process (`--reuse yes`), whose heap holds what a starting service's would.
        var generateOnly = false
        /// Measure the change feed: the cost of applying each committed change to a running engine,
        /// and decisions with and without a follower polling the feed beside them.
        var feed = false
    }

    static func main() throws {
        var options = Options()
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
            switch flag {
            case "--principals": options.principals = Int(value) ?? options.principals
            case "--roles": options.roles = Int(value) ?? options.roles
            case "--grants": options.grants = Int(value) ?? options.grants
            case "--decisions": options.decisions = Int(value) ?? options.decisions
            case "--audit-records": options.auditRecords = Int(value) ?? options.auditRecords
            case "--audit-batch": options.auditBatch = Int(value) ?? options.auditBatch
            case "--folder": options.folder = value
            case "--policies": options.policies = value
            case "--dump-grants": options.dumpGrants = Int(value) ?? 0
            case "--dump-file": options.dumpFile = value
            case "--reuse": options.reuse = value == "yes"
            case "--generate-only": options.generateOnly = value == "yes"
            case "--feed": options.feed = value == "yes"
            default: fail("unknown option \(flag)")
            }
        }
        do {
            if options.dumpGrants > 0 {
                var small = options
                small.grants = options.dumpGrants
                small.principals = min(options.principals, max(1000, options.dumpGrants / 10))
                let directory = try generate(small)
                let text = PolicyFormatter.format(directory.grantPolicies(at: now))
                try text.write(toFile: options.dumpFile, atomically: true, encoding: .utf8)
                return
            }
            try run(options)
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("access-benchmark: \(message)\n".utf8))
        exit(64)
    }

    static func seconds(since start: Date) -> Double { Date().timeIntervalSince(start) }

    /// Resident memory of this process in MiB (Linux /proc).
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Double(line.split(whereSeparator: \.isWhitespace)[1]) ?? 0) / 1024
    }

    static let departments = (0..<40).map { "dept\($0)" }

    /// Opaque patient ids made of letters (digit runs would look like medical record numbers).
    static func patientID(_ n: Int) -> String {
        var value = n
        var letters = ""
        repeat {
            letters.append(Character(Unicode.Scalar(UInt8(97 + value % 26))))
            value /= 26
        } while value > 0
        return "pt-" + letters
    }
    static let now = Timestamp(parsing: "2026-06-01T10:00:00Z")!

    static func generate(_ o: Options) throws -> AccessDirectory {
        var random = SplitMix(seed: 42)
        var d = AccessDirectory()
        let start = Timestamp(parsing: "2026-01-01T00:00:00Z")!
        for r in 0..<o.roles {
            try d.addRole(Role(id: "role\(r)", includes: r > 0 && r % 10 != 0 ? ["role\(r - r % 10)"] : []))
        }
        for p in 0..<o.principals {
            let kind: Principal.Kind = p % 50 == 0 ? .serviceAccount : .user
            try d.addPrincipal(
                Principal(
                    id: "u\(p)", kind: kind, displayName: "user \(p)", departments: [departments[p % departments.count]], mfaEnrolled: true,
                    breakGlassEligible: p % 20 == 1, createdAt: start))
            try d.assign(
                RoleAssignment(principalID: "u\(p)", roleID: "role\(Int(random.next() % UInt64(o.roles)))", assignedBy: "bench", assignedAt: start))
        }
        let actions: [[PHIAction]] = [[.read, .search], [.read], [.read, .search, .update], [.create, .update], [.export]]
        let purposes: [[PurposeOfUse]] = [[.treatment], [.treatment, .operations], [.payment], [.research]]
        let categories: [[RecordCategory]] = [[.lab, .note], [.lab], [.imaging, .note], [.billing], []]
        for g in 0..<o.grants {
            let toRole = g % 100 == 0
            let grantee: Grantee = toRole ? .role("role\(g / 100 % o.roles)") : .principal("u\(Int(random.next() % UInt64(o.principals)))")
            let patientScoped = g % 3 == 0
            try d.addGrant(
                Grant(
                    id: "g\(g)", grantee: grantee, actions: actions[g % actions.count],
                    scope: GrantScope(
                        departments: patientScoped ? [] : [departments[Int(random.next() % 40)]],
                        patient: patientScoped ? patientID(Int(random.next() % 200_000)) : nil, categories: categories[g % categories.count]),
                    labels: g % 17 == 0 ? [.psychiatry] : [], purposes: purposes[g % purposes.count], validFrom: start,
                    validUntil: g % 7 == 0 ? Timestamp(parsing: "2027-01-01T00:00:00Z") : nil, approver: "privacy.officer",
                    justification: "assigned duties",
                    createdBy: "bench", createdAt: start))
        }
        return d
    }

    static func run(_ o: Options) throws {
        var report: [String: Any] = ["principals": o.principals, "roles": o.roles, "grants": o.grants]
        let folder = URL(fileURLWithPath: o.folder)
        let databasePath = folder.appendingPathComponent("bench.sqlite").path
        var clock = Date()
        if !o.reuse {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let generated = try generate(o)
            report["generate_s"] = seconds(since: clock)
            clock = Date()
            try openStore(path: databasePath, keysFolder: folder.appendingPathComponent("keys")).importDirectory(generated, actor: "bench", at: now)
            report["import_s"] = seconds(since: clock)
            // The import leaves about a gigabyte of dirty pages; a service starts on a store that
            // is already on disk, so flush them rather than bill them to the audit appends' fsyncs.
            sync()
            if o.generateOnly {
                print(String(data: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), encoding: .utf8)!)
                return
            }
        }

        // Start-up as the service does it: open the store, load the directory and the policies, compile.
        let rssBefore = residentMiB()
        clock = Date()
        let store = try openStore(path: databasePath, keysFolder: folder.appendingPathComponent("keys"))
        // The engine holds the only reference to the directory, as in the service: a second one
        // would make the first change copy a million grants.
        var directory: AccessDirectory? = try store.loadDirectory()
        let loaded = seconds(since: clock)
        var engine = AccessEngine(bundle: try PolicyFolder.load(o.policies), directory: directory.take()!, at: now)
        report["startup_load_s"] = loaded
        report["startup_total_s"] = seconds(since: clock)
        report["startup_rss_mib"] = residentMiB()
        report["rss_before_startup_mib"] = rssBefore
        report["policies_in_force"] = engine.policyCount

        // Decisions: requests for principals that hold grants, on resources in their departments.
        // Built in a closure of their own: a copy of the grant array kept alive past it would make
        // the first directory change copy a million grants (copy-on-write), as no service does.
        let requests: [AccessRequest] = {
            var random = SplitMix(seed: 7)
            var requests: [AccessRequest] = []
            let grantList = Array(engine.directory.grants.values)
            for _ in 0..<o.decisions {
                let grant = grantList[Int(random.next() % UInt64(grantList.count))]
                let subject: String
                switch grant.grantee {
                case .principal(let id): subject = id
                case .role: subject = "u\(Int(random.next() % UInt64(o.principals)))"
                }
                let category: RecordCategory = grant.scope.categories.first ?? .lab
                let resource = ResourceDescription(
                    kind: .record, id: "rec-" + patientID(Int(random.next() % 1_000_000)),
                    patientID: grant.scope.patient ?? patientID(Int(random.next() % 200_000)),
                    departments: grant.scope.departments.isEmpty ? [departments[Int(random.next() % 40)]] : grant.scope.departments,
                    category: category)
                requests.append(
                    AccessRequest(
                        subject: SubjectReference(id: subject), action: grant.actions[0], resource: resource,
                        context: RequestContext(purposeOfUse: grant.purposes[0], mfa: true), now: now))
            }
            return requests
        }()
        // First pass: most requests are their principal's first decision (grants compiled then);
        // second pass: the same requests again, as a running service sees them.
        for pass in ["cold", "warm"] {
            var samples: [Double] = []
            samples.reserveCapacity(requests.count)
            var allowed = 0
            let wall = Date()
            for request in requests {
                let start = DispatchTime.now().uptimeNanoseconds
                let decision = engine.decide(request)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
                if decision.allowed { allowed += 1 }
            }
            report["decide_\(pass)_wall_s"] = seconds(since: wall)
            samples.sort()
            report["decide_\(pass)_median_us"] = samples[samples.count / 2]
            report["decide_\(pass)_p99_us"] = samples[min(samples.count - 1, samples.count * 99 / 100)]
            report["decide_allowed_share"] = Double(allowed) / Double(requests.count)
        }
        report["rss_after_decisions_mib"] = residentMiB()

        // Revocation: the very next decision after the revoke denies.
        if let probe = requests.first(where: { engine.decide($0).allowed && engine.decide($0).grantIDs.count == 1 }) {
            let grantID = engine.decide(probe).grantIDs[0]
            clock = Date()
            try engine.apply(.revokeGrant(grantID: grantID, by: "bench", at: now, reason: "benchmark"), at: now)
            report["revoke_s"] = seconds(since: clock)
            report["revoked_grant_denies_next_decision"] = !engine.decide(probe).allowed
            // The same revocation persisted and audited, as the admin API does it.
            clock = Date()
            _ = try store.apply(.revokeGrant(grantID: grantID, by: "bench", at: now, reason: "benchmark"), actor: "bench", at: now)
            report["revoke_store_s"] = seconds(since: clock)
        }

        if o.feed { try measureFeed(store: store, engine: &engine, requests: requests, principals: o.principals, report: &report) }

        // Durable audit appends, in batches (each batch is one fsync'd transaction), of the
        // decisions above in order: actors and patients as varied as the requests, and each
        // actor's first decision of the day writes its activity.
        let entries = requests.prefix(o.auditRecords).map { DecisionAuditEntry(request: $0, decision: engine.decide($0)) }
        clock = Date()
        var appended = 0
        while appended < o.auditRecords {
            let count = min(o.auditBatch, o.auditRecords - appended)
            let from = appended % entries.count
            _ = try store.appendDecisions(Array(entries[from..<min(entries.count, from + count)]), at: now)
            appended += min(count, entries.count - from)
        }
        let auditSeconds = seconds(since: clock)
        report["audit_records"] = appended
        report["audit_batch"] = o.auditBatch
        report["audit_records_per_s"] = Double(appended) / auditSeconds
        // Last activity is derived from the log when read: the first read after the appends
        // folds them all in.
        clock = Date()
        report["activity_principals"] = try store.lastActivity().count
        report["activity_fold_s"] = seconds(since: clock)
        clock = Date()
        let verification = try store.verifyAudit()
        report["audit_verify_s"] = seconds(since: clock)
        report["audit_intact"] = verification.isIntact
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

extension AccessBenchmark {
    /// Changes committed as the CLI commits them (`store.apply`), then read from the feed and applied
    /// to the engine as a service's follower does: the follower's cost per change, by kind. Then the
    /// warm decision median alone and with a thread polling the feed every 20 ms, alternated.
    static func measureFeed(
        store: any PHIGuardStore, engine: inout AccessEngine, requests: [AccessRequest], principals: Int, report: inout [String: Any]
    ) throws {
        var revision = try store.directoryRevision()
        // Whatever committed before (the revocation above) the engine already holds.
        var costs: [String: [Double]] = [:]
        var random = SplitMix(seed: 11)
        let heldGrants = engine.directory.grants.values.filter { !$0.isRevoked && $0.grantee.description.hasPrefix("principal:") }.map(\.id)
        for step in 0..<300 {
            let person = "u\(Int(random.next() % UInt64(principals)))"
            let change: DirectoryChange
            switch step % 6 {
            case 0: change = .revokeGrant(grantID: heldGrants[Int(random.next() % UInt64(heldGrants.count))], by: "bench", at: now, reason: "feed")
            case 1: change = .setStatus(principalID: person, status: .suspended)
            case 2: change = .setCredentialState(principalID: person, state: .compromised)
            case 3:
                change = .assignRole(
                    RoleAssignment(principalID: person, roleID: "role\(Int(random.next() % 1_000))", assignedBy: "bench", assignedAt: now))
            case 4:
                guard let role = engine.directory.assignments[person]?.first?.roleID else { continue }
                change = .unassignRole(principalID: person, roleID: role)
            default:
                change = .addGrant(
                    Grant(
                        id: "feed-\(step)", grantee: .principal(person), actions: [.read], scope: GrantScope(departments: ["cardiology"]),
                        purposes: [.treatment], validFrom: now, approver: "privacy.officer", justification: "feed benchmark", createdBy: "bench",
                        createdAt: now))
            }
            do { _ = try store.apply(change, actor: "bench", at: now) } catch { continue }  // e.g. a principal already suspended
            let start = DispatchTime.now().uptimeNanoseconds
            let entries = try store.directoryChanges(after: revision, limit: 1_000)
            for entry in entries { if let change = entry.change { try engine.apply(change, at: now) } }
            revision = entries.last?.revision ?? revision
            costs[change.action, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
        }
        var all: [Double] = []
        for (kind, samples) in costs {
            let sorted = samples.sorted()
            all += sorted
            report["feed_apply_\(kind)_median_us"] = sorted[sorted.count / 2]
            report["feed_apply_\(kind)_max_us"] = sorted.last!
        }
        all.sort()
        report["feed_apply_changes"] = all.count
        report["feed_apply_median_us"] = all[all.count / 2]
        report["feed_apply_p99_us"] = all[min(all.count - 1, all.count * 99 / 100)]
        report["feed_apply_max_us"] = all.last!

        // Decisions alone, then beside a follower polling the feed every 20 ms (no changes: the
        // steady state), alternated four times; medians of each kind.
        func warmMedian() -> Double {
            var samples: [Double] = []
            samples.reserveCapacity(requests.count)
            for request in requests {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = engine.decide(request)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
            }
            samples.sort()
            return samples[samples.count / 2]
        }
        var alone: [Double] = []
        var followed: [Double] = []
        let polled = revision
        for _ in 0..<4 {
            alone.append(warmMedian())
            let stop = StopSignal()
            let follower = Thread {
                while !stop.isSet {
                    _ = try? store.directoryChanges(after: polled, limit: 1_000)
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
            follower.start()
            followed.append(warmMedian())
            stop.set()
        }
        alone.sort()
        followed.sort()
        report["feed_decide_alone_median_us"] = (alone[1] + alone[2]) / 2
        report["feed_decide_followed_median_us"] = (followed[1] + followed[2]) / 2
        report["feed_decide_ratio"] = ((followed[1] + followed[2]) / 2) / ((alone[1] + alone[2]) / 2)
    }
}

final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A small deterministic generator (SplitMix64), so runs are comparable.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
