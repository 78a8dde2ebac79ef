import Foundation

/// Runs the built `phiguard` binary, as a user or cron would, and captures its output.
struct CLIRunner {
    struct Result {
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `phiguard` executable next to the test bundle in the build products folder.
    static var executableURL: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the test runner is `<products>/PHIGuardPackageTests.xctest`; on macOS it is inside a bundle.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("phiguard").path),
            folder.path != "/"
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("phiguard")
    }

    static func run(_ arguments: [String], standardInput: String? = nil) throws -> Result {
        try run(arguments, standardInputBytes: standardInput.map { Data($0.utf8) })
    }

    /// Runs with raw bytes on standard input (for input that is not valid UTF-8).
    static func run(_ arguments: [String], standardInputBytes: Data?) throws -> Result {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let standardInputBytes {
            input.fileHandleForWriting.write(standardInputBytes)
        }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            exitCode: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }
}

extension CLIRunner {
    /// The repository's Policies/ folder.
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies").path

    /// A store of its own in `folder`, the repository's policies, and the privacy officer as actor.
    static func storeArguments(in folder: TemporaryFolder) -> [String] {
        [
            "--database", folder.url.appendingPathComponent("db.sqlite").path, "--keys", folder.url.appendingPathComponent("keys").path, "--policies",
            policies, "--actor", "privacy.officer",
        ]
    }
}
