import Foundation
import MigstatCore
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
        let store = try RunStore.sqlite(path: directory + "/round.sqlite")
        var b = Estimate(exhibit: "t1", series: "all", category: "b", label: "B", n: 3, baseN: 7, weighted: 3.5, baseWeighted: 7.25,
                         percent: 48.27586206896552, ciLow: 20.1, ciHigh: 77.9, interval: .logit)
        b.se = 14.2; b.cv = 0.29; b.deff = 1.8; b.nEff = 3.9; b.df = 6; b.seriesLabel = "Всего"
        let a = Estimate(exhibit: "t1", series: "all", category: "a", label: "A", n: 4, baseN: 7, weighted: 4, baseWeighted: 7,
                         percent: nil, ciLow: nil, ciHigh: nil, interval: .census)
        try store.writeEstimates([b, a])
        XCTAssertEqual(try store.estimates(of: ["t1"]), [b, a])
        let q = [QuarantineRecord(source: "s", file: "f2.csv", line: 9, column: "c", value: "x", reason: "r"),
                 QuarantineRecord(source: "s", file: "f1.csv", line: 12, column: "c", value: "=1", reason: "r")]
        try store.writeQuarantine(q, replacing: ["s"])
        XCTAssertEqual(try store.quarantine(of: ["s"]), q)
        var streamed: [QuarantineRecord] = []
        try store.forEachQuarantined(source: "s") { streamed.append($0) }
        XCTAssertEqual(streamed, [q[1], q[0]], "file and line order")
    }
}
