import Foundation
import MigstatCore
import Postgres
import Store
import XCTest

/// The run's tables in PostgreSQL (`PostgresBackend` under `RunStore`): in a schema that may hold other
/// people's tables, migstat writes, replaces and drops only its own.
final class PostgresBackendTests: XCTestCase {
    private func store(_ schema: String) throws -> (PostgresConnection, RunStore) {
        let connection = try PostgresConnection(try TestCluster.start().url())
        try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE; CREATE SCHEMA \(schema)")
        return (connection, try RunStore(backend: try PostgresBackend(connection: connection, schema: schema)))
    }

    func testATableOfTheSameNameThatIsNotMigstatsIsNeverWrittenIntoOrDropped() throws {
        let (connection, store) = try self.store("backend_foreign")
        try connection.execute("CREATE TABLE estimates (note text); INSERT INTO estimates VALUES ('theirs'); CREATE TABLE stg_theirs (x int)")
        let estimate = Estimate(exhibit: "t", series: "s", category: "c", label: "C", n: 1, baseN: 2, weighted: 1, baseWeighted: 2,
                                percent: 50, ciLow: nil, ciHigh: nil, interval: .census)
        XCTAssertThrowsError(try store.writeEstimates([estimate])) { error in
            guard case PostgresError.foreignTable(_, let schema, let table)? = error as? PostgresError else { return XCTFail("\(error)") }
            XCTAssertEqual([schema, table], ["backend_foreign", "estimates"])
            XCTAssertTrue("\(error)".contains("--store-schema"), "\(error)")
        }
        XCTAssertEqual(try connection.query("SELECT note FROM estimates"), [[.text("theirs")]])
        // A configuration without a table stg_theirs drops what migstat made, not what it did not.
        try store.writeFiles([])
        try store.dropStale(keepingTables: [], sources: [], codebookTables: [])
        XCTAssertEqual(try connection.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'backend_foreign' AND table_name = 'stg_theirs'"),
                       [[.integer(1)]])
        XCTAssertEqual(try store.backend.tableNames(), ["input_files"])
    }

    /// Read back as written, in the order written (PostgreSQL keeps no rowid: an identity column does), and the
    /// layout numbered as in SQLite.
    func testRecordsRoundTripInTheOrderWrittenAndTheLayoutIsNumbered() throws {
        let (connection, store) = try self.store("backend_order")
        var b = Estimate(exhibit: "t1", series: "all", category: "b", label: "Всего \"B\"\tx", n: 3, baseN: 7, weighted: 3.5, baseWeighted: 7.25,
                         percent: 48.27586206896552, ciLow: 20.1, ciHigh: 77.9, interval: .logit)
        b.se = 0.1 + 0.2; b.df = 6; b.seriesLabel = "line\nbreak \\ slash"
        let a = Estimate(exhibit: "t1", series: "all", category: "a", label: "A", n: 4, baseN: 7, weighted: 4, baseWeighted: 7,
                         percent: nil, ciLow: nil, ciHigh: nil, interval: .census)
        try store.writeEstimates([b, a])
        XCTAssertEqual(try store.estimates(of: ["t1"]), [b, a])
        let q = [QuarantineRecord(source: "s", file: "f_2.csv", line: 9, column: "c", value: "x", reason: "r"),
                 QuarantineRecord(source: "s", file: "f-1.csv", line: 12, column: "c", value: "=1", reason: "r")]
        try store.writeQuarantine(q, replacing: ["s"])
        XCTAssertEqual(try store.quarantine(of: ["s"]), q)
        var streamed: [QuarantineRecord] = []
        try store.forEachQuarantined(source: "s") { streamed.append($0) }
        XCTAssertEqual(streamed, [q[1], q[0]], "file (by bytes: '-' before '_') and line order")
        XCTAssertEqual(try store.backend.layoutVersion(), StoreLayout.current)
        try store.backend.setLayoutVersion(StoreLayout.current + 1)
        XCTAssertThrowsError(try RunStore(backend: PostgresBackend(connection: connection, schema: "backend_order")))
    }
}
