import Yams

/// What a role is for, as the purpose rules (R5) see it. Hospitals name roles their own way, so a
/// role is classified by keywords (`Policies/monitoring.yaml` → `role_classes`); an unclassified
/// role is never judged by R5.
public enum RoleClass: String, Sendable, Hashable, CaseIterable {
    case clinical, billing, records, research, it
}

/// The monitor's settings: case thresholds, rules turned off, rule parameters, sensitive labels and
/// role classes. Read from `Policies/monitoring.yaml`; every key is checked, so a typo never
/// silently turns a rule off.
public struct MonitoringSettings: Sendable {
    /// An actor case opens when the actor's scores in a rolling window reach this.
    public var caseScore: Double = 100
    public var caseWindowHours: Double = 24
    /// …or when this many distinct incident rules fire on at least `multiIncidentPatients` patients within `multiIncidentDays`.
    public var multiIncidentRules = 3
    public var multiIncidentPatients = 2
    public var multiIncidentDays: Double = 7
    /// Observations scoring less than this (a common surname, a shared postal code) add score but never count as an incident.
    public var incidentMinimumScore: Double = 20
    /// Scores of an actor with a confirmed violation in the last `repeatOffenderDays` are multiplied by this.
    public var repeatOffenderMultiplier: Double = 1.5
    public var repeatOffenderDays: Double = 365
    /// An open case takes in later observations until this many days pass without one.
    public var caseQuietDays: Double = 7
    /// A relationship permit for the pair this recently explains a later broad access.
    public var explainedDays: Double = 30
    /// Labels R6 treats as sensitive.
    public var sensitiveLabels: Set<String> = ["SUD", "ETHUD", "OPIOIDUD", "ETH", "PSY", "PSYTHPN", "MH", "BH", "HIV", "STD", "SEX", "SDV", "GDIS"]
    public var disabled: Set<String> = []
    /// Overrides of rule parameters: rule id → parameter → value.
    public var overrides: [String: [String: Double]] = [:]
    /// Keywords that classify a role name; a keyword of three letters or fewer must be a whole word of the name.
    public var roleKeywords: [(RoleClass, [String])] = MonitoringSettings.defaultRoleKeywords

    public init() {}

    public static let defaultRoleKeywords: [(RoleClass, [String])] = [
        (.research, ["research", "investigator", "study", "scientist"]),
        (.billing, ["billing", "coder", "coding", "finance", "revenue", "claims", "payment", "accounts", "cashier"]),
        (
            .records,
            [
                "him", "records", "registrar", "registration", "scheduler", "scheduling", "clerk", "receptionist", "privacy", "compliance", "quality",
                "release",
            ]
        ),
        (.it, ["it", "helpdesk", "engineer", "developer", "analyst", "dba", "integration", "interface", "admin", "administrator", "support"]),
        (
            .clinical,
            [
                "physician", "doctor", "nurse", "surgeon", "resident", "fellow", "attending", "clinician", "therapist", "pharmacist", "pharmacy",
                "psychiatrist", "psychologist", "radiolog", "anesthes", "paramedic", "midwife", "practitioner", "hospitalist", "intern",
                "technologist", "technician", "tech", "aide", "counselor", "social worker", "dietitian", "chaplain", "rn", "md", "do", "np", "pa",
                "lpn", "cna", "crna", "emt",
            ]
        ),
    ]

    /// A rule's parameter: the override, else the rule's default.
    public func value(_ rule: String, _ parameter: String) -> Double {
        if let value = overrides[rule]?[parameter] { return value }
        guard let value = MonitorRule.byID[rule]?.defaultValue(parameter) else {
            preconditionFailure("rule \(rule) has no parameter \(parameter)")
        }
        return value
    }

    public func isEnabled(_ rule: String) -> Bool { !disabled.contains(rule) }

    /// The class of a role name, by the first class with a matching keyword.
    public func roleClass(of role: String) -> RoleClass? {
        let lowered = role.lowercased()
        let words = Set(lowered.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        for (roleClass, keywords) in roleKeywords {
            for keyword in keywords {
                if keyword.count <= 3 ? words.contains(keyword) : lowered.contains(keyword) { return roleClass }
            }
        }
        return nil
    }

    /// Reads the YAML through Yams' node composer (never its type constructor, which traps on some
    /// malformed input) and checks every key.
    public init(yaml text: String, source: String) throws(MonitoringError) {
        self.init()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw MonitoringError(.invalidMonitoringSettings, "\(source) is not valid YAML")
        }
        guard let root else { return }
        guard let map = root.mapping else { throw MonitoringError(.invalidMonitoringSettings, "\(source) must be a mapping of settings") }
        func fail(_ message: String) -> MonitoringError { MonitoringError(.invalidMonitoringSettings, "\(source): \(message)") }
        func number(_ node: Node, _ name: String, _ range: ClosedRange<Double>) throws(MonitoringError) -> Double {
            guard let text = node.scalar?.string, let value = Double(text), value.isFinite, range.contains(value) else {
                throw fail("\(name) must be a number from \(range.lowerBound.clean) to \(range.upperBound.clean)")
            }
            return value
        }
        func strings(_ node: Node, _ name: String) throws(MonitoringError) -> [String] {
            guard let items = node.sequence else { throw fail("\(name) must be a list") }
            var values: [String] = []
            for item in items {
                guard let text = item.scalar?.string, !text.isEmpty else { throw fail("\(name) must be a list of names") }
                values.append(text)
            }
            return values
        }
        for (keyNode, value) in map {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "cases":
                guard let caseMap = value.mapping else { throw fail("cases must be a mapping") }
                for (nameNode, setting) in caseMap {
                    let name = nameNode.scalar?.string ?? ""
                    switch name {
                    case "score": caseScore = try number(setting, "cases.score", 1...100_000)
                    case "window_hours": caseWindowHours = try number(setting, "cases.window_hours", 1...720)
                    case "multi_incident_rules": multiIncidentRules = Int(try number(setting, "cases.multi_incident_rules", 2...20))
                    case "multi_incident_patients": multiIncidentPatients = Int(try number(setting, "cases.multi_incident_patients", 1...100))
                    case "multi_incident_days": multiIncidentDays = try number(setting, "cases.multi_incident_days", 1...90)
                    case "repeat_offender_multiplier": repeatOffenderMultiplier = try number(setting, "cases.repeat_offender_multiplier", 1...10)
                    case "repeat_offender_days": repeatOffenderDays = try number(setting, "cases.repeat_offender_days", 1...3650)
                    case "quiet_days": caseQuietDays = try number(setting, "cases.quiet_days", 1...90)
                    case "incident_minimum_score": incidentMinimumScore = try number(setting, "cases.incident_minimum_score", 0...1000)
                    default:
                        throw fail(
                            "unknown setting cases.\(name) (score, window_hours, multi_incident_rules, multi_incident_patients, multi_incident_days, repeat_offender_multiplier, repeat_offender_days, quiet_days, incident_minimum_score)"
                        )
                    }
                }
            case "explained_days": explainedDays = try number(value, "explained_days", 1...365)
            case "sensitive_labels": sensitiveLabels = Set(try strings(value, "sensitive_labels"))
            case "disabled":
                for id in try strings(value, "disabled") {
                    guard MonitorRule.byID[id] != nil else { throw fail("unknown rule `\(id)` in disabled") }
                    disabled.insert(id)
                }
            case "rules":
                guard let ruleMap = value.mapping else { throw fail("rules must map rule ids to their parameters") }
                for (idNode, parameters) in ruleMap {
                    let id = idNode.scalar?.string ?? ""
                    guard let rule = MonitorRule.byID[id] else { throw fail("unknown rule `\(id)`") }
                    guard let parameterMap = parameters.mapping else { throw fail("rules.\(id) must be a mapping of parameters") }
                    for (nameNode, setting) in parameterMap {
                        let name = nameNode.scalar?.string ?? ""
                        if name == "enabled" {
                            guard let flag = setting.scalar?.string, ["true", "false"].contains(flag) else {
                                throw fail("rules.\(id).enabled must be true or false")
                            }
                            if flag == "false" { disabled.insert(id) }
                            continue
                        }
                        guard let parameter = rule.parameters.first(where: { $0.name == name }) else {
                            throw fail(
                                "rule \(id) has no parameter `\(name)` (\((["enabled"] + rule.parameters.map(\.name)).joined(separator: ", ")))")
                        }
                        overrides[id, default: [:]][name] = try number(setting, "rules.\(id).\(name)", parameter.range)
                    }
                }
            case "role_classes":
                guard let classMap = value.mapping else { throw fail("role_classes must map a class to its keywords") }
                var keywords: [(RoleClass, [String])] = []
                for (nameNode, list) in classMap {
                    guard let roleClass = nameNode.scalar.flatMap({ RoleClass(rawValue: $0.string) }) else {
                        throw fail("role_classes: `\(nameNode.scalar?.string ?? "?")` is not clinical, billing, records, research or it")
                    }
                    keywords.append((roleClass, try strings(list, "role_classes.\(roleClass.rawValue)").map { $0.lowercased() }))
                }
                roleKeywords = keywords
            default:
                throw fail("unknown setting `\(key)` (cases, explained_days, sensitive_labels, disabled, rules, role_classes)")
            }
        }
    }
}

extension Double {
    /// `100` rather than `100.0`; fractions as they are.
    var clean: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
