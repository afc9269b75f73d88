import Aggregate
import Exhibits
import Foundation
import MigstatCore
import Postgres
import Registry
import Store
import TestSupport
import XCTest

/// The exhibit plan's property in PostgreSQL (ExhibitsTests checks the scan, SQL in SQLite and the aggregator):
/// random plans over random tables, evaluated by SQL in the server, give the counts the registry's byte scan
/// gives over the same rows in SQLite, the same scan over the rows COPY reads out of PostgreSQL (the run's
/// engine, `PostgresCopyExhibits`), and the aggregator in memory. Every generated form: persons, splits by
/// code, key and month, `any`.
final class ExhibitPlanPostgresTests: XCTestCase {
    func testSQLInPostgreSQLCountsAsTheScan() throws {
        let cluster = try TestCluster.start()
        let connection = try PostgresConnection(cluster.url())
        let schema = "plan_\(getpid())"
        try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE; CREATE SCHEMA \(schema)")
        defer { try? connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
        for seed: UInt64 in [1, 2, 3] {
            let random = try RandomExhibits(seed: seed)
            let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
            // The delivery table with the types PostgresDeliveryStore gives its columns.
            let table = "\(schema).\"\(RandomExhibits.tableName)\""
            let columns = random.table.columns.map { "\"\($0.name)\" \($0.type == .integer ? "BIGINT" : "TEXT")" }
            try connection.execute("DROP TABLE IF EXISTS \(table); CREATE TABLE \(table) (\(columns.joined(separator: ", ")), source_line BIGINT)")
            for insert in random.inserts(into: table, bookkeeping: ["source_line"]) { try connection.execute(insert) }
            let bySQL = try ExhibitSQL(plans: plans, table: random.table, tableName: RandomExhibits.tableName, schema: schema,
                                       tables: [:], dialect: PostgresDialect()).compute(on: connection)

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-pg-\(seed)-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("store.sqlite").path
            _ = try random.sqliteStore(at: path)
            let scanned = try DeliveryExhibits(plans: plans, table: random.table, storePath: path, tableName: RandomExhibits.tableName,
                                               tables: [:], workDirectory: directory.path).compute()
            XCTAssertEqual(EvaluatedCounts(bySQL), EvaluatedCounts(scanned), "seed \(seed): SQL in PostgreSQL against the scan")
            // The run's engine: the columns by one COPY, tallied as the scan tallies.
            nonisolated(unsafe) let session = connection
            let byCopy = try DeliveryExhibits(plans: plans, table: random.table, storePath: "", tableName: RandomExhibits.tableName,
                                              tables: [:], workDirectory: directory.path).compute(fieldRows: { columns, _ in
                let sql = "COPY (SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table)) TO STDOUT"
                return (random.rows.count, [{ body in try session.copyOut(sql, fields: columns.count) { try body(FieldRow($0)) } }])
            })
            XCTAssertEqual(EvaluatedCounts(byCopy), EvaluatedCounts(scanned), "seed \(seed): COPY out of PostgreSQL against the scan")
            // The fourth evaluator, in memory, on the same plans: all four agree on every plan.
            let inMemory = try plans.flatMap { try Aggregator(tables: [RandomExhibits.from: random.dataTable]).estimates(for: $0) }
            XCTAssertEqual(EvaluatedCounts(inMemory), EvaluatedCounts(bySQL), "seed \(seed): in memory against SQL in PostgreSQL")
            XCTAssertGreaterThan(EvaluatedCounts(scanned).cells.filter { $0.n > 0 }.count, 150, "seed \(seed)")
        }
    }
}
