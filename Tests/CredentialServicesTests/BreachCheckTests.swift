import AccessModel
import CredentialServices
import Credentials
import Foundation
import Store
import Testing

@Suite("online breach check (Pwned Passwords range API)", .serialized)
struct BreachCheckTests {
    func service(base: URL) throws -> PasswordService {
        var profile = try Support.factory().profiles.profile(nil)
        profile.breachOnline = true
        let factory = try PasswordCheckerFactory(profiles: PasswordProfiles([profile]), wordListFolder: Support.wordLists, referenceYear: 2026)
        var service = try PasswordService(factory: factory, inventory: nil, pepperFile: nil)
        service.rangeClient = PwnedRangeClient(base: base, timeout: 2)
        return service
    }

    @Test("a breached password is refused; only five hex digits of its hash leave; padding is ignored")
    func breached() throws {
        let breached = "violet anchor pebble quartz"
        let peer = try Peer(script: "pwned_range.py", arguments: ["\(PwnedPasswordsFile.sha1Hex(breached)):42"])
        defer { peer.stop() }
        let service = try service(base: URL(string: "http://127.0.0.1:\(peer.port)/range/")!)
        let verdict = try service.check(breached, profile: nil, context: PasswordContext(), at: .now)
        #expect(verdict.failures.map(\.code) == ["breached"])
        #expect(verdict.failures[0].message.contains("42 data breaches"))
        #expect(try service.check("lantern meadow harbor thistle", profile: nil, context: PasswordContext(), at: .now).accepted)
    }

    @Test("an unreachable service does not refuse the password but says so")
    func unavailable() throws {
        let service = try service(base: URL(string: "http://127.0.0.1:\(Support.freePort())/range/")!)
        let verdict = try service.check("lantern meadow harbor thistle", profile: nil, context: PasswordContext(), at: .now)
        #expect(verdict.accepted)
        #expect(verdict.feedback.contains { $0.contains("online breach check was unavailable") })
    }
}
