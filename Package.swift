// swift-tools-version: 6.1
// PHIGuard: access-control and credential-rotation policy service for PHI.
// Modules depend one way (docs/architecture.md draws the graph):
//   Cedar -> AccessModel -> Credentials -> Store -> Operations -> Server -> phiguard
//   DatabaseTLS (the only importer of COpenSSL) depends on none of them; Operations, CredentialServices
//   and phiguard use it. CredentialServices (the credentials domain's network edges) sits below Server.
//   Monitoring (privacy monitoring over access logs) depends on none of them; Operations maps the
//   decision log onto it and phiguard runs it.
// A module is declared here only once real code lives in it.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "PHIGuard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "phiguard", targets: ["phiguard"]),
        .library(name: "Cedar", targets: ["Cedar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through Hummingbird; named for the HTTP/1 connection handler (ConnectionClose.swift).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // The Cedar policy language: pure Swift, no I/O, no dependencies.
        .target(
            name: "Cedar",
            swiftSettings: swiftSettings
        ),
        // The HIPAA access model and its mapping onto Cedar: pure, no I/O.
        .target(
            name: "AccessModel",
            dependencies: ["Cedar"],
            swiftSettings: swiftSettings
        ),
        // The reference Argon2 (Debian libargon2-dev) for password-history hashes; imported by Credentials only.
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        // Password profiles, strength estimation, blocklists, history hashing, the credential inventory
        // model and rotation schedules. Synchronous; reads word lists and profile files when asked.
        .target(
            name: "Credentials",
            dependencies: [
                "AccessModel", "CArgon2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Persistence: SQLite through GRDB (embedded default), migrations, the audit hash chain.
        .target(
            name: "Store",
            dependencies: [
                "AccessModel",
                "Credentials",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Privacy monitoring over access logs: the access-record shape and its fast reader, the
        // detection rules (R1–R12), peer statistics and case grouping. Pure apart from file reading.
        .target(
            name: "Monitoring",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The edges of the credentials domain: store-backed password checks (history, minimum age),
        // rotation reminders through stdout, webhooks or a mailer under a run lock, PostgreSQL role
        // rotation with a locally computed SCRAM verifier and MariaDB account rotation.
        .target(
            name: "CredentialServices",
            dependencies: [
                "AccessModel",
                "Cedar",
                "Credentials",
                "DatabaseTLS",
                "MariaDBClient",
                "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The operations layer: one typed use case per change and query (authorize the actor,
        // validate, persist with its audit record, advance the directory revision), and the one
        // table of error codes. HTTP routes and CLI commands are adapters on it.
        .target(
            name: "Operations",
            dependencies: ["AccessModel", "Cedar", "Credentials", "DatabaseTLS", "Monitoring", "Store"],
            swiftSettings: swiftSettings
        ),
        // The policy-decision HTTP service: AuthZEN 1.0, admin API, API keys, reload, metrics.
        .target(
            name: "Server",
            dependencies: [
                "AccessModel",
                "Cedar",
                "CredentialServices",
                "Credentials",
                "Operations",
                "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("openapi.json")],
            swiftSettings: swiftSettings
        ),
        // Hospital-scale benchmark of the decision core, start-up and audit appends.
        .executableTarget(
            name: "access-benchmark",
            dependencies: ["AccessModel", "Cedar", "Store"],
            swiftSettings: swiftSettings
        ),
        // The monitor's benchmark hospital: `monitoring-benchmark generate` writes a synthetic access
        // log with labelled incidents of every rule family (Benchmarks/monitoring/run scores it).
        .executableTarget(
            name: "monitoring-benchmark",
            dependencies: ["Monitoring"],
            swiftSettings: swiftSettings
        ),
        // Fuzz targets for every parser of untrusted input: libFuzzer drives them when built with
        // `make fuzz` (-sanitize=fuzzer,address -DFUZZING); otherwise `phiguard-fuzz replay TARGET PATH…`
        // runs saved inputs through them (the seed corpora and regressions, in the tests).
        .executableTarget(
            name: "phiguard-fuzz",
            dependencies: ["AccessModel", "Cedar", "Credentials", "DatabaseScan", "DatabaseTLS", "Monitoring"],
            swiftSettings: swiftSettings
        ),
        // Runs the Cedar conformance corpus: `cedar-conformance DIR`.
        .executableTarget(
            name: "cedar-conformance",
            dependencies: ["Cedar"],
            swiftSettings: swiftSettings
        ),
        // System OpenSSL (Debian libssl-dev), resolved through pkg-config.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev", "pkg-config"])]
        ),
        // Database TLS checks (protocol probes, certificate checks) and the connection-string linter.
        .target(
            name: "DatabaseTLS",
            dependencies: ["COpenSSL", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // MariaDB Connector/C (Debian libmariadb-dev), resolved through pkg-config; imported by MariaDBClient only.
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),
        // A MariaDB connection over Connector/C: verified TLS, blocking calls on a queue of its own.
        .target(
            name: "MariaDBClient",
            dependencies: ["CMariaDB"],
            swiftSettings: swiftSettings
        ),
        // Live posture scans of PostgreSQL and MariaDB: read-only rule queries judged against an
        // approved baseline, PHI in identifiers, the PHI column inventory and rotation proof.
        .target(
            name: "DatabaseScan",
            dependencies: [
                "AccessModel",
                "Credentials",
                "DatabaseTLS",
                "MariaDBClient",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "phiguard",
            dependencies: [
                "AccessModel",
                "Cedar",
                "CredentialServices",
                "Credentials",
                "DatabaseScan",
                "DatabaseTLS",
                "Monitoring",
                "Operations",
                "Server",
                "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CedarTests",
            dependencies: ["Cedar"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccessModelTests",
            dependencies: ["AccessModel", "Cedar"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CredentialsTests",
            dependencies: ["Credentials", "AccessModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CredentialServicesTests",
            dependencies: ["CredentialServices", "Credentials", "Store", "AccessModel", "LabSupport"],
            exclude: ["Peers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "AccessModel", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Store", "AccessModel", "Cedar", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Child processes and free ports for the tests that start real servers.
        .target(
            name: "LabSupport",
            path: "Tests/LabSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatabaseTLSTests",
            // CredentialServices: the checked certificates as inventory records, against the same real servers.
            dependencies: ["DatabaseTLS", "AccessModel", "Credentials", "CredentialServices", "LabSupport"],
            exclude: ["Peers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatabaseScanTests",
            dependencies: ["DatabaseScan", "DatabaseTLS", "AccessModel", "LabSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MonitoringTests",
            dependencies: ["Monitoring"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OperationsTests",
            dependencies: ["Operations", "Store", "AccessModel", "Monitoring"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PHIGuardCLITests",
            dependencies: ["phiguard", "LabSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
