import Foundation
import MigstatCore
import Store
import XCTest

/// The store's table names are made in one place (StoreTableName): the validator claims them and the run writes
/// them, so the two cannot disagree.
final class StoreTableNameTests: XCTestCase {
    func testTheRunWritesExactlyTheStagedAndIntermediateTablesTheValidatorClaims() throws {
        let out = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(out: out, verify: false)
        let config = try ConfigLoader.load(path: Repo.config)
        let store = try Database(path: out.appendingPathComponent("migration.sqlite").path, immutable: true)
        let written = try store.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'stg\\_%' ESCAPE '\\' OR name LIKE 'int\\_%' ESCAPE '\\')")
            .rows().map { $0[0].key }
        XCTAssertEqual(Set(written), Set(StoreTableName.all(config)))
        XCTAssertTrue(written.contains(StoreTableName.joined(try XCTUnwrap(config.joins.first).id)))
    }

    func testATablesNameCarriesItsLayer() throws {
        let config = try ConfigLoader.load(path: Repo.config)
        let source = try XCTUnwrap(config.sources.first), join = try XCTUnwrap(config.joins.first)
        let table = try XCTUnwrap(source.tables.first)
        XCTAssertEqual(StoreTableName.of("\(source.id).\(table.id)", in: config), "stg_\(source.id)_\(table.id)")
        XCTAssertEqual(StoreTableName.of(join.id, in: config), "int_\(join.id)")
    }
}
