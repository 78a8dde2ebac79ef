import Credentials
import Foundation
import Synchronization

/// Shared test inputs: the repository's `Policies/` and the installed word lists (`make test`
/// installs them under `var/wordlists`).
enum Fixtures {
    static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()

    static var policies: String { repository.appendingPathComponent("Policies").path }
    static var wordLists: String {
        ProcessInfo.processInfo.environment["PHIGUARD_WORDLISTS"] ?? repository.appendingPathComponent("var/wordlists").path
    }

    private static let cachedFactory = Mutex<PasswordCheckerFactory?>(nil)

    /// Loaded once per test process: the lists take a moment to read.
    static func factory() throws -> PasswordCheckerFactory {
        try cachedFactory.withLock { cached in
            if let cached { return cached }
            let profiles = try PasswordProfiles(folder: policies + "/passwords")
            let made = try PasswordCheckerFactory(profiles: profiles, wordListFolder: wordLists, referenceYear: 2026)
            cached = made
            return made
        }
    }

    static func estimator() throws -> StrengthEstimator { try factory().estimator }

    static func checker(_ profile: String? = nil) throws -> PasswordChecker { try factory().checker(profile: profile) }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-credentials-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
