import Exhibits
import Foundation
import MigstatCore
import Registry
import Store
import TestSupport
import XCTest

/// The exhibits tallied from the rows the load's last merge emits (`ExhibitTallies`, `DeliveryStore.finalRows`)
/// equal the scan of the table the load leaves (`DeliveryExhibits`), on the random tables and exhibits of the
/// evaluators' agreement test (`RandomExhibits`), loaded as a delivery whose keys come in any order, repeated
/// with newer and older versions, in many held-back runs.
final class TalliedExhibitsTests: XCTestCase {
    func testTalliesFromTheMergeEqualTheScanOfTheLoadedTable() throws {
        for seed: UInt64 in [1, 2, 3, 4, 5] {
            let random = try RandomExhibits(seed: seed)
            let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
            let load = try RandomLoad(random, seed: seed)
            defer { load.remove() }
            let tallies = try XCTUnwrap(ExhibitTallies(plans: plans, table: random.table, workDirectory: load.directory + "/tally"))
            tallies.entriesPerPartition = 64   // several partitions, as a large table has
            let store = try load.load(observer: tallies)
            XCTAssertTrue(store.observed, "seed \(seed)")
            XCTAssertTrue(tallies.usable, "seed \(seed)")
            XCTAssertGreaterThan(store.runCount, 3, "seed \(seed): rows held back in several runs")
            XCTAssertLessThan(store.heldBackRows, load.rows.count, "seed \(seed): some rows appended")
            var scan = DeliveryExhibits(plans: plans, table: random.table, storePath: load.path, tableName: RandomExhibits.tableName,
                                        tables: [:], workDirectory: load.directory + "/scan")
            scan.entriesPerPartition = 64
            try FileManager.default.createDirectory(atPath: load.directory + "/scan", withIntermediateDirectories: true)
            let scanned = try scan.compute()
            let tallied = try tallies.estimates(of: Set(random.exhibits.map(\.id)), tables: [:])
            XCTAssertEqual(EvaluatedCounts(tallied), EvaluatedCounts(scanned), "seed \(seed)")
            XCTAssertEqual(tallied, scanned, "seed \(seed)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: load.directory + "/tally"), "the entry files are deleted")
            // A subset of the exhibits gives the subset of the estimates.
            let some = Set(random.exhibits.prefix(3).map(\.id))
            let again = try load.load(observer: tallies, into: load.path + "-2")
            XCTAssertTrue(again.observed)
            XCTAssertEqual(try tallies.estimates(of: some, tables: [:]), scanned.filter { some.contains($0.exhibit) })
        }
    }

    /// A delivery into a table that already holds rows is not observed: the merge emits only part of the table.
    func testADeliveryIntoANonEmptyTableIsNotObserved() throws {
        let random = try RandomExhibits(seed: 1, rows: 60, exhibits: 4)
        let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
        let load = try RandomLoad(random, seed: 1)
        defer { load.remove() }
        let tallies = try XCTUnwrap(ExhibitTallies(plans: plans, table: random.table, workDirectory: load.directory + "/tally"))
        let store = try load.load(observer: nil)
        store.finalRows = tallies
        try load.deliver(load.rows.prefix(10), file: "t_2.csv", into: store)
        XCTAssertFalse(store.observed)
    }
}

extension TalliedExhibitsTests {
    /// A delivery mostly appended (keys ascending) is not observed past `AppendedRows.limit` rows: merging every
    /// row again would cost more than the scan it spares. Below the limit, or with as many rows held back, it is.
    func testAMostlyAscendingDeliveryIsScannedInstead() throws {
        for (rows, ascending, observed) in [(70_000, true, false), (50_000, true, true), (70_000, false, true)] {
            let random = try RandomExhibits(seed: 2, rows: rows, exhibits: 3)
            let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
            let load = try RandomLoad(random, seed: 2, ascending: ascending)
            defer { load.remove() }
            let tallies = try XCTUnwrap(ExhibitTallies(plans: plans, table: random.table, workDirectory: load.directory + "/tally"))
            let store = try load.load(observer: tallies, heldBackBytes: 1 << 20)
            XCTAssertEqual(store.observed, observed, "\(rows) rows, ascending \(ascending)")
            XCTAssertEqual(tallies.usable, observed)
        }
    }

    /// Hundreds of held-back runs (as 20 M rows in random key order make: 222) are merged through smaller
    /// buffers and still observed: the tallies equal the scan of the table.
    func testADeliveryInHundredsOfRunsIsTalliedAsTheScanCountsIt() throws {
        let random = try RandomExhibits(seed: 3, rows: 4_000, exhibits: 3)
        let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
        let load = try RandomLoad(random, seed: 3)
        defer { load.remove() }
        let tallies = try XCTUnwrap(ExhibitTallies(plans: plans, table: random.table, workDirectory: load.directory + "/tally"))
        let store = try load.load(observer: tallies, heldBackBytes: 64)
        XCTAssertGreaterThan(store.runCount, 222)
        XCTAssertTrue(store.observed)
        var scan = DeliveryExhibits(plans: plans, table: random.table, storePath: load.path, tableName: RandomExhibits.tableName,
                                    tables: [:], workDirectory: load.directory + "/scan")
        try FileManager.default.createDirectory(atPath: load.directory + "/scan", withIntermediateDirectories: true)
        XCTAssertEqual(try tallies.estimates(of: Set(random.exhibits.map(\.id)), tables: [:]), try scan.compute())
    }
}

/// A random table's rows as a delivery: shuffled, a third of the keys repeated with another version and other
/// values (older or newer), loaded through `DeliveryStore` with a small held-back buffer.
private struct RandomLoad {
    let random: RandomExhibits
    let directory: String
    var path: String { directory + "/store.sqlite" }
    let rows: [[Value]]

    init(_ random: RandomExhibits, seed: UInt64, ascending: Bool = false) throws {
        self.random = random
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tallied-\(seed)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var state = SplitMix64(seed: seed &+ 100)
        var rows = random.rows
        for row in random.rows where state.next(3) == 0 {
            var repeated = row
            repeated[1] = .integer(Int64(state.next(3)))   // version 0, 1 (a tie: the later line wins) or 2
            repeated[3] = [.text("M"), .text("F"), .null][state.next(3)]
            repeated[2] = random.rows[state.next(random.rows.count)][2]
            rows.append(repeated)
        }
        // Mostly shuffled, with ascending stretches that are appended; or the table's order, repeats at the end.
        if !ascending {
            rows.sort { a, b in (a[0].number ?? 0).truncatingRemainder(dividingBy: 7) < (b[0].number ?? 0).truncatingRemainder(dividingBy: 7) }
        }
        self.rows = rows
    }

    func load(observer: FinalRowObserver?, into path: String? = nil, heldBackBytes: Int = 2048) throws -> DeliveryStore {
        let store = try DeliveryStore(path: path ?? self.path, source: "s", tableName: RandomExhibits.tableName, columns: random.table.columns,
                                      upsert: random.table.upsert!, heldBackBytes: heldBackBytes)
        store.finalRows = observer
        try deliver(rows[...], file: "t_1.csv", into: store)
        return store
    }

    func deliver(_ rows: ArraySlice<[Value]>, file: String, into store: DeliveryStore) throws {
        try store.begin(file: file)
        let batch = RowBatch(columns: random.table.columns.count, capacity: 7)
        for (i, row) in rows.enumerated() {
            batch.beginRow()
            for (c, value) in row.enumerated() {
                switch value {
                case .null: batch.setNull(c)
                case .integer(let n): batch.setInteger(c, n)
                case .real(let d): batch.setReal(c, d)
                case .text(let s): batch.setText(c, s)
                }
            }
            batch.commitRow(line: i + 2)
            if batch.isFull { try store.write(batch); batch.reset() }
        }
        if batch.count > 0 { try store.write(batch) }
        try store.finish(LoadedDelivery(file: file, sha256: "", bytes: 0, read: rows.count, loaded: rows.count, quarantined: 0))
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
