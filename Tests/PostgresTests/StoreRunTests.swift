import Foundation
import MigstatCore
import Postgres
import XCTest

/// `migstat run --store postgresql://…` end to end, through the binary as cron runs it, against the throwaway
/// cluster: the same outputs as the SQLite store, the upsert's order across deliveries whatever the database's
/// collation, a kill and a lost connection during a load, the advisory lock, a wrong password.
final class StoreRunTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static var config: String { repository.appendingPathComponent("pipeline.json").path }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    var root: URL!
    var cluster: TestCluster!

    override func setUpWithError() throws {
        cluster = try TestCluster.start()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-pg-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    // MARK: - the binary

    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("migstat").path
    }

    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = root
        for name in ["stdout", "stderr"] { _ = FileManager.default.createFile(atPath: root.appendingPathComponent(".\(name)").path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: root.appendingPathComponent(".stdout"))
        process.standardError = try FileHandle(forWritingTo: root.appendingPathComponent(".stderr"))
        try process.run()
        return process
    }

    func finish(_ process: Process) -> Result {
        process.waitUntilExit()
        func text(_ name: String) -> String { (try? String(contentsOf: root.appendingPathComponent(".\(name)"), encoding: .utf8)) ?? "" }
        return Result(status: process.terminationStatus, stdout: text("stdout"), stderr: text("stderr"))
    }

    @discardableResult
    func migstat(_ arguments: [String]) throws -> Result { finish(try start(arguments)) }

    func run(raw: String, out: URL, store: String? = nil, schema: String? = nil, verify: Bool = true) throws -> Result {
        var arguments = ["run", "--config", Self.config, "--raw", raw, "--out", out.path]
        if let store { arguments += ["--store", store] }
        if let schema { arguments += ["--store-schema", schema] }
        if !verify { arguments.append("--no-verify") }
        return try migstat(arguments)
    }

    // MARK: - helpers

    func freshSchema(_ name: String = #function) throws -> String {
        let schema = "t_" + String(name.prefix { $0 != "(" }.suffix(40)).lowercased()
        try PostgresConnection(cluster.url()).execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        return schema
    }

    /// A copy of raw/ whose registry deliveries the test replaces.
    func rawCopy() throws -> URL {
        let raw = root.appendingPathComponent("raw")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("raw"), to: raw)
        return raw
    }

    /// Every output file by relative path, but the run log's (manifest.json) and the SQLite store.
    func outputs(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let rel as String in FileManager.default.enumerator(atPath: dir.path)! {
            var isDirectory: ObjCBool = false
            let path = dir.appendingPathComponent(rel).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  rel != "manifest.json", rel != "migration.sqlite" else { continue }
            files[rel] = FileManager.default.contents(atPath: path)
        }
        return files
    }

    func assertSameOutputs(_ a: URL, _ b: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let (x, y) = (try outputs(a), try outputs(b))
        XCTAssertEqual(x.keys.sorted(), y.keys.sorted(), file: file, line: line)
        for (name, data) in x where y[name] != data { XCTFail("\(name) differs between the SQLite and the PostgreSQL run", file: file, line: line) }
        XCTAssertGreaterThan(x.count, 50, file: file, line: line)
    }

    /// The registry table as both stores hold it: each key's stored version, delivery file and line.
    func sqliteTable(_ out: URL) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-newline", "\u{1E}", out.appendingPathComponent("migration.sqlite").path,
                             "SELECT r.record_id || '|' || r.row_version || '|' || d.file || '|' || r.source_line || '|' || coalesce(r.employer_name, '') "
                             + "FROM stg_registry_records r JOIN deliveries d ON d.id = r.delivery_id ORDER BY r.record_id"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\u{1E}").map(String.init)
    }

    func postgresTable(_ url: String, schema: String) throws -> [String] {
        try PostgresConnection(url).query("""
            SELECT r.record_id || '|' || r.row_version || '|' || d.file || '|' || r.source_line || '|' || coalesce(r.employer_name, '')
            FROM \(schema).stg_registry_records r JOIN \(schema).deliveries d ON d.id = r.delivery_id ORDER BY r.record_id COLLATE "C"
            """).map { $0[0].key }
    }

    /// Waits until the migstat session is streaming a delivery (a COPY in progress), and returns its server pid.
    func waitForCopy(timeout: TimeInterval = 60) throws -> Int32? {
        let watcher = try PostgresConnection(cluster.url())
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let rows = try watcher.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'migstat' AND query LIKE 'COPY pg_temp.migstat_staging%'")
            if let pid = rows.first?.first?.number { return Int32(pid) }
            usleep(20_000)
        }
        return nil
    }

    func generate(_ rows: Int, into raw: URL, name: String, firstId: Int = 1, seed: Int = 1) throws {
        let r = try migstat(["generate", "registry", "--rows", "\(rows)", "--seed", "\(seed)", "--first-id", "\(firstId)", "--shuffle",
                             "--out", raw.appendingPathComponent("registry/\(name)").path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    // MARK: - tests

    func testTheStudyRunsIntoPostgreSQLWithTheSameOutputsAsSQLiteAndARerunTouchesNothing() throws {
        let schema = try freshSchema()
        let sqlite = root.appendingPathComponent("sqlite"), postgres = root.appendingPathComponent("postgres")
        let raw = Self.repository.appendingPathComponent("raw").path
        XCTAssertEqual(try run(raw: raw, out: sqlite).status, 0)
        let first = try run(raw: raw, out: postgres, store: cluster.url(), schema: schema)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: postgres.appendingPathComponent("migration.sqlite").path))
        try assertSameOutputs(sqlite, postgres)
        XCTAssertEqual(try postgresTable(cluster.url(), schema: schema), try sqliteTable(sqlite))
        XCTAssertFalse(first.stderr.contains(TestCluster.password), "the password is never logged")

        let runs = try PostgresConnection(cluster.url()).query("SELECT count(*) FROM \(schema).runs")
        let again = try run(raw: raw, out: postgres, store: cluster.url(), schema: schema)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("up to date"), again.stdout)
        XCTAssertEqual(try PostgresConnection(cluster.url()).query("SELECT count(*) FROM \(schema).runs"), runs, "nothing new: the database is not written")
    }

    /// Three deliveries re-sending records in random key order: the registry's table, its exhibits and every
    /// output as the SQLite store has them; a fourth delivery loads on top (incremental) with the same result.
    func testAGeneratedRegistryOfSeveralDeliveriesGivesTheSameTableAndOutputs() throws {
        let schema = try freshSchema()
        let raw = try rawCopy()
        for file in try FileManager.default.contentsOfDirectory(atPath: raw.appendingPathComponent("registry").path) {
            try FileManager.default.removeItem(at: raw.appendingPathComponent("registry/\(file)"))
        }
        try generate(4000, into: raw, name: "registry_20150101.csv", firstId: 1, seed: 3)
        try generate(4000, into: raw, name: "registry_20150201.csv", firstId: 3001, seed: 4)
        try generate(3000, into: raw, name: "registry_20150301.csv", firstId: 6001, seed: 5)
        let sqlite = root.appendingPathComponent("sqlite"), postgres = root.appendingPathComponent("postgres")
        XCTAssertEqual(try run(raw: raw.path, out: sqlite, verify: false).status, 0)
        XCTAssertEqual(try run(raw: raw.path, out: postgres, store: cluster.url(), schema: schema, verify: false).status, 0)
        try assertSameOutputs(sqlite, postgres)
        let table = try postgresTable(cluster.url(), schema: schema)
        XCTAssertEqual(table, try sqliteTable(sqlite))
        XCTAssertTrue(Set(table.map { $0.split(separator: "|")[2] }).count == 3, "the newest versions come from every delivery")

        try generate(2000, into: raw, name: "registry_20150401.csv", firstId: 9001, seed: 6)
        XCTAssertEqual(try run(raw: raw.path, out: sqlite, verify: false).status, 0)
        let incremental = try run(raw: raw.path, out: postgres, store: cluster.url(), schema: schema, verify: false)
        XCTAssertEqual(incremental.status, 0, incremental.stderr)
        XCTAssertFalse(incremental.stderr.contains("reloading every delivery"), "a new delivery loads on top: \(incremental.stderr)")
        try assertSameOutputs(sqlite, postgres)
        XCTAssertEqual(try postgresTable(cluster.url(), schema: schema), try sqliteTable(sqlite))
    }

    /// Two deliveries with the same versions: the later file by byte order wins, as in SQLite, also in a
    /// database whose collation orders `_` before `-` (ICU en-US): `registry_2014-02.csv` sorts first.
    func testTiesAcrossDeliveriesGoToTheLaterFileByBytesWhateverTheCollation() throws {
        let admin = try PostgresConnection(cluster.url())
        try admin.execute("DROP DATABASE IF EXISTS migstat_icu")
        try admin.execute("CREATE DATABASE migstat_icu TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")
        XCTAssertEqual(try admin.query("SELECT ('registry_2014-02.csv' < 'registry_2014_01.csv' COLLATE \"en-US-x-icu\")::int").first?.first, .integer(0),
                       "this collation orders the two names unlike their bytes")
        let raw = try rawCopy()
        let registry = raw.appendingPathComponent("registry")
        let original = try String(contentsOf: registry.appendingPathComponent("registry_20140101.csv"), encoding: .utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: registry.path) { try FileManager.default.removeItem(at: registry.appendingPathComponent(file)) }
        try original.write(to: registry.appendingPathComponent("registry_2014-02.csv"), atomically: true, encoding: .utf8)
        // The same records and versions, another employer: a tie on every key, settled by the file.
        // Lines end in CRLF (one Character in Swift: split the text, not on "\n"); a line whose employer is
        // quoted (commas inside) is left as it is.
        let retold = original.components(separatedBy: "\r\n").enumerated().map { i, line -> String in
            guard i > 0, !line.isEmpty, !line.contains("\"") else { return line }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 14 else { return line }
            fields[11] = "Later file \(i)"
            return fields.joined(separator: ",")
        }.joined(separator: "\r\n")
        try retold.write(to: registry.appendingPathComponent("registry_2014_01.csv"), atomically: true, encoding: .utf8)

        let sqlite = root.appendingPathComponent("sqlite"), postgres = root.appendingPathComponent("postgres")
        let url = cluster.url(database: "migstat_icu")
        XCTAssertEqual(try run(raw: raw.path, out: sqlite, verify: false).status, 0)
        let r = try run(raw: raw.path, out: postgres, store: url, verify: false)
        XCTAssertEqual(r.status, 0, r.stderr)
        let table = try postgresTable(url, schema: "public")
        XCTAssertEqual(table, try sqliteTable(sqlite))
        XCTAssertGreaterThan(table.filter { $0.contains("|Later file ") }.count, 100, "the later file's rows won")
    }

    /// SIGKILL while a delivery streams into PostgreSQL: the server rolls the delivery back whole, the output
    /// is not written, and the next run loads the delivery and ends as a run that was never killed.
    func testAKillDuringALoadLeavesTheDeliveryOutAndTheNextRunLoadsIt() throws {
        let schema = try freshSchema()
        let raw = try rawCopy()
        try generate(150_000, into: raw, name: "registry_20150101.csv", firstId: 1, seed: 9)
        let postgres = root.appendingPathComponent("postgres")
        let process = try start(["run", "--config", Self.config, "--raw", raw.path, "--out", postgres.path, "--store", cluster.url(),
                                 "--store-schema", schema, "--no-verify"])
        XCTAssertNotNil(try waitForCopy(), "the load started")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let connection = try PostgresConnection(cluster.url())
        // The server notices the client is gone and rolls its transaction back.
        var sessions: [[Value]] = []
        for _ in 0..<500 {
            sessions = try connection.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'migstat' AND pid <> pg_backend_pid()")
            if sessions.isEmpty { break }
            usleep(20_000)
        }
        XCTAssertTrue(sessions.isEmpty)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM \(schema).deliveries WHERE file = 'registry/registry_20150101.csv'").first?.first, .integer(0),
                       "the delivery is whole or not there")
        XCTAssertFalse(FileManager.default.fileExists(atPath: postgres.path), "no output was written")

        let again = try run(raw: raw.path, out: postgres, store: cluster.url(), schema: schema, verify: false)
        XCTAssertEqual(again.status, 0, again.stderr)
        let sqlite = root.appendingPathComponent("sqlite")
        XCTAssertEqual(try run(raw: raw.path, out: sqlite, verify: false).status, 0)
        try assertSameOutputs(sqlite, postgres)
    }

    func testALostConnectionExits69NamingTheServerAndLeavesTheOutputAsItWas() throws {
        let schema = try freshSchema()
        let raw = try rawCopy()
        let postgres = root.appendingPathComponent("postgres")
        XCTAssertEqual(try run(raw: raw.path, out: postgres, store: cluster.url(), schema: schema).status, 0)
        let before = try outputs(postgres)
        try generate(150_000, into: raw, name: "registry_20150101.csv", firstId: 1, seed: 9)
        let process = try start(["run", "--config", Self.config, "--raw", raw.path, "--out", postgres.path, "--store", cluster.url(),
                                 "--store-schema", schema])
        let pid = try XCTUnwrap(try waitForCopy())
        _ = try PostgresConnection(cluster.url()).query("SELECT pg_terminate_backend(\(pid))")
        let r = finish(process)
        XCTAssertEqual(r.status, 69, r.stderr)
        XCTAssertTrue(r.stderr.contains("lost the connection") && r.stderr.contains(cluster.directory) && r.stderr.contains("postgres"), r.stderr)
        XCTAssertFalse(r.stderr.contains(TestCluster.password))
        XCTAssertEqual(try outputs(postgres), before, "the output is left as it was")
    }

    func testASecondMigstatOnTheSameSchemaExits75NamingTheHolder() throws {
        let schema = try freshSchema()
        let holder = try PostgresConnection(cluster.url())
        try holder.tryAdvisoryLock(schema: schema)
        let r = try run(raw: Self.repository.appendingPathComponent("raw").path, out: root.appendingPathComponent("out"), store: cluster.url(), schema: schema)
        XCTAssertEqual(r.status, 75, r.stderr)
        XCTAssertTrue(r.stderr.contains("server pid \(holder.backendPid)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    func testAWrongPasswordExits69WithoutShowingItInRunOrCheck() throws {
        let url = cluster.url(password: "wrong-Secret-42")
        let raw = Self.repository.appendingPathComponent("raw").path
        for arguments in [["run", "--out", root.appendingPathComponent("out").path], ["check"]] {
            let r = try migstat(arguments + ["--config", Self.config, "--raw", raw, "--store", url, "--log-format", "json"])
            XCTAssertEqual(r.status, 69, r.stderr)
            XCTAssertTrue(r.stderr.contains("refused the login") && r.stderr.contains(cluster.directory), r.stderr)
            XCTAssertFalse(r.stderr.contains("wrong-Secret-42") || r.stdout.contains("wrong-Secret-42"), "never the password")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
