import ArgumentParser
import DatabaseTLS
import Foundation

struct ConnLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report connection-string settings that let a man in the middle in, with the safe value.",
        discussion: """
            Families: libpq (URIs, keywords, PGSSLMODE), pgjdbc, node-postgres, lib/pq, asyncpg, MySQL Connector/J, \
            MariaDB Connector/J and CLI, PyMySQL, mysqlclient, SQL Server JDBC/ODBC/ADO.NET/go-mssqldb, MongoDB, Redis. \
            Passwords are masked in all output. Exit codes: 0 no finding at or above --fail-at; 1 such a finding; \
            2 an input could not be read.
            """)

    @Argument(help: "Connection strings.")
    var connections: [String] = []

    @Option(name: .long, help: "A file of connection strings, one per line (# comments; repeatable).")
    var file: [String] = []

    @Option(name: .long, help: "An environment file of NAME=value lines (repeatable).")
    var envFile: [String] = []

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: info, low, medium, high or critical.")
    var failAt: String = "medium"

    @Option(name: .long, help: "Output format: text or json (one finding per line).")
    var format: String = "text"

    func run() throws {
        try reportingErrors {
            guard let threshold = Severity(rawValue: failAt) else {
                throw CLIError(code: "invalid_option", message: "--fail-at must be info, low, medium, high or critical", exitCode: 2)
            }
            guard let output = LintFormat(rawValue: format) else {
                throw CLIError(code: "invalid_format", message: "--format must be text or json", exitCode: 2)
            }
            guard !(connections.isEmpty && file.isEmpty && envFile.isEmpty) else {
                throw CLIError(code: "no_input", message: "give connection strings, --file FILE or --env-file FILE", exitCode: 2)
            }
            var findings: [LintFinding] = []
            for (index, connection) in connections.enumerated() {
                findings += ConnectionLinter.lint(connection, source: "argument \(index + 1)")
            }
            for path in file {
                findings += ConnectionLinter.lintFile(try readInput(path), file: path)
            }
            for path in envFile {
                findings += ConnectionLinter.lintEnvironmentFile(try readInput(path), file: path)
            }
            print(output.render(findings, failAt: threshold), terminator: "")
            if findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
        }
    }

    private func readInput(_ path: String) throws(CLIError) -> String {
        do {
            return try readTextFile(path, what: "connection")
        } catch {
            var error = error
            error.exitCode = 2
            throw error
        }
    }
}
