/// The text renderings: a run's cases and summary for a reader, and the rule catalogue (printed by
/// `phiguard monitor rules` and kept in docs/monitoring.md).
public enum MonitorText {
    public static func render(cases: [MonitorCase], statistics: MonitorStatistics) -> String {
        var out = ""
        for opened in cases {
            out +=
                "\(opened.id)  \(opened.subjectKind.rawValue) \(opened.subject)  score \(opened.score.clean)  [\(opened.families.map(\.rawValue).joined(separator: ", "))]\n"
            out += "  \(opened.summary)\n"
            for observation in opened.observations.prefix(10) {
                out +=
                    "  \(RFC3339.format(observation.time))  \(observation.rule)  +\(observation.score.clean)  \(observation.patient ?? "-")  \(observation.detail)\n"
            }
            let more = opened.observations.count + opened.omittedObservations - 10
            if more > 0 { out += "  … \(more) more observations (--format json lists up to \(MonitorCase.observationLimit))\n" }
            out += "\n"
        }
        let explained = statistics.permits == 0 ? 0 : Double(statistics.explainedPermits) * 100 / Double(statistics.permits)
        out +=
            "\(statistics.records) records (\(statistics.permits) permits, \(statistics.denials) denials, \(statistics.breakGlass) break-the-glass) "
        out += "by \(statistics.actors) people; \(Int(explained.rounded()))% of permits explained by a care relationship.\n"
        out +=
            "\(statistics.actorCases) actor case\(statistics.actorCases == 1 ? "" : "s"), \(statistics.patientCases) patient case\(statistics.patientCases == 1 ? "" : "s").\n"
        if statistics.permitsWithoutGrantKind > 0 {
            out +=
                "note: \(statistics.permitsWithoutGrantKind) permits name no grant kind (treated as broad); add grant_kind or a grant catalogue to the facts.\n"
        }
        if statistics.actorsWithoutRoleClass > 0 {
            out +=
                "note: \(statistics.actorsWithoutRoleClass) people have roles no role_classes keyword matches; the purpose rule does not judge them.\n"
        }
        if statistics.actorsWithoutFacts > 0 {
            out += "note: \(statistics.actorsWithoutFacts) people are not in the facts' workforce; the rules that need facts cannot judge them.\n"
        }
        if !statistics.skippedRules.isEmpty {
            out += "skipped (need --facts): \(statistics.skippedRules.joined(separator: ", ")).\n"
        }
        return out
    }

    /// The catalogue as Markdown-friendly text: one block per rule with its parameters.
    public static func catalogue() -> String {
        var out = ""
        for rule in MonitorRule.all {
            var flags: [String] = [rule.family.rawValue]
            if rule.needsFacts { flags.append("needs facts") }
            if !rule.countsAsIncident { flags.append("adds score only") }
            out += "\(rule.number) \(rule.id) (\(flags.joined(separator: ", "))): \(rule.summary)\n"
            for parameter in rule.parameters {
                out += "    \(parameter.name) = \(parameter.defaultValue.clean)  \(parameter.meaning)\n"
            }
        }
        return out
    }
}
