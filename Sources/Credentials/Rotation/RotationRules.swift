public import AccessModel
import Yams

/// A length of time written `90d`, `12h`, `30m` or `2w` in files and on the command line.
public struct Period: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }
    public static func days(_ days: Int64) -> Period { Period(seconds: days * 86_400) }

    public init(parsing text: String) throws(CredentialsError) {
        let trimmed = text.trimmingPrefix(" ")
        guard let unit = trimmed.last, let value = Int64(trimmed.dropLast()), value >= 0, value <= 36_500 * 86_400 else {
            throw CredentialsError(.invalidDuration, "`\(text)` is not a duration such as 30d, 12h, 45m or 2w")
        }
        let scale: Int64
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        case "w": scale = 7 * 86_400
        default: throw CredentialsError(.invalidDuration, "`\(text)` is not a duration such as 30d, 12h, 45m or 2w")
        }
        guard value <= Int64.max / scale / 1000 else { throw CredentialsError(.invalidDuration, "`\(text)` is too long") }
        seconds = value * scale
    }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.seconds < rhs.seconds }

    public var description: String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}

/// How one class of credentials rotates.
public struct RotationClass: Sendable, Equatable {
    public var name: String
    public var description = ""
    /// Rotate at least this often; nil: only on compromise (NIST for passwords people choose).
    public var maximumAge: Period? = nil
    /// Remind the owner this long before the due date, once per lead time (longest first).
    public var reminders: [Period] = [.days(14), .days(7), .days(1)]
    /// Escalate once a credential is overdue by this much…
    public var escalateAfter: Period? = nil
    /// …to this contact (an e-mail address or a team name the sink understands).
    public var escalateTo: String? = nil
    /// Where reminders go when the credential names no contact.
    public var contact: String? = nil
    /// Lock after this many consecutive failed attempts (NIST ≤ 100, PCI ≤ 10) for `lockoutMinutes`.
    public var lockoutThreshold = 100
    public var lockoutMinutes = 30
    /// The password profile generated passwords of this class must meet.
    public var passwordProfile: String? = nil
    /// Where the rule comes from.
    public var source = ""

    public init(name: String) { self.name = name }
}

/// `Policies/rotation.yaml`: rotation classes by name.
public struct RotationRules: Sendable, Equatable {
    public var classes: [String: RotationClass] = [:]

    public init(classes: [RotationClass]) {
        for rotationClass in classes { self.classes[rotationClass.name] = rotationClass }
    }

    static let classKeys: Set<String> = [
        "description", "max_age", "reminders", "escalate_after", "escalate_to", "contact", "lockout_threshold", "lockout_minutes",
        "password_profile", "source",
    ]

    public init(yaml text: String, file: String = "rotation.yaml") throws(CredentialsError) {
        let reader = StrictYAML(file: file, code: .invalidRotationRules)
        let root = try reader.document(text)
        var defaults = RotationClass(name: "")
        var classesNode: Node?
        for (key, value) in try reader.mapping(root, "rotation rules", allowed: ["defaults", "classes"]) {
            if key == "defaults" {
                defaults = try Self.parseClass(named: "", value, base: defaults, reader)
            } else {
                classesNode = value
            }
        }
        guard let classesNode else { throw reader.error(root, "rotation rules need `classes`") }
        for (name, value) in try reader.mapping(classesNode, "`classes`") {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw reader.error(classesNode, "class name `\(name)` must be letters, digits, `-` or `_`")
            }
            classes[name] = try Self.parseClass(named: name, value, base: defaults, reader)
        }
    }

    static func parseClass(named name: String, _ node: Node, base: RotationClass, _ reader: StrictYAML) throws(CredentialsError) -> RotationClass {
        var result = base
        result.name = name
        func duration(_ value: Node, _ key: String) throws(CredentialsError) -> Period {
            let text = try reader.string(value, key)
            do {
                return try Period(parsing: text)
            } catch {
                throw reader.error(value, "`\(key)`: \(error.message)")
            }
        }
        for (key, value) in try reader.mapping(node, name.isEmpty ? "`defaults`" : "class `\(name)`", allowed: classKeys) {
            switch key {
            case "description": result.description = try reader.string(value, key)
            case "max_age": result.maximumAge = value.scalar?.string == "null" || value.scalar?.string == "never" ? nil : try duration(value, key)
            case "reminders":
                guard let items = value.sequence else { throw reader.error(value, "`reminders` must be a list of durations such as [14d, 7d, 1d]") }
                var leads: [Period] = []
                for item in items { leads.append(try duration(item, key)) }
                result.reminders = leads.sorted(by: >)
            case "escalate_after": result.escalateAfter = try duration(value, key)
            case "escalate_to": result.escalateTo = try reader.string(value, key)
            case "contact": result.contact = try reader.string(value, key)
            case "lockout_threshold": result.lockoutThreshold = try reader.integer(value, key, 1...100)
            case "lockout_minutes": result.lockoutMinutes = try reader.integer(value, key, 0...10080)
            case "password_profile": result.passwordProfile = try reader.string(value, key)
            default: result.source = try reader.string(value, key)
            }
        }
        if result.escalateAfter != nil && result.escalateTo == nil {
            throw reader.error(node, "class `\(name)` sets `escalate_after` without `escalate_to`")
        }
        return result
    }

    public func rotationClass(_ name: String) throws(CredentialsError) -> RotationClass {
        guard let found = classes[name] else {
            throw CredentialsError(.invalidCredential, "unknown rotation class `\(name)`; known: \(classes.keys.sorted().joined(separator: ", "))")
        }
        return found
    }
}

extension Timestamp {
    public func adding(_ duration: Period) -> Timestamp { adding(seconds: duration.seconds) }
}
