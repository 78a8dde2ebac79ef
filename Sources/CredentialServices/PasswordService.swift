public import AccessModel
public import Cedar
public import Credentials
public import Foundation
public import Store

/// Password checks with what needs the store: no reuse of the last N passwords (Argon2id history with
/// a pepper kept in a file beside the audit keys) and the minimum age between changes.
public struct PasswordService: Sendable {
    public let factory: PasswordCheckerFactory
    public let inventory: (any CredentialInventory)?
    public let hasher: PasswordHasher?
    public var rangeClient = PwnedRangeClient()

    /// `pepperFile` is created on first use (mode 0600); without an inventory, history is not checked.
    public init(factory: PasswordCheckerFactory, inventory: (any CredentialInventory)?, pepperFile: String?, parameters: Argon2Parameters = .owasp)
        throws(CredentialsError)
    {
        self.factory = factory
        self.inventory = inventory
        hasher = try pepperFile.map { path throws(CredentialsError) in
            PasswordHasher(pepper: try PasswordHasher.loadOrCreatePepper(at: path), parameters: parameters)
        }
    }

    /// Checks one password; with a user and an inventory, also history and minimum age.
    public func check(_ password: String, profile: String?, context: PasswordContext, at now: Timestamp) throws -> PasswordVerdict {
        let checker = try factory.checker(profile: profile)
        return try check(password, checker: checker, prepared: checker.prepare(context), at: now)
    }

    public func check(_ password: String, checker: PasswordChecker, prepared: PasswordChecker.PreparedContext, at now: Timestamp) throws
        -> PasswordVerdict
    {
        var verdict = checker.check(password, prepared: prepared)
        let profile = checker.profile
        // Online breach check (off by default): only an otherwise acceptable password is sent, as
        // five hex digits of its SHA-1. An unavailable service does not refuse the password.
        if profile.breachOnline, verdict.accepted {
            do {
                let count = try rangeClient.count(of: password)
                if count > 0 {
                    verdict.add(PasswordFailure("breached", "this password has appeared in \(count) data breaches; choose another"))
                }
            } catch {
                verdict.feedback.append("The online breach check was unavailable; the password was checked against the local lists only.")
            }
        }
        guard let user = prepared.context.userName, let inventory else { return verdict }
        if profile.minimumAgeDays > 0, let last = try inventory.lastPasswordChange(user: user),
            now < last.adding(days: Int64(profile.minimumAgeDays))
        {
            verdict.add(
                PasswordFailure(
                    "too_soon",
                    "the password was changed less than \(profile.minimumAgeDays) day(s) ago; try again after \(last.adding(days: Int64(profile.minimumAgeDays)))"
                ))
        }
        // History is only worth its cost (one Argon2id per entry) for an otherwise acceptable password.
        if profile.history > 0, verdict.accepted, let hasher {
            let entries = try inventory.passwordHistory(user: user, limit: profile.history)
            if try hasher.matchesAny(password, entries: entries) {
                verdict.add(PasswordFailure("reused", "do not reuse any of your last \(profile.history) passwords"))
            }
        }
        return verdict
    }

    /// Checks a new password and, when it is accepted, records its hash in the user's history.
    public func change(_ password: String, profile: String?, context: PasswordContext, actor: String, at now: Timestamp) throws -> PasswordVerdict {
        guard let user = context.userName else { throw CredentialsError(.invalidCredential, "a password change needs a user name") }
        guard let inventory, let hasher else { throw CredentialsError(.historyHashing, "a password change needs the store and its pepper file") }
        let checker = try factory.checker(profile: profile)
        let verdict = try check(password, checker: checker, prepared: checker.prepare(context), at: now)
        guard verdict.accepted else { return verdict }
        try inventory.recordPasswordChange(
            user: user, phc: try hasher.hash(password), pepperID: hasher.pepperID, keep: max(checker.profile.history, 1), actor: actor, at: now)
        return verdict
    }
}

extension PasswordVerdict {
    /// `{"accepted","score","guesses_log10","failures":[{"code","message"}],"feedback":[…]}`, keys in this order.
    public var json: JSON {
        let log = guessesLog10.isFinite ? String(format: "%.3f", guessesLog10) : "0"
        return .object(
            JSONObject([
                ("accepted", .bool(accepted)), ("score", .number(String(score))), ("guesses_log10", .number(log)),
                ("failures", .array(failures.map { .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message))])) })),
                ("feedback", .array(feedback.map(JSON.string))),
            ]))
    }

    public var jsonLine: String { json.serialized }

    /// One line for people: `accepted (strength 4 of 4)` or the failures with what to do.
    public var textLine: String {
        if accepted { return "accepted (strength \(score) of 4)" }
        return "refused (strength \(score) of 4): " + failures.map { "\($0.code): \($0.message)" }.joined(separator: "; ")
    }
}
