import Foundation
import MigstatCore
import XCTest

final class StoreLocationTests: XCTestCase {
    private func config(_ extra: String) throws -> PipelineConfig {
        let json = #"{"version": 1, "study": {"title": "t", "published_values": "p.csv"}, "sources": [], "exhibits": []"# + extra + "}"
        return try JSONDecoder().decode(PipelineConfig.self, from: Data(json.utf8))
    }

    func testTheOptionWinsOverPipelineJSONAndNothingMeansSQLite() throws {
        XCTAssertEqual(try StoreLocation.choose(option: nil, schemaOption: nil, config: config("")), .sqlite)
        let declared = try config(#", "store": "postgresql://a@db1/reg", "store_schema": "registry""#)
        XCTAssertEqual(try StoreLocation.choose(option: nil, schemaOption: nil, config: declared), .postgresql(url: "postgresql://a@db1/reg", schema: "registry"))
        XCTAssertEqual(try StoreLocation.choose(option: "postgres://b@db2/x", schemaOption: "s2", config: declared), .postgresql(url: "postgres://b@db2/x", schema: "s2"))
        XCTAssertEqual(try StoreLocation.choose(option: "postgresql:///x", schemaOption: nil, config: config("")), .postgresql(url: "postgresql:///x", schema: "public"))
    }

    func testAStoreThatIsNotAPostgreSQLURLOrABadSchemaIsAConfigurationError() throws {
        XCTAssertThrowsError(try StoreLocation.choose(option: "mysql://u:hunter2@h/db", schemaOption: nil, config: config(""))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("--store") && text.contains("postgresql://"), text)
            XCTAssertFalse(text.contains("hunter2"), "the password is never printed: \(text)")
        }
        XCTAssertThrowsError(try StoreLocation.choose(option: nil, schemaOption: nil, config: config(#", "store": "db.sqlite""#))) { error in
            XCTAssertTrue("\(error)".contains("$.store"), "\(error)")
        }
        XCTAssertThrowsError(try StoreLocation.choose(option: "postgresql:///x", schemaOption: "a;drop", config: config(""))) { error in
            XCTAssertTrue("\(error)".contains("--store-schema"), "\(error)")
        }
    }

    /// Issue 19 #2: PostgreSQL cuts names to 63 bytes, so 63 l's + "A" and + "B" would be one schema under two
    /// advisory locks; and pg_* and information_schema are PostgreSQL's own.
    func testASchemaNamePostgreSQLWouldCutOrReservesIsRefusedFromTheOptionAndPipelineJSON() throws {
        let longest = String(repeating: "l", count: 63)
        XCTAssertEqual(try StoreLocation.choose(option: "postgresql:///x", schemaOption: longest, config: config("")),
                       .postgresql(url: "postgresql:///x", schema: longest))
        for bad in [longest + "A", longest + "B", String(repeating: "s", count: 200), "pg_temp", "pg_catalog", "pg_toast", "pg_x",
                    "PG_TEMP", "Pg_temp", "information_schema", "INFORMATION_SCHEMA"] {
            XCTAssertThrowsError(try StoreLocation.choose(option: "postgresql:///x", schemaOption: bad, config: config("")), bad) { error in
                guard case let MigstatError.config(path, message, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(path, "--store-schema")
                XCTAssertTrue(message.contains("63 bytes") || message.contains("reserves"), message)
            }
            XCTAssertThrowsError(try StoreLocation.choose(option: nil, schemaOption: nil,
                                                          config: config(#", "store": "postgresql:///x", "store_schema": ""# + bad + "\"")), bad) { error in
                XCTAssertTrue("\(error)".contains("$.store_schema"), "\(error)")
            }
        }
        for fine in ["public", "registry", "pgx", "my_pg_schema", "information"] {
            XCTAssertNoThrow(try StoreLocation.choose(option: "postgresql:///x", schemaOption: fine, config: config("")), fine)
        }
    }
}
