public import Credentials
public import Foundation

/// The Pwned Passwords range API (k-anonymity): only the first 5 hex digits of the password's SHA-1
/// leave the machine; the answer lists every suffix with that prefix and its breach count. Padding is
/// requested (`Add-Padding: true`) so the answer's size says nothing; padded entries have count 0.
public struct PwnedRangeClient: Sendable {
    public static let defaultBase = URL(string: "https://api.pwnedpasswords.com/range/")!
    public let base: URL
    public let timeout: TimeInterval

    /// `PHIGUARD_PWNED_RANGE_URL` overrides the base (a mirror inside the hospital network).
    public init(base: URL? = nil, timeout: TimeInterval = 5) {
        self.base = base ?? ProcessInfo.processInfo.environment["PHIGUARD_PWNED_RANGE_URL"].flatMap(URL.init(string:)) ?? Self.defaultBase
        self.timeout = timeout
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// How often the password appears in breaches; throws `Unavailable` when the service cannot answer.
    public func count(of password: String) throws(Unavailable) -> Int {
        let hash = PwnedPasswordsFile.sha1Hex(password)
        let prefix = String(hash.prefix(5))
        let suffix = hash.dropFirst(5)
        let headers = ["Add-Padding": "true", "User-Agent": "phiguard-password-check"]
        switch HTTPExchange.perform(method: "GET", url: base.appendingPathComponent(prefix), headers: headers, body: nil, timeout: timeout) {
        case .problem(let problem):
            throw Unavailable(description: "the breach range service did not answer: \(problem)")
        case .answer(let status, let body):
            guard status == 200, let text = String(data: body.prefix(4 << 20), encoding: .utf8) else {
                throw Unavailable(description: "the breach range service answered HTTP \(status)")
            }
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].count == 35 else { continue }
                if parts[0].uppercased() == suffix { return Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0 }
            }
            return 0
        }
    }
}
