/// The periodic access review (164.308(a)(4)(ii)(C) and (a)(1)(ii)(D)): who can reach which PHI
/// through which roles and grants, grants about to expire, and principals inactive for long.
public struct AccessReviewReport: Sendable {
    public struct Row: Sendable, Hashable {
        public var principalID: String
        public var principalStatus: String
        public var via: String  // "direct" or "role:ID"
        public var grantID: String
        public var actions: [String]
        public var scope: String
        public var purposes: [String]
        public var labels: [String]
        public var validUntil: Timestamp?
    }

    public var rows: [Row]
    public var expiringGrants: [Grant]
    public var inactivePrincipals: [Principal]

    public init(directory: AccessDirectory, at now: Timestamp, department: String? = nil, expiringWithinDays: Int64 = 30, inactiveDays: Int64 = 90) {
        var rows: [Row] = []
        let activeGrants = directory.grants.values.filter { $0.isActive(at: now) }
        for principal in directory.principals.values.sorted(by: { $0.id < $1.id }) {
            let roles = Set(directory.activeRoles(of: principal.id, at: now).flatMap { directory.roleClosure(of: $0) })
            for grant in activeGrants.sorted(by: { $0.id < $1.id }) {
                let via: String
                switch grant.grantee {
                case .principal(let id) where id == principal.id: via = "direct"
                case .role(let id) where roles.contains(id): via = "role:\(id)"
                default: continue
                }
                if let department, grant.scope.patient != nil || (!grant.scope.departments.isEmpty && !grant.scope.departments.contains(department)) {
                    continue
                }
                let scope =
                    grant.scope.patient.map { _ in "one patient" }
                    ?? (grant.scope.departments.isEmpty ? "all departments" : grant.scope.departments.joined(separator: "+"))
                let categories = grant.scope.categories.isEmpty ? "" : " [" + grant.scope.categories.map(\.rawValue).joined(separator: ",") + "]"
                rows.append(
                    Row(
                        principalID: principal.id, principalStatus: principal.status.rawValue, via: via, grantID: grant.id,
                        actions: grant.actions.map(\.rawValue), scope: scope + categories, purposes: grant.purposes.map(\.rawValue),
                        labels: grant.labels.map(\.rawValue) + grant.confidentiality.map(\.rawValue), validUntil: grant.validUntil))
            }
        }
        self.rows = rows
        // Clamped to a century so day arithmetic cannot overflow, whatever a caller passes.
        let horizon = now.adding(days: min(max(expiringWithinDays, 0), 36_500))
        expiringGrants = activeGrants.filter { $0.validUntil.map { $0 <= horizon } ?? false }.sorted { $0.id < $1.id }
        let cutoff = now.adding(days: -min(max(inactiveDays, 0), 36_500))
        inactivePrincipals = directory.principals.values.filter {
            $0.status == .active && ($0.lastActiveAt ?? $0.createdAt) < cutoff
        }.sorted { $0.id < $1.id }
    }
}
