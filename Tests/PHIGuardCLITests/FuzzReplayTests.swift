import Foundation
import LabSupport
import Testing

/// Every fuzz target replays its seeds and every regression input found by a fuzz run, without the
/// fuzzer: a fixed crash or broken property stays fixed.
@Suite("fuzz seeds and regressions replay")
struct FuzzReplayTests {
    static var executable: URL { CLIRunner.executableURL.deletingLastPathComponent().appendingPathComponent("phiguard-fuzz") }

    @Test("every target runs its seeds, regressions and the default policies without a trap")
    func replay() throws {
        let (status, list) = try ChildProcesses.capture([Self.executable.path, "list"])
        try #require(status == 0)
        let targets = list.split(separator: "\n").map(String.init)
        #expect(targets.count >= 13)
        let root = ChildProcesses.repository
        for target in targets {
            var paths = ["Tests/Fuzz/seeds/\(target)", "Tests/Fuzz/regressions/\(target)"].map { root.appendingPathComponent($0).path }
            if target.hasPrefix("cedar") || target.hasSuffix("-rules") || target.hasSuffix("-policy") || target == "password-profile" {
                paths.append(root.appendingPathComponent("Policies").path)
            }
            let (code, output) = try ChildProcesses.capture([Self.executable.path, "replay", target] + paths)
            #expect(code == 0, "\(target): \(output)")
            #expect(output.contains("\(target): "), "\(output)")
        }
    }
}
