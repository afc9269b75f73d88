import Foundation
import MigstatCore
import Postgres
import Store
import TestSupport
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
        try assertRunStoreRoundTrips(store)
        XCTAssertEqual(try store.backend.layoutVersion(), StoreLayout.current)
        try store.backend.setLayoutVersion(StoreLayout.current + 1)
        XCTAssertThrowsError(try RunStore(backend: PostgresBackend(connection: connection, schema: "backend_order")))
    }

    /// A schema of layout 2 has an estimates table without weighted_se: step 3 drops it, as in SQLite, and the
    /// column is written and read back after it.
    func testLayoutTwoEstimatesGainWeightedSE() throws {
        let (connection, store) = try self.store("backend_layout2")
        try store.writeFiles([])
        try store.writeEstimates([])
        try connection.execute("DROP TABLE estimates; CREATE TABLE estimates (exhibit text, series text, category text); INSERT INTO estimates VALUES ('t1', 'all', 'a')")
        try store.backend.setLayoutVersion(2)
        let migrated = try RunStore(backend: try PostgresBackend(connection: connection, schema: "backend_layout2"))
        XCTAssertEqual(try migrated.backend.layoutVersion(), StoreLayout.current)
        XCTAssertEqual(try migrated.backend.tableNames(), ["input_files"])
        var e = Estimate(exhibit: "t1", series: "all", category: "a", label: "A", n: 4, baseN: 7, weighted: 4, baseWeighted: 7,
                         percent: 57.1, ciLow: nil, ciHigh: nil, interval: .logit)
        e.weightedSE = 0.25
        try migrated.writeEstimates([e])
        XCTAssertEqual(try migrated.estimates(of: ["t1"]).map(\.weightedSE), [0.25])
    }

    /// On a managed server a role often owns its schema without the right to create schemas in the database.
    func testARoleThatOnlyOwnsItsSchemaMayUseIt() throws {
        let cluster = try TestCluster.start()
        let admin = try PostgresConnection(cluster.url())
        try admin.execute("""
            DROP SCHEMA IF EXISTS backend_owned CASCADE; DROP ROLE IF EXISTS schema_owner;
            CREATE ROLE schema_owner LOGIN PASSWORD 'owner-pw'; CREATE SCHEMA backend_owned AUTHORIZATION schema_owner;
            """)
        XCTAssertEqual(try admin.query("SELECT has_database_privilege('schema_owner', current_database(), 'CREATE')::int"), [[.integer(0)]])
        let owner = try PostgresConnection("postgresql://schema_owner:owner-pw@/postgres?host=\(cluster.directory)")
        try assertRunStoreRoundTrips(try RunStore(backend: try PostgresBackend(connection: owner, schema: "backend_owned")))
    }

    /// Checksums are recorded by hashing each row's columns; those an earlier migstat recorded (by hashing the
    /// row's text) still check, so an upgrade does not distrust every table and reload every delivery.
    func testChecksumsOfEitherKindCheckAndAnEditIsNoticedUnderBoth() throws {
        let (connection, store) = try self.store("backend_checksums")
        try assertRunStoreRoundTrips(store)
        let backend = try XCTUnwrap(store.backend as? StoreChecksums)
        try backend.recordChecksums()
        XCTAssertEqual(try connection.query("SELECT count(*) FROM migstat_checksums WHERE checksum NOT LIKE 'record:%'"), [[.integer(0)]])
        XCTAssertNil(try backend.checksumMismatch())
        try connection.execute("""
            UPDATE migstat_checksums c SET checksum = (SELECT coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM estimates t)
            WHERE name = 'estimates'
            """)
        XCTAssertNil(try backend.checksumMismatch(), "an earlier migstat's checksum")
        try connection.execute("UPDATE estimates SET n = n + 1 WHERE ctid = (SELECT min(ctid) FROM estimates)")
        XCTAssertEqual(try backend.checksumMismatch()?.contains("estimates does not match"), true)
        try backend.recordChecksums()
        try connection.execute("UPDATE estimates SET label = label || ' ' WHERE ctid = (SELECT min(ctid) FROM estimates)")
        XCTAssertEqual(try backend.checksumMismatch()?.contains("estimates does not match"), true)
    }
}
