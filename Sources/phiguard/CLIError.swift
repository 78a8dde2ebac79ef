import ArgumentParser
import Foundation
import Operations

/// An input problem reported by a command: a stable code and a message, printed to standard error
/// as `error: <code>: <message>`; the command then exits with `exitCode`.
struct CLIError: Error, CustomStringConvertible {
    var code: String
    var message: String
    /// The error table's exit code for `code`, unless the command documents another (commands
    /// whose exit 1 means a finding, such as `conn lint`, exit 2 on a refused input).
    var exitCode: Int32

    init(code: String, message: String, exitCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.exitCode = exitCode ?? ErrorTable.entry(code).exitCode
    }

    var description: String { "\(code): \(message)" }

    /// Prints the error and returns the exit code to throw.
    func report() -> ExitCode {
        FileHandle.standardError.write(Data("error: \(code): \(message)\n".utf8))
        return ExitCode(exitCode)
    }
}

/// Reads a whole file as UTF-8, with a clear error for a missing file or invalid UTF-8.
func readTextFile(_ path: String, what: String) throws(CLIError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError(code: "file_not_readable", message: "cannot read \(what) file `\(path)`")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        throw CLIError(code: "invalid_utf8", message: "\(what) file `\(path)` is not valid UTF-8")
    }
    return text
}

/// Runs `body`, turning a `CLIError` into its report and exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        throw error.report()
    }
}
