import Foundation
import MigstatCore
import Postgres
import Registry
import Store
import XCTest

/// Through the real loader (reader and cleaner on one thread, the sink on the other): CSV deliveries with
/// timestamps in other zones, a tie across files, repeats within a file and bad records load into PostgreSQL
/// as into SQLite: the same table, quarantine and deliveries (with their hashes and counts).
final class LoaderTests: XCTestCase {
    static let source = """
        {"id": "registry", "title": "Registry", "mode": "lenient", "format": {"encoding": "utf-8", "delimiter": ","},
         "tables": [{"id": "records", "deliveries": "registry/registry_*.csv", "upsert": {"key": "record_id", "version": "updated_at"},
           "grain": "one row per record", "key": ["record_id"],
           "columns": [{"name": "record_id", "type": "text"},
             {"name": "status", "type": "code", "codes": [{"code": "registered", "name": "registered"}, {"code": "expired", "name": "expired"}]},
             {"name": "amount", "type": "decimal", "required": false}, {"name": "employer", "type": "text", "required": false},
             {"name": "updated_at", "type": "timestamp"}]}]}
        """
    static let deliveries = [
        "registry_20140101.csv": """
            record_id,status,amount,employer,updated_at
            R1,registered,1.5,"ООО ""Стройка"", Москва",2014-01-01T00:00:00Z
            R2,registered,,"tab\there",2014-01-01T03:00:00+03:00
            R1,expired,2.25,,2014-01-01T00:00:00.5Z
            R3,unknown,3,,2014-01-01T00:00:00Z
            R4,registered,4,"back\\\\slash",not a time
            R5,expired,5,"line
            break",2014-01-02 00:00:00

            """,
        "registry_20140201.csv": """
            record_id,status,amount,employer,updated_at
            R2,expired,7,,2014-01-01T00:00:00Z
            R1,registered,8,,2013-12-31T23:59:59.999999Z
            R5,registered,9,,2014-01-02T03:00:00+03:00

            """,
    ]

    func testTheLoaderFillsPostgresAsItFillsSQLite() throws {
        let cluster = try TestCluster.start()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-pg-loader-\(getpid())")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("raw/registry"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for (name, text) in Self.deliveries { try Data(text.utf8).write(to: root.appendingPathComponent("raw/registry/\(name)")) }
        let source = try JSONDecoder().decode(SourceConfig.self, from: Data(Self.source.utf8))
        let table = source.tables[0]
        let loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: [:],
                                    rawDirectory: root.appendingPathComponent("raw").path, displayPrefix: "raw/")
        let schema = "loader_\(getpid())"
        let connection = try PostgresConnection(cluster.url())
        try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        let postgres = try PostgresDeliveryStore(connection: connection, schema: schema, source: source.id, tableName: "stg_registry_records",
                                                 columns: table.columns, upsert: table.upsert!)
        let sqlite = try DeliveryStore(path: root.appendingPathComponent("store.sqlite").path, source: source.id,
                                       tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        // Later file first, then the earlier, then the later again (unchanged: nothing moves).
        for file in ["registry_20140201.csv", "registry_20140101.csv", "registry_20140201.csv"] {
            let intoPostgres = try loader.load("registry/" + file, into: postgres)
            let intoSQLite = try loader.load("registry/" + file, into: sqlite)
            XCTAssertEqual(intoPostgres.delivery, intoSQLite.delivery)
        }
        let rows = "SELECT r.*, d.file FROM stg_registry_records r JOIN deliveries d ON d.id = r.delivery_id"
        let inPostgres = DeliveryStoreTests.sorted(try connection.query(rows).map { Array($0[0..<5] + $0[6...]) })
        XCTAssertEqual(inPostgres, DeliveryStoreTests.sorted(try sqlite.database.prepare(rows).rows().map { Array($0[0..<5] + $0[6...]) }))
        // What the rule keeps: R1's newest version (file 1, line 4), R2 tied at one instant, the later file
        // winning; R5 tied likewise; R3 and R4 quarantined.
        XCTAssertEqual(inPostgres.map { [$0[0], $0[1], $0[4], $0[7]] }, [
            [.text("R1"), .text("expired"), .text("2014-01-01T00:00:00.5Z"), .text("registry/registry_20140101.csv")],
            [.text("R2"), .text("expired"), .text("2014-01-01T00:00:00Z"), .text("registry/registry_20140201.csv")],
            [.text("R5"), .text("registered"), .text("2014-01-02T00:00:00Z"), .text("registry/registry_20140201.csv")],
        ])
        let quarantine = "SELECT source, file, line, column_name, value, reason FROM quarantine"
        let quarantined = DeliveryStoreTests.sorted(try connection.query(quarantine))
        XCTAssertEqual(quarantined, DeliveryStoreTests.sorted(try sqlite.database.prepare(quarantine).rows()))
        XCTAssertEqual(quarantined.count, 2)
        XCTAssertEqual(try postgres.loadedDeliveries(), try sqlite.loadedDeliveries())
        try connection.execute("DROP SCHEMA \(schema) CASCADE")
    }
}
