import Foundation
import Generate
import MigstatCore
import Registry
import Store
import XCTest

/// Rows whose key is not above every stored key are held back and upserted in passes while the delivery is
/// read. However small the memory for them (so however many passes), the table follows the loading rules
/// row by row: a newer version wins, an older one never does, and of equal versions the later line wins.
final class HeldBackPassesTests: RegistryTestCase {
    func row(_ id: Int, _ updatedAt: String, _ status: String) -> String {
        "R\(String(format: "%05d", id)),P1,TJK,M,1990-01-02,SUG,RU-MOW,2013-05-01,2013-05-03,work,patent,\"ООО \"\"Стройка\"\", Москва\",\(status),\(updatedAt)"
    }

    /// A delivery of 3 000 new records, then rounds of repeats in descending key order (so that they are held
    /// back and sorted): three rounds of equal newer versions with different statuses, and a round of older ones.
    func delivery() -> [(id: Int, version: String, status: String)] {
        var rows = (1...3000).map { (id: $0, version: "2014-01-01T00:00:00Z", status: "registered") }
        for status in ["expired", "registered", "deregistered"] {
            rows += stride(from: 3000, to: 0, by: -3).map { (id: $0, version: "2014-01-02T00:00:00Z", status: status) }
        }
        rows += stride(from: 2999, to: 0, by: -7).map { (id: $0, version: "2013-12-31T00:00:00Z", status: "expired") }
        return rows
    }

    /// The loading rules applied row by row, as `record_id|status|updated_at|file|line`.
    func expected(_ rows: [(id: Int, version: String, status: String)], file: String) -> [String] {
        var winners: [Int: (version: String, status: String, line: Int)] = [:]
        for (i, r) in rows.enumerated() {
            if let stored = winners[r.id], r.version < stored.version { continue }
            winners[r.id] = (r.version, r.status, i + 2)
        }
        return winners.keys.sorted().map { id in
            let w = winners[id]!
            return "R\(String(format: "%05d", id))|\(w.status)|\(w.version)|\(file)|\(w.line)"
        }
    }

    func testTheTableIsTheSameWhateverTheMemoryForHeldBackRows() throws {
        let study = try RegistryStudy()
        let rows = delivery()
        let file = "registry/registry_20140101.csv"
        try study.write("raw/" + file, ([RegistryStudy.header] + rows.map { row($0.id, $0.version, $0.status) }).joined(separator: "\n") + "\n")
        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK", "UZB"])]
        var loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys,
                                    rawDirectory: study.raw.path, displayPrefix: "raw/")
        loader.batchRows = 64   // a pass starts between batches
        func load(heldBackBytes: Int, passBytes: Int, name: String) throws -> (table: [String], passes: Int, applied: Int) {
            let store = try DeliveryStore(path: study.root.appendingPathComponent(name).path, source: source.id, tableName: "stg_registry_records",
                                          columns: table.columns, upsert: table.upsert!, heldBackBytes: heldBackBytes, passBytes: passBytes)
            let result = try loader.load(file, into: store)
            let dump = try store.database.prepare("""
                SELECT r.record_id, r.status, r.updated_at, d.file, r.source_line FROM stg_registry_records r JOIN deliveries d ON d.id = r.delivery_id ORDER BY r.record_id
                """).rows().map { $0.map(\.key).joined(separator: "|") }
            return (dump, result.passes, result.applied)
        }
        let oracle = expected(rows, file: file)
        let roomy = try load(heldBackBytes: DeliveryStore.defaultHeldBackBytes, passBytes: DeliveryStore.defaultPassBytes, name: "roomy.sqlite")
        let tight = try load(heldBackBytes: 16 << 10, passBytes: 32 << 10, name: "tight.sqlite")
        XCTAssertEqual(roomy.table, oracle)
        XCTAssertEqual(tight.table, oracle)
        XCTAssertEqual(roomy.passes, 1)
        XCTAssertGreaterThan(tight.passes, 10, "16 KB should hold about a hundred rows at a time")
        // New keys, plus the three rounds of equal newer versions (each replaces the last); never the older round.
        XCTAssertEqual(tight.applied, 3000 + 3 * 1000)
        XCTAssertEqual(roomy.applied, tight.applied)
    }
}
