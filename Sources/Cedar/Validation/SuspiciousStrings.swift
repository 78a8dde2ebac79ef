/// Warnings for strings that can mislead a reviewer: bidirectional control characters (which
/// reorder what a reviewer sees) and identifiers mixing scripts (homoglyph look-alikes).
enum SuspiciousStrings {
    static let bidiControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    static func warnings(for policy: Policy) -> [ValidationIssue] {
        var strings: [(String, SourceLocation?)] = []
        func collect(_ expr: Expr) {
            switch expr.kind {
            case .literal(.string(let s)): strings.append((s.string, expr.location))
            case .literal(.entity(let uid)): strings.append((uid.id.string, expr.location))
            case .like(_, let pattern):
                for case .literal(let text) in pattern { strings.append((text, expr.location)) }
            default: break
            }
            expr.kind.forEachChild(collect)
        }
        for condition in policy.conditions { collect(condition.body) }
        for uid in [policy.principal.entity, policy.resource.entity].compactMap({ $0 }) + policy.action.entities {
            strings.append((uid.id.string, policy.location))
        }
        var warnings: [ValidationIssue] = []
        for (text, location) in strings {
            let message: String
            if text.unicodeScalars.contains(where: { bidiControls.contains($0.value) }) {
                message = "string contains a bidirectional control character, which can make the policy read differently than it evaluates"
            } else if mixesScripts(text) {
                message = "string mixes Latin with Cyrillic or Greek letters, which can hide look-alike characters"
            } else {
                continue
            }
            let issue = ValidationIssue(policyID: policy.id, code: "suspicious_string", message: message, location: location, severity: .warning)
            if !warnings.contains(issue) { warnings.append(issue) }
        }
        return warnings
    }

    /// Latin letters together with Cyrillic or Greek ones in one string.
    static func mixesScripts(_ text: String) -> Bool {
        var latin = false
        var other = false
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin = true
            case 0x370...0x3FF, 0x400...0x4FF: other = true
            default: break
            }
        }
        return latin && other
    }
}
