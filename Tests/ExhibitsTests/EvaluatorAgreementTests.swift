import Aggregate
import Exhibits
import Foundation
import MigstatCore
import Registry
import Store
import TestSupport
import XCTest

/// The property of the exhibit plan: every engine evaluating it counts the same. Random tables and random
/// exhibits (`RandomExhibits`, seeded) are compiled into plans and evaluated by the registry's byte scan
/// (`DeliveryExhibits`), by SQL in SQLite (`ExhibitSQL` over the same delivery table) and by the aggregator in
/// memory, every plan by every engine (persons, months and reference keys included); SQL in PostgreSQL is
/// compared in PostgresTests.
final class EvaluatorAgreementTests: XCTestCase {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    func testScanSQLiteAndMemoryGiveTheSameCountsBasesAndUnitsOnEveryPlan() throws {
        var series: [PlannedSeries] = []
        for seed in Self.seeds {
            let random = try RandomExhibits(seed: seed)
            let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
            let store = try SQLiteDelivery(random, name: "seed\(seed)")
            defer { store.remove() }

            let scanned = try EvaluatedCounts(store.scanned(plans))
            let bySQL = try EvaluatedCounts(store.bySQL(plans))
            XCTAssertEqual(bySQL, scanned, "seed \(seed): SQL in SQLite against the scan")

            let aggregator = Aggregator(tables: [RandomExhibits.from: random.dataTable])
            let inMemory = try EvaluatedCounts(plans.flatMap { try aggregator.estimates(for: $0) })
            XCTAssertEqual(inMemory, scanned, "seed \(seed): in memory against the scan")

            // The cases are not vacuous: many counted cells, persons counted, every form met.
            XCTAssertGreaterThan(scanned.cells.filter { $0.n > 0 }.count, 150, "seed \(seed)")
            XCTAssertGreaterThan(plans.count - random.surveyForms.count, 5, "seed \(seed): registry forms")
            XCTAssertTrue(plans.contains { $0.series.contains { $0.unit.column != nil } })
            XCTAssertTrue(plans.contains { $0.series.contains { $0.split?.byMonth == true } })
            series += plans.flatMap(\.series)
            XCTAssertTrue(plans.contains { $0.series.contains { $0.indicators.contains { $0.variables.count > 1 } } })
        }
        // Over the seeds, every registry form is met, alone and together.
        XCTAssertTrue(series.contains { $0.split?.column.references != nil })
        XCTAssertTrue(series.contains { $0.variable?.references != nil })
        XCTAssertTrue(series.contains { $0.split?.byMonth == true && $0.unit.column != nil })
    }

    /// The comparison itself fails on a changed count (else the equalities above would prove little).
    func testADifferentCountIsADifference() throws {
        let random = try RandomExhibits(seed: 1, rows: 50, exhibits: 4)
        let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
        let store = try SQLiteDelivery(random, name: "changed")
        defer { store.remove() }
        let before = try EvaluatedCounts(store.bySQL(plans))
        try store.database.execute("UPDATE \"\(RandomExhibits.tableName)\" SET sex = CASE WHEN sex = 'M' THEN 'F' ELSE 'M' END, status = '1', age = 20")
        XCTAssertNotEqual(try EvaluatedCounts(store.bySQL(plans)), before)
        XCTAssertEqual(try EvaluatedCounts(store.bySQL(plans)), try EvaluatedCounts(store.scanned(plans)))
    }
}

/// A random table loaded into a SQLite delivery table, and the registry's two engines over it.
struct SQLiteDelivery {
    let random: RandomExhibits
    let directory: URL
    let path: String
    let database: Database

    init(_ random: RandomExhibits, name: String) throws {
        self.random = random
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("exhibits-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.sqlite").path
        database = try random.sqliteStore(at: path)
    }

    func scanned(_ plans: [ExhibitPlan]) throws -> [Estimate] {
        var scan = DeliveryExhibits(plans: plans, table: random.table, storePath: path, tableName: RandomExhibits.tableName,
                                    tables: [:], workDirectory: directory.path)
        scan.entriesPerPartition = 64   // several partitions, as a large table has
        return try scan.compute()
    }

    func bySQL(_ plans: [ExhibitPlan]) throws -> [Estimate] {
        try ExhibitSQL(plans: plans, table: random.table, tableName: RandomExhibits.tableName, tables: [:])
            .compute(on: database)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
