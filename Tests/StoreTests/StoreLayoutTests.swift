import Foundation
import MigstatCore
import TestSupport
import XCTest
@testable import Store

final class StoreLayoutTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "store-layout-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// A store written before layouts were numbered (user_version 0) holds tables of an older shape: they are
    /// dropped and the layout recorded, instead of a definition being compared.
    func testAStoreOlderThanNumberedLayoutsIsEmptiedAndNumbered() throws {
        let path = directory + "/old.sqlite"
        let old = try Database(path: path)
        try old.execute("""
            CREATE TABLE codebook (table_name TEXT, variable TEXT, code TEXT, category TEXT, label TEXT);
            INSERT INTO codebook VALUES ('t', 'v', '1', 'yes', 'Yes');
            CREATE TABLE stg_registry_records (record_id TEXT PRIMARY KEY, updated_at TEXT, delivery_id INTEGER, source_line INTEGER);
            """)
        let store = try RunStore.sqlite(path: path)
        XCTAssertEqual(try store.backend.tableNames(), [])
        XCTAssertEqual(try store.backend.layoutVersion(), StoreLayout.current)
        try store.writeCodebook([])
        XCTAssertEqual(try store.categoryLabels(), [:])
    }

    /// A store of layout 2 has an estimates table without `weighted_se`: step 3 drops it (the run writes it whole),
    /// and keeps the other tables; estimates written after it keep their weighted_se.
    func testLayoutTwoEstimatesGainWeightedSE() throws {
        let path = directory + "/layout2.sqlite"
        let old = try Database(path: path)
        try old.execute("""
            CREATE TABLE estimates (exhibit TEXT, series TEXT, category TEXT, label TEXT);
            INSERT INTO estimates VALUES ('t1', 'all', 'a', 'A');
            CREATE TABLE input_files (source TEXT, file TEXT, bytes INTEGER, sha256 TEXT, rows_read INTEGER, rows_loaded INTEGER, rows_quarantined INTEGER);
            INSERT INTO input_files VALUES ('s', 'a.csv', 3, 'x', 2, 1, 1);
            """)
        try old.setLayoutVersion(2)
        let store = try RunStore.sqlite(path: path)
        XCTAssertEqual(try store.backend.layoutVersion(), StoreLayout.current)
        XCTAssertEqual(try store.backend.tableNames(), ["input_files"])
        XCTAssertEqual(try store.files(of: ["s"]).map(\.file), ["a.csv"])
        var e = Estimate(exhibit: "t1", series: "all", category: "a", label: "A", n: 4, baseN: 7, weighted: 4, baseWeighted: 7,
                         percent: 57.1, ciLow: nil, ciHigh: nil, interval: .logit)
        e.weightedSE = 0.25
        try store.writeEstimates([e])
        XCTAssertEqual(try store.estimates(of: ["t1"]).map(\.weightedSE), [0.25])
    }

    func testAStoreOfTheCurrentLayoutIsKeptAsItIs() throws {
        let path = directory + "/current.sqlite"
        let first = try RunStore.sqlite(path: path)
        try first.writeFiles([FileAccount(source: "s", file: "a.csv", bytes: 3, sha256: "x", read: 2, loaded: 1, quarantined: 1)])
        let again = try RunStore.sqlite(path: path)
        XCTAssertEqual(try again.files(of: ["s"]).map(\.file), ["a.csv"])
    }

    /// A new migstat on an old output updates it; an old migstat on a newer output refuses it.
    func testAStoreOfALaterLayoutIsRefused() throws {
        let path = directory + "/newer.sqlite"
        let database = try Database(path: path)
        try database.setLayoutVersion(StoreLayout.current + 1)
        XCTAssertThrowsError(try RunStore.sqlite(path: path)) { error in
            XCTAssertEqual(error as? StoreLayoutError, .newer(found: StoreLayout.current + 1, known: StoreLayout.current))
        }
        XCTAssertThrowsError(try DeliveryStore(path: path, source: "registry", tableName: "stg_registry_records",
                                               columns: [ColumnConfig(name: "id", type: .integer), ColumnConfig(name: "at", type: .timestamp)],
                                               upsert: JSONDecoder().decode(UpsertConfig.self, from: Data(#"{"key": "id", "version": "at"}"#.utf8))))
    }

    /// What is written is read back as it was, in the order written (an incremental run keeps estimates this way).
    func testRecordsRoundTripInTheOrderWritten() throws {
        try assertRunStoreRoundTrips(try RunStore.sqlite(path: directory + "/round.sqlite"))
    }
}
