import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Operations
import Store

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Sign the current head of the audit chain with the key kept outside the database.")

    @Option(
        help: ArgumentHelp(
            "Append the checkpoint as a JSON line to FILE, kept where the database's administrators cannot write (a witness for `audit verify --witness`).",
            valueName: "FILE"))
    var export: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let checkpoint: AuditCheckpoint?
            do { checkpoint = try store.operations().writeCheckpoint(by: store.operator_) } catch { throw CLIError(domainError: error) }
            guard let checkpoint else { return print("the audit log is empty") }
            print("checkpoint at record \(checkpoint.seq) signed with key \(checkpoint.keyID)")
            if let export { try WitnessFile.append(checkpoint, to: export) }
        }
    }
}

/// A witness file: one signed checkpoint per line, `{"seq":N,"hash":"…","signature":"…","key_id":"…","signed_at":"…"}`.
enum WitnessFile {
    static func append(_ checkpoint: AuditCheckpoint, to path: String) throws(CLIError) {
        let line =
            JSON.object(
                JSONObject([
                    ("seq", .number(String(checkpoint.seq))), ("hash", .string(checkpoint.hash)), ("signature", .string(checkpoint.signature)),
                    ("key_id", .string(checkpoint.keyID)), ("signed_at", .string(checkpoint.signedAt.description)),
                ])
            ).serialized + "\n"
        guard let handle = FileHandle(forWritingAtPath: path) ?? createFile(path) else {
            throw CLIError(code: "file_unwritable", message: "cannot write the witness file `\(path)`")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
            try handle.synchronize()
        } catch {
            throw CLIError(code: "file_unwritable", message: "cannot write the witness file `\(path)`")
        }
    }

    private static func createFile(_ path: String) -> FileHandle? {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }

    static func read(_ path: String) throws(CLIError) -> [WitnessedCheckpoint] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(code: "file_unreadable", message: "cannot read the witness file `\(path)`")
        }
        var checkpoints: [WitnessedCheckpoint] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard case .object(let object)? = try? JSON.parse(String(line)), case .number(let seqText)? = object["seq"], let seq = Int64(seqText),
                let hash = object["hash"]?.stringValue, let signature = object["signature"]?.stringValue
            else {
                throw CLIError(
                    code: "invalid_witness", message: "`\(path)` line \(index + 1) is not a checkpoint written by `audit checkpoint --export`")
            }
            checkpoints.append(WitnessedCheckpoint(seq: seq, hash: hash, signature: signature))
        }
        return checkpoints
    }
}
