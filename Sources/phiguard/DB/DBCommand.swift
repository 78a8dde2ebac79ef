import ArgumentParser

/// `phiguard db`: live posture scans of the databases that hold PHI.
struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Scan PostgreSQL and MariaDB for PHI in identifiers and for the access, password, TLS and audit settings HIPAA needs.",
        subcommands: [DBScanCommand.self, DBRulesCommand.self])
}
