import ArgumentParser
import DatabaseTLS
import Foundation

/// `phiguard version`: PHIGuard's version and the OpenSSL library it is linked against.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print PHIGuard's version and the OpenSSL version it is linked against."
    )

    @OptionGroup var output: FormatOption

    func run() throws {
        let report = VersionReport(
            phiguard: PHIGuardVersion.current,
            openssl: OpenSSLLibrary.versionString,
            opensslVersionNumber: String(OpenSSLLibrary.versionNumber, radix: 16)
        )
        switch output.format {
        case .text:
            print("phiguard \(report.phiguard)")
            print("openssl \(report.openssl)")
        case .json:
            print(try report.jsonLine())
        }
    }
}

struct VersionReport: Codable, Sendable {
    var phiguard: String
    var openssl: String
    var opensslVersionNumber: String

    enum CodingKeys: String, CodingKey {
        case phiguard
        case openssl
        case opensslVersionNumber = "openssl_version_number"
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
