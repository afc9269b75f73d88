import Foundation
import MigstatCore
import Postgres
import XCTest

/// Issue 19 #3 and #9 against the throwaway cluster: tables of the schema changed behind migstat's back are
/// not built on, and a table of the user's own of a name migstat uses is a configuration error that leaves the
/// schema as it was.
extension StoreRunTests {
    /// The study into PostgreSQL, then `update stg_registry_records set status='registered'` in psql: the next
    /// run is not "up to date", it says why and rebuilds, and its outputs are a fresh SQLite run's.
    func testATableEditedBehindMigstatsBackIsNotTrustedAndTheRunRebuildsFromRaw() throws {
        let schema = try freshSchema()
        let raw = Self.repository.appendingPathComponent("raw").path
        let postgres = root.appendingPathComponent("postgres"), sqlite = root.appendingPathComponent("sqlite")
        XCTAssertEqual(try run(raw: raw, out: postgres, store: cluster.url(), schema: schema).status, 0)
        XCTAssertTrue(try run(raw: raw, out: postgres, store: cluster.url(), schema: schema).stdout.contains("up to date"), "untouched, trusted")
        let edited = try PostgresConnection(cluster.url()).update("UPDATE \(schema).stg_registry_records SET status = 'registered'")
        XCTAssertGreaterThan(edited, 0)

        let again = try run(raw: raw, out: postgres, store: cluster.url(), schema: schema)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stdout.contains("up to date"), again.stdout)
        XCTAssertTrue(again.stderr.contains("table \(schema).stg_registry_records does not match the checksum"), again.stderr)
        XCTAssertEqual(try run(raw: raw, out: sqlite).status, 0)
        try assertSameOutputs(sqlite, postgres)
        XCTAssertEqual(try postgresTable(cluster.url(), schema: schema), try sqliteTable(sqlite))
        XCTAssertTrue(try run(raw: raw, out: postgres, store: cluster.url(), schema: schema).stdout.contains("up to date"), "rebuilt, trusted again")
    }

    /// The finding's second half: the edit, then a new delivery loaded on top of the edited table.
    func testANewDeliveryIsNotLoadedOnTopOfAnEditedTable() throws {
        let schema = try freshSchema()
        let raw = try rawCopy()
        let postgres = root.appendingPathComponent("postgres"), sqlite = root.appendingPathComponent("sqlite")
        XCTAssertEqual(try run(raw: raw.path, out: postgres, store: cluster.url(), schema: schema, verify: false).status, 0)
        _ = try PostgresConnection(cluster.url()).update("UPDATE \(schema).stg_registry_records SET status = 'registered'")
        try generate(3000, into: raw, name: "registry_20150101.csv", firstId: 1, seed: 11)

        let again = try run(raw: raw.path, out: postgres, store: cluster.url(), schema: schema, verify: false)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("table \(schema).stg_registry_records does not match the checksum"), again.stderr)
        XCTAssertTrue(again.stderr.contains("reloading every delivery"), "not loaded on top: \(again.stderr)")
        XCTAssertEqual(try run(raw: raw.path, out: sqlite, verify: false).status, 0)
        try assertSameOutputs(sqlite, postgres)
        XCTAssertEqual(try postgresTable(cluster.url(), schema: schema), try sqliteTable(sqlite))
    }

    /// A deleted row, a row added to a run table, a dropped table and a dropped schema are noticed too.
    func testADeletedRowAnAddedRowOrADroppedTableIsNoticed() throws {
        let schema = try freshSchema()
        let raw = Self.repository.appendingPathComponent("raw").path
        let postgres = root.appendingPathComponent("postgres")
        XCTAssertEqual(try run(raw: raw, out: postgres, store: cluster.url(), schema: schema, verify: false).status, 0)
        let admin = try PostgresConnection(cluster.url())
        for (edit, table) in [("DELETE FROM \(schema).deliveries WHERE id = (SELECT max(id) FROM \(schema).deliveries)", "deliveries"),
                              ("INSERT INTO \(schema).quarantine (source) VALUES ('registry')", "quarantine"),
                              ("DROP TABLE \(schema).estimates", "estimates")] {
            try admin.execute(edit)
            let r = try run(raw: raw, out: postgres, store: cluster.url(), schema: schema, verify: false)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("table \(schema).\(table)"), "\(edit): \(r.stderr)")
            XCTAssertFalse(r.stdout.contains("up to date"), edit)
        }
        // The whole schema dropped: a new, empty one is not "up to date" with the output.
        try admin.execute("DROP SCHEMA \(schema) CASCADE")
        let r = try run(raw: raw, out: postgres, store: cluster.url(), schema: schema, verify: false)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("schema \(schema)) holds none of migstat's tables"), r.stderr)
        XCTAssertFalse(r.stdout.contains("up to date"))
        XCTAssertGreaterThan(try admin.query("SELECT count(*) FROM \(schema).stg_registry_records").first?.first?.number ?? 0, 0, "loaded again")
    }

    /// Issue 19 #9: a table of the user's own of a name migstat uses: `check` and `run` exit 64 naming it, and
    /// nothing is created in the schema (the DDL is one transaction, rolled back).
    func testAForeignTableInTheSchemaIsAConfigurationErrorAndNothingIsCreatedThere() throws {
        let schema = try freshSchema()
        let admin = try PostgresConnection(cluster.url())
        try admin.execute("CREATE SCHEMA \(schema); CREATE TABLE \(schema).estimates (note text); INSERT INTO \(schema).estimates VALUES ('mine')")
        let raw = Self.repository.appendingPathComponent("raw").path
        let check = try migstat(["check", "--config", Self.config, "--raw", raw, "--store", cluster.url(), "--store-schema", schema])
        XCTAssertEqual(check.status, 64, check.stderr)
        let r = try run(raw: raw, out: root.appendingPathComponent("postgres"), store: cluster.url(), schema: schema)
        XCTAssertEqual(r.status, 64, r.stderr)
        for result in [check, r] {
            XCTAssertTrue(result.stderr.contains("holds a table estimates that migstat did not make"), result.stderr)
        }
        XCTAssertEqual(try admin.query("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1
            """, [.text(schema)]).map { $0[0].key }, ["estimates"], "only the user's table")
        XCTAssertEqual(try admin.query("SELECT note FROM \(schema).estimates"), [[.text("mine")]])
    }
}
