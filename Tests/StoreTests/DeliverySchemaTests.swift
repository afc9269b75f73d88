import Foundation
import MigstatCore
import XCTest
@testable import Store

/// The delivery tables' statements, written once (`DeliverySchema`) in each dialect. The declarations are
/// pinned as the stores recorded them in `delivery_tables` before they were declared here: any other text
/// would make every existing store drop its delivery tables and load every delivery again.
final class DeliverySchemaTests: XCTestCase {
    static let upsert = try! JSONDecoder().decode(UpsertConfig.self, from: Data(#"{"key": "id", "version": "at"}"#.utf8))

    static func schema(_ dialect: any SQLDialect, key: ColumnType) -> DeliverySchema {
        DeliverySchema(dialect, source: "registry", tableName: "stg_registry_records",
                       columns: [ColumnConfig(name: "id", type: key), ColumnConfig(name: "amount", type: .decimal),
                                 ColumnConfig(name: "at", type: .timestamp), ColumnConfig(name: "say \"hi\"", type: .code)],
                       upsert: upsert)
    }

    func testTheDeclarationsAreTheTextEveryStoreRecordedBefore() {
        XCTAssertEqual(Self.schema(SQLiteDialect(), key: .text).declaration, #"""
            CREATE TABLE "stg_registry_records" ("id" TEXT NOT NULL PRIMARY KEY, "amount" REAL, "at" TEXT, "say ""hi""" TEXT, \#
            row_version INTEGER NOT NULL, delivery_id INTEGER NOT NULL, source_line INTEGER NOT NULL) WITHOUT ROWID
            """#)
        XCTAssertEqual(Self.schema(SQLiteDialect(), key: .integer).declaration, #"""
            CREATE TABLE "stg_registry_records" ("id" INTEGER NOT NULL PRIMARY KEY, "amount" REAL, "at" TEXT, "say ""hi""" TEXT, \#
            row_version INTEGER NOT NULL, delivery_id INTEGER NOT NULL, source_line INTEGER NOT NULL)
            """#)
        XCTAssertEqual(Self.schema(PostgresDialect(), key: .text).declaration, #"""
            CREATE TABLE "stg_registry_records" ("id" text NOT NULL PRIMARY KEY, "amount" double precision, "at" text, "say ""hi""" text, \#
            row_version bigint NOT NULL, delivery_id bigint NOT NULL, source_line bigint NOT NULL)
            """#)
    }

    func testParametersAreEachDialectsOwn() {
        XCTAssertEqual(Self.schema(SQLiteDialect(), key: .text).forgetFileQuarantine, "DELETE FROM quarantine WHERE source = ? AND file = ?")
        XCTAssertEqual(Self.schema(PostgresDialect(), key: .text).forgetFileQuarantine, "DELETE FROM quarantine WHERE source = $1 AND file = $2")
        XCTAssertEqual(Self.schema(PostgresDialect(), key: .text).finishDelivery,
                       "UPDATE deliveries SET sha256 = $1, bytes = $2, rows_read = $3, rows_loaded = $4, rows_quarantined = $5, complete = 1 WHERE id = $6")
    }

    func testQuotingDoublesTheQuoteInsideInBothDialects() {
        for dialect: any SQLDialect in [SQLiteDialect(), PostgresDialect()] {
            XCTAssertEqual(dialect.identifier(#"a"b"#), #""a""b""#)
            XCTAssertEqual(dialect.literal("it's"), "'it''s'")
        }
    }

    /// The upsert is UpsertRule's clause after the dialect's INSERT … SELECT, updating every column but the key.
    func testTheUpsertIsUpsertRulesClause() {
        let schema = Self.schema(SQLiteDialect(), key: .integer)
        let sql = schema.upsert("SELECT * FROM rows")
        XCTAssertTrue(sql.hasPrefix(#"INSERT OR IGNORE INTO "stg_registry_records" ("id", "amount", "at", "say ""hi""", row_version, delivery_id, source_line) SELECT * FROM rows WHERE true"#), sql)
        XCTAssertTrue(sql.hasSuffix(UpsertRule.onConflict(key: #""id""#, updating: Array(schema.columnList.dropFirst()), table: schema.table)), sql)
        XCTAssertFalse(sql.contains(#"SET "id" ="#))
    }

    /// A version cell the cleaner should have rejected is a data error naming where it was read and what it held.
    func testAnUncleanedVersionIsADataErrorWithItsPlaceAndValue() throws {
        let schema = Self.schema(SQLiteDialect(), key: .integer)
        let batch = RowBatch(columns: 4)
        batch.beginRow()
        batch.setInteger(0, 7); batch.setNull(1); batch.setText(2, "yesterday"); batch.setText(3, "x")
        batch.commitRow(line: 12)
        XCTAssertThrowsError(try schema.version(batch, row: 0, file: "records_1.csv")) { error in
            XCTAssertEqual(error as? MigstatError, .data(Location(source: "registry", file: "records_1.csv", line: 12, column: "at"),
                                                         value: "yesterday", message: "the version column at is not a cleaned timestamp"))
        }
    }
}
