import Credentials
import Crypto
import Foundation
import Testing

@Suite("password profiles and checks")
struct PasswordCheckerTests {
    func codes(_ verdict: PasswordVerdict) -> [String] { verdict.failures.map(\.code) }

    @Test("the default profiles load and cite their sources")
    func profilesLoad() throws {
        let profiles = try PasswordProfiles(folder: Fixtures.policies + "/passwords")
        let nist = try profiles.profile(nil)
        #expect(nist.name == "nist-800-63b-4")
        #expect(nist.minimumLength == 15 && nist.minimumLengthWithMFA == 8 && nist.maximumLength >= 64)
        #expect(nist.maximumAgeDays == nil)
        #expect(try profiles.profile("pci-dss-4").history == 4)
        #expect(try profiles.profile("cis").history == 24)
        for profile in profiles.byName.values { #expect(!profile.sources.isEmpty, "\(profile.name) cites nothing") }
        #expect(throws: CredentialsError.self) { try profiles.profile("nope") }
    }

    @Test("NIST: length counts code points after NFC, the MFA minimum is 8, no composition rules")
    func nistLength() throws {
        let checker = try Fixtures.checker()
        #expect(codes(checker.check("violet-anchor")).contains("too_short"))
        #expect(checker.check("violet anchor pebble quartz").accepted)
        #expect(checker.check("lowercaseonlyisfinewhenlong").accepted)
        let withMFA = PasswordContext(usesMFA: true)
        #expect(!codes(checker.check("vX9#qLm2", context: withMFA)).contains("too_short"))
        // "e" + combining acute is one code point after NFC: 14 + 1 = 15.
        let decomposed = "cafe\u{301}-anchor-pebbl"
        #expect(!codes(checker.check(decomposed)).contains("too_short"))
        #expect(codes(checker.check(String(repeating: "x", count: 129))) == ["too_long"])
        #expect(codes(checker.check("")) == ["empty"])
    }

    @Test("blocklists compare the whole password; long but guessable passwords are refused with feedback")
    func blocklistAndStrength() throws {
        let checker = try Fixtures.checker()
        #expect(codes(checker.check("passwordpassword")).contains("too_guessable"))
        #expect(codes(checker.check("qwertyuiopasdfghjkl")).contains("too_guessable"))
        #expect(codes(checker.check("baseball12345678")).contains("too_guessable"))
        let pci = try Fixtures.checker("pci-dss-4")
        #expect(codes(pci.check("superman")).contains("blocklisted"))
        let verdict = checker.check("aaaaaaaaaaaaaaaa")
        #expect(!verdict.feedback.isEmpty)
        for failure in verdict.failures { #expect(!failure.message.contains("aaaaaaaaaaaaaaaa")) }
    }

    @Test("user name, service and context words are refused, also reversed and in l33t")
    func contextWords() throws {
        let checker = try Fixtures.checker()
        let context = PasswordContext(userName: "ana.lopez", contextWords: ["Mercy General"])
        #expect(codes(checker.check("violet-ana.lopez-quartz", context: context)).contains("contains_user_name"))
        #expect(codes(checker.check("violet-z3p0l-anchor-quartz", context: context)).contains("contains_user_name"))
        #expect(codes(checker.check("violet-m3rcy-anchor-quartz", context: context)).contains("contains_context_word"))
        #expect(codes(checker.check("violet-phiguard-anchor-q", context: context)).contains("contains_context_word"))
        #expect(checker.check("violet anchor pebble quartz", context: context).accepted)
    }

    @Test("PCI: 12 characters with letters and digits")
    func pci() throws {
        let checker = try Fixtures.checker("pci-dss-4")
        #expect(codes(checker.check("violet-anchor-pebble")).contains("letters_and_digits_required"))
        #expect(checker.check("violet7anchor-pebble").accepted)
    }

    @Test("CIS: classes, repeats, sequences, user substrings, dictionary words and the old password")
    func cis() throws {
        let checker = try Fixtures.checker("cis")
        #expect(codes(checker.check("violetanchorpebble")).contains("too_few_classes"))
        #expect(codes(checker.check("Violet#Anchor9aaaa")).contains("repeated_characters"))
        #expect(codes(checker.check("Violet#Anchor9abcde")).contains("monotonic_sequence"))
        #expect(codes(checker.check("Vi0let#Anch0rLope", context: PasswordContext(userName: "jlopez"))).contains("contains_user_name"))
        #expect(codes(checker.check("!!Hospital2024!!")).contains("dictionary_word"))
        let old = PasswordContext(oldPassword: "Violet#Anchor9Quartz")
        #expect(codes(checker.check("Violet#Anchor9Quartz", context: old)).contains("same_as_old"))
        #expect(codes(checker.check("vIOLET#aNCHOR9qUARTZ", context: old)).contains("case_change_only"))
        #expect(codes(checker.check("Anchor9QuartzViolet#", context: old)).contains("rotated_old"))
        #expect(codes(checker.check("Violet#Anchor9Quartx", context: old)).contains("too_similar"))
    }

    @Test("custom libpwquality knobs: credits, class repeat and bad words")
    func customKnobs() throws {
        let yaml = """
            name: custom
            rules:
              min_length: 8
              min_score: 0
              minlen: 12
              dcredit: 2
              ocredit: -1
              maxclassrepeat: 4
              badwords: [mercy]
            """
        let profile = try PasswordProfile(yaml: yaml, file: "custom.yaml")
        let checker = PasswordChecker(
            profile: profile, estimator: StrengthEstimator(lexicon: .empty, referenceYear: 2026), blocklist: Blocklist(lists: []))
        #expect(codes(checker.check("abcdefgh")).contains("too_short_credited"))
        #expect(codes(checker.check("abcdefgh")).contains("too_few_other"))
        #expect(codes(checker.check("abcd!fg1h2k")).isEmpty)
        #expect(codes(checker.check("qwerty!1merc")).contains("class_repeat"))
        #expect(codes(checker.check("a!1b2M3rcy9x")).contains("contains_bad_word"))
    }

    @Test(
        "profile files with errors name the line",
        arguments: [
            ("name: x\nrules:\n  min_length: twelve\n", "x.yaml:3:15"),
            ("name: x\nrules:\n  minimum: 12\n", "x.yaml:3:3"),
            ("name: x\nrules: [1, 2\n", "x.yaml:3"),
            ("name: x\nrules:\n  min_length: 20\n  max_length: 10\n", "max_length"),
            ("rules: {}\n", "name"),
        ])
    func badProfiles(_ yaml: String, _ expected: String) {
        do {
            _ = try PasswordProfile(yaml: yaml, file: "x.yaml")
            Issue.record("accepted \(yaml)")
        } catch {
            #expect(error.code == .invalidProfile)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("a Pwned Passwords file is searched in place")
    func pwnedFile() throws {
        let folder = try Fixtures.temporaryFolder()
        let known = ["hunter2", "letmein", "Passw0rd!", "correct horse"]
        var lines = known.enumerated().map { "\(PwnedPasswordsFile.sha1Hex($0.element)):\($0.offset + 3)" }
        for index in 0..<2000 { lines.append("\(PwnedPasswordsFile.sha1Hex("filler-\(index)")):1") }
        lines.sort()
        let path = folder.appendingPathComponent("pwned.txt").path
        try (lines.joined(separator: "\r\n") + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = try PwnedPasswordsFile(path: path)
        for (index, password) in known.enumerated() { #expect(try file.count(of: password) == index + 3) }
        #expect(try file.count(of: "filler-0") == 1)
        #expect(try file.count(of: "filler-1999") == 1)
        #expect(try file.count(of: "not in the file") == 0)
        try "garbage\nmore garbage\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CredentialsError.self) { try PwnedPasswordsFile(path: path).count(of: "x") }
    }

    @Test("history: Argon2id PHC strings with a pepper kept outside")
    func history() throws {
        let fast = Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
        let hasher = PasswordHasher(pepper: SymmetricKey(size: .bits256), parameters: fast)
        let entry = try hasher.hash("violet anchor pebble")
        #expect(entry.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
        #expect(try hasher.hash("violet anchor pebble") != entry)  // per-entry salt
        #expect(try hasher.verify("violet anchor pebble", phc: entry))
        #expect(try !hasher.verify("violet anchor pebbles", phc: entry))
        let otherPepper = PasswordHasher(pepper: SymmetricKey(size: .bits256), parameters: fast)
        #expect(try !otherPepper.verify("violet anchor pebble", phc: entry))
        let entries = try (0..<6).map { try hasher.hash("old-\($0)") }
        #expect(try hasher.matchesAny("old-4", entries: entries))
        #expect(try !hasher.matchesAny("new", entries: entries))
        #expect(throws: CredentialsError.self) { try hasher.verify("x", phc: "$argon2id$garbage") }
    }

    @Test("SCRAM-SHA-256 verifier matches an independent computation")
    func scram() throws {
        let verifier = try ScramVerifier.make(password: "Rotate-Me-2026", salt: Array(0..<16))
        #expect(
            verifier
                == "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$I4MYJa8BZpGcrL/mXPlofse9i0Ccc2vS5+GgAzkwy8A=:TfkdYpXPDu8TUG2CmZileMD3MDkayT+sLyHK3zmxDAY="
        )
        #expect(throws: CredentialsError.self) { try ScramVerifier.make(password: "naïve") }
    }

    @Test("generated passwords satisfy their profile")
    func generator() throws {
        let checker = try Fixtures.checker("service-account")
        for _ in 0..<5 {
            let password = try PasswordGenerator.generate(for: checker)
            #expect(password.count == 32)
            #expect(checker.check(password).accepted)
        }
        // Every character class, always: database validation plugins refuse a password without one.
        for _ in 0..<200 {
            let password = try PasswordGenerator.generate(for: checker)
            #expect(password.contains(where: \.isLowercase) && password.contains(where: \.isUppercase) && password.contains(where: \.isNumber))
            #expect(password.contains { !$0.isLetter && !$0.isNumber })
        }
    }
}
