// swift-tools-version:6.0
import PackageDescription

// The dependency graph is the stage order: Ingest → Clean → Join → Aggregate → Render/Verify,
// with Store (the only SQLite user) and Pipeline (the sequencer) on top, and the CLI thinnest of all.
let package = Package(
    name: "migstat",
    products: [
        .executable(name: "migstat", targets: ["migstat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Structured logs: the CLI maps the runner's events to swift-log and formats them as text or JSON.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CGraphviz", path: "Sources/CGraphviz", providers: [.apt(["libgraphviz-dev"])]),
        .systemLibrary(name: "CXLSXWriter", path: "Sources/CXLSXWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // ReadStat writes the Stata and SPSS exports; Debian ships no pkg-config file for it.
        .systemLibrary(name: "CReadStat", path: "Sources/CReadStat", providers: [.apt(["libreadstat-dev"])]),
        // SHA-256 from the system's OpenSSL (libcrypto), the kept library rather than a hand-written one.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        // libpq, PostgreSQL's client (COPY for bulk loading); Debian installs its headers in /usr/include/postgresql.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // librsvg draws the figures' SVG onto cairo's PDF and PNG surfaces (Debian librsvg2-dev brings cairo).
        .systemLibrary(name: "CRsvg", path: "Sources/CRsvg", providers: [.apt(["librsvg2-dev"])]),
        // GLPK: the integer programs of cell suppression and of the disclosure audit.
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(name: "CSupport", path: "Sources/CSupport"),
        .target(name: "MigstatCore", dependencies: ["CSupport", "CCrypto"]),
        // libcsv's csv_parse without trimming spaces, at libcsv's own pace (C: it looks at every byte).
        .target(name: "CLibCSVUntrimmed", dependencies: ["CLibCSV"], path: "Sources/CLibCSVUntrimmed"),
        .target(name: "Ingest", dependencies: ["MigstatCore", "CLibCSV", "CLibCSVUntrimmed", "CSupport"]),
        .target(name: "Clean", dependencies: ["MigstatCore", "Ingest"]),
        .target(name: "Join", dependencies: ["MigstatCore", "Clean"]),
        // An exhibit compiled once into the plan every engine evaluates (in memory, SQL, the registry's byte scan).
        .target(name: "Exhibits", dependencies: ["MigstatCore"]),
        .target(name: "Aggregate", dependencies: ["MigstatCore", "Exhibits"]),
        .target(name: "Render", dependencies: ["MigstatCore", "Aggregate"]),
        .target(name: "Diagram", dependencies: ["MigstatCore", "Render", "CGraphviz"]),
        // figures/<id>.pdf and .png from the SVG the chart or diagram drew.
        .target(name: "Figures", dependencies: ["MigstatCore", "CRsvg"]),
        .target(name: "Verify", dependencies: ["MigstatCore", "Aggregate", "Ingest"]),
        .target(name: "Report", dependencies: ["MigstatCore", "Render"]),
        // tables.xlsx, through libxlsxwriter.
        .target(name: "Workbook", dependencies: ["MigstatCore", "Render", "CXLSXWriter"]),
        // Labelled Stata/SPSS files of the normalized tables and the data package describing output/'s CSV files.
        .target(name: "Export", dependencies: ["MigstatCore", "Exhibits", "CReadStat"]),
        // A virtual table that lets SQLite read a batch of rows in place (C: SQLite calls it per value).
        .target(name: "CBatchTable", dependencies: ["CSQLite", "CSupport"], path: "Sources/CBatchTable"),
        .target(name: "Store", dependencies: ["MigstatCore", "CSQLite", "CSupport", "CBatchTable"]),
        // Registry deliveries: streamed through Ingest and Clean on one thread, upserted by Store on another.
        .target(name: "Registry", dependencies: ["MigstatCore", "Exhibits", "Ingest", "Clean", "Aggregate", "Store", "CSupport"]),
        // PostgreSQL as the store: the connection (libpq), its errors, the advisory lock, and a delivery table's sink.
        .target(name: "Postgres", dependencies: ["CLibPQ", "MigstatCore", "Store"]),
        // Tools/: not stages of the pipeline, and no stage (nor Pipeline) depends on them; only the CLI's
        // `generate` and `coverage` commands and the tests use Generate and Simulate.
        // scripts/bench-postgres.sh's loader: PostgresDeliveryStore's COPY and upsert timed on generated rows.
        .executableTarget(name: "postgres-bench", dependencies: ["Postgres", "Store", "MigstatCore"], path: "Tools/PostgresBench"),
        // The coverage simulation of the benchmark (scripts/bench-coverage.sh).
        .target(name: "Simulate", dependencies: ["MigstatCore", "Aggregate"], path: "Tools/Simulate"),
        // Synthetic deliveries for tests and benchmarks.
        .target(name: "Generate", dependencies: ["MigstatCore"], path: "Tools/Generate"),
        // The census threshold rule: primary and secondary cell suppression over the run's linked tables, and the audit.
        .target(name: "Disclosure", dependencies: ["MigstatCore", "Exhibits", "CGLPK"]),
        .target(name: "Pipeline", dependencies: ["Disclosure", "MigstatCore", "Exhibits", "Ingest", "Clean", "Join", "Aggregate", "Render", "Diagram", "Verify", "Store", "Report", "CSupport", "Registry", "Workbook", "Export", "Postgres", "Figures"]),
        .executableTarget(name: "migstat", dependencies: [
            "Pipeline", "Ingest", "MigstatCore", "Generate", "Registry", "Store", "Simulate", "Postgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "CLibCSV", "CLibCSVUntrimmed"], exclude: ["Fixtures"]),
        .testTarget(name: "CleanTests", dependencies: ["Clean", "Ingest"]),
        .testTarget(name: "JoinTests", dependencies: ["Join", "MigstatCore"]),
        // scripts/lint.sh's checks (swift-format's rules, no Swift file over 300 lines) as tests.
        .testTarget(name: "LintTests"),
        .testTarget(name: "AggregateTests", dependencies: ["Aggregate", "Join", "Clean"], exclude: ["Fixtures"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Aggregate", "Workbook", "Figures", "TestSupport"], exclude: ["Scripts"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Aggregate"]),
        .testTarget(name: "FigureSpecTests", dependencies: ["MigstatCore"]),
        .testTarget(name: "DiagramTests", dependencies: ["Diagram", "MigstatCore"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Pipeline", "Render", "MigstatCore"]),
        // The exports and the data package read back by real readers (pyreadstat, frictionless) in `.ci/run`'s venv.
        .testTarget(name: "ExportTests", dependencies: ["Export", "Pipeline", "Store", "MigstatCore"], exclude: ["Scripts"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Store", "Ingest", "MigstatCore"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "MigstatCore", "TestSupport"]),
        // Bad input end to end: runs the built `migstat` binary (a dependency, so `swift test` builds it first).
        .testTarget(name: "RobustnessTests", dependencies: ["migstat", "Pipeline", "Store", "Clean", "Ingest", "MigstatCore"],
                    exclude: ["Fixtures"]),
        // Registry deliveries and unattended runs; also runs the built binary (the lock, incremental runs).
        .testTarget(name: "DisclosureTests", dependencies: ["Disclosure", "MigstatCore", "TestSupport"]),
        .testTarget(name: "RegistryTests", dependencies: ["Disclosure", "Exhibits", "migstat", "Registry", "Generate", "Pipeline", "Store", "Clean", "Ingest", "MigstatCore", "TestSupport"]),
        // The exhibit plan's evaluators (in memory, the byte scan, SQL in SQLite) agree on random plans over random tables.
        .testTarget(name: "ExhibitsTests", dependencies: ["Exhibits", "Aggregate", "Registry", "Store", "MigstatCore", "TestSupport"]),
        // What more than one test target uses (the property tests' seeded generator).
        .target(name: "TestSupport", dependencies: ["Store", "MigstatCore"], path: "Tests/TestSupport"),
        // Against a throwaway PostgreSQL cluster (initdb, pg_ctl) started once per test process, on a Unix socket.
        .testTarget(name: "PostgresTests", dependencies: ["migstat", "Aggregate", "Exhibits", "Postgres", "Registry", "Store", "MigstatCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
