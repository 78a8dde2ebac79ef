import ArgumentParser
import DatabaseTLS
import Foundation

struct ConnLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report connection-string settings that let a man in the middle in, with the safe value.",
        discussion: """
            Families: libpq (conninfo, URIs, PGSSLMODE), pgjdbc, Npgsql, node-postgres, lib/pq, pgx, asyncpg, MySQL \
            Connector/J, MySqlConnector, mysql2, go-sql-driver/mysql DSNs, MariaDB Connector/J and CLI, PyMySQL, \
            mysqlclient, SQL Server JDBC/ODBC/ADO.NET/go-mssqldb/jTDS, MongoDB, Redis, and client command lines. \
            Strings are found inside code (string literals, keyword arguments, object literals), YAML and \
            environment files and read by each driver's own grammar. Every secret met in the input (passwords, \
            tokens, keys, in any of those forms) is masked in every output format; input the linter cannot read \
            is never echoed. Exit codes: 0 no finding at or above --fail-at; 1 such a finding; 2 an input could \
            not be read.
            """)

    @Argument(help: "Connection strings.")
    var connections: [String] = []

    @Option(
        name: .long,
        help:
            "A file to lint (repeatable): .env files by variable, .yml/.yaml and source or config files (.go .py .js .ts .java .cs .rb .php .json .properties .ini .toml …) as documents, anything else one connection string per line (# comments)."
    )
    var file: [String] = []

    @Option(name: .long, help: "An environment file of NAME=value lines (repeatable).")
    var envFile: [String] = []

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: info, low, medium, high or critical.")
    var failAt: String = "medium"

    @Option(name: .long, help: "Output format: text, json (one finding per line), junit or sarif.")
    var format: String = "text"

    func run() throws {
        try reportingErrors {
            guard let threshold = Severity(rawValue: failAt) else {
                throw CLIError(code: "invalid_option", message: "--fail-at must be info, low, medium, high or critical", exitCode: 2)
            }
            guard let output = LintFormat(rawValue: format) else {
                throw CLIError(code: "invalid_format", message: "--format must be text, json, junit or sarif", exitCode: 2)
            }
            guard !(connections.isEmpty && file.isEmpty && envFile.isEmpty) else {
                throw CLIError(code: "no_input", message: "give connection strings, --file FILE or --env-file FILE", exitCode: 2)
            }
            var findings: [LintFinding] = []
            for (index, connection) in connections.enumerated() {
                findings += ConnectionLinter.lint(connection, source: "argument \(index + 1)")
            }
            for path in file {
                findings += ConnectionLinter.lintDocument(try readInput(path), file: path)
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
