import ArgumentParser
import CredentialServices
import Credentials
import Foundation
import Store

/// Where the credentials domain finds its files: profiles and rotation rules under `Policies/`,
/// word lists under `var/wordlists`, the history pepper beside the audit keys.
struct CredentialOptions: ParsableArguments {
    @Option(name: .long, help: "Word-list folder (env PHIGUARD_WORDLISTS).")
    var wordlists: String = WordLists.defaultFolder

    func passwordFactory(policies: String) throws(CLIError) -> PasswordCheckerFactory {
        do {
            return try PasswordCheckerFactory(policyFolder: policies, wordListFolder: wordlists)
        } catch {
            throw CLIError(credentials: error, exitCode: 2)
        }
    }

    func rotationRules(policies: String) throws(CLIError) -> RotationRules {
        let path = (policies as NSString).appendingPathComponent("rotation.yaml")
        let text = try readTextFile(path, what: "rotation rules")
        do {
            return try RotationRules(yaml: text, file: path)
        } catch {
            throw CLIError(code: error.code.rawValue, message: error.message, exitCode: 2)
        }
    }

    static func pepperFile(keys: String) -> String { (keys as NSString).appendingPathComponent("password-pepper") }
}

/// Lines of standard input, each at most `limit` bytes: a longer line is reported, not kept, so a
/// hostile input cannot exhaust memory; invalid UTF-8 is reported per line.
struct BoundedLines: Sequence, IteratorProtocol {
    enum Line {
        case text(String)
        case invalidUTF8
        case tooLong
    }

    let limit: Int
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var start = 0
    private var end = 0
    private var finished = false

    init(limit: Int) { self.limit = limit }

    mutating func next() -> Line? {
        var line: [UInt8] = []
        var overflow = false
        while true {
            if start == end {
                if finished { break }
                let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if count <= 0 {
                    finished = true
                    break
                }
                start = 0
                end = count
            }
            if let newline = buffer[start..<end].firstIndex(of: 10) {
                if !overflow { line.append(contentsOf: buffer[start..<newline]) }
                start = newline + 1
                return Self.make(line, overflow: overflow || line.count > limit, limit: limit)
            }
            if !overflow { line.append(contentsOf: buffer[start..<end]) }
            if line.count > limit {
                overflow = true
                line = []
            }
            start = end
        }
        if line.isEmpty && !overflow { return nil }
        return Self.make(line, overflow: overflow, limit: limit)
    }

    static func make(_ bytes: [UInt8], overflow: Bool, limit: Int) -> Line {
        if overflow { return .tooLong }
        var bytes = bytes
        if bytes.last == 13 { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .invalidUTF8 }
        return .text(text)
    }
}

extension CLIError {
    init(rotation error: RotationError) {
        self.init(code: error.code, message: error.message + (error.oldPasswordWorks ? "" : " (ACTION NEEDED)"), exitCode: 1)
    }
}
