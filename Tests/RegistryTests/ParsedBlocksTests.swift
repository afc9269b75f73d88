import Foundation
import Generate
import MigstatCore
import Registry
import Store
import XCTest

/// The byte path parses on one thread and cleans on another, handing records over in blocks: whatever the
/// block size, a record whose quoted field holds line breaks keeps its physical line numbers (the lines after
/// it too), the quarantine comes out in file order with the record's own line, and the table is the same.
final class ParsedBlocksTests: RegistryTestCase {
    /// The registry's loader with `blockRecords` per parsed block and batches of `batchRows`, and a fresh store.
    func loaderAndStore(_ study: RegistryStudy, strict: Bool = false, blockRecords: Int, batchRows: Int, name: String) throws -> (DeliveryLoader, DeliveryStore) {
        let config = try ConfigLoader.load(path: study.config.path)
        var source = config.sources.first { $0.id == "registry" }!
        if strict { source.mode = .strict }
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK"])]
        var loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys,
                                    rawDirectory: study.raw.path, displayPrefix: "raw/")
        loader.parsedBlockRecords = blockRecords
        loader.batchRows = batchRows
        let store = try DeliveryStore(path: study.root.appendingPathComponent("\(name).sqlite").path, source: source.id,
                                      tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        return (loader, store)
    }

    func testQuarantinedLinesAcrossBlockBoundariesWithQuotedLineBreaks() throws {
        let study = try RegistryStudy()
        func row(_ id: String, host: String = "RU-MOW", employer: String = "ООО Стройка", extra: String = "") -> String {
            "\(id),P\(id.dropFirst()),TJK,M,1990-01-02,SUG,\(host),2013-05-01,2013-05-03,work,patent,\(employer),registered,2014-01-01T00:00:00Z\(extra)"
        }
        let lines = [
            RegistryStudy.header,                                    // line 1
            row("R1"),                                               // 2
            row("R2", employer: "\"ООО\nСтройка\""),                 // 3-4
            row("R3", host: "RU-XXX"),                               // 5: unknown region
            row("R4", employer: "\"ООО\n\n«Трест», Москва\""),       // 6-8
            row("R5", host: "RU-YYY"),                               // 9: unknown region
            row("R6", extra: ",extra"),                              // 10: a field too many
            row("R7", employer: "\"A\nB\""),                         // 11-12
            row("R8"),                                               // 13
        ]
        try study.write("raw/registry/registry_20140101.csv", lines.joined(separator: "\n") + "\n")
        for blockRecords in [1, 2, 3, 4096] {
            let (loader, store) = try loaderAndStore(study, blockRecords: blockRecords, batchRows: 2, name: "b\(blockRecords)")
            var notes: [String] = []
            let result = try loader.load("registry/registry_20140101.csv", into: store, note: { notes.append($0) })
            XCTAssertEqual(notes, [], "clean CSV stays on the byte path")
            XCTAssertEqual(result.delivery.read, 8)
            XCTAssertEqual(result.delivery.quarantined, 3)
            let q = try store.database.prepare("SELECT line, value FROM quarantine ORDER BY rowid").rows()
            XCTAssertEqual(q.map { $0[0] }, [.integer(5), .integer(9), .integer(10)], "blocks of \(blockRecords)")
            XCTAssertEqual(q.map { $0[1].key }.prefix(2), ["RU-XXX", "RU-YYY"])
            XCTAssertEqual(q.last?[1].key, lines[6], "the record's own line, found past the quoted line breaks")
            let stored = try store.database.prepare("SELECT record_id, source_line, employer_name FROM stg_registry_records ORDER BY record_id").rows()
            XCTAssertEqual(stored.map { $0[0].key }, ["R1", "R2", "R4", "R7", "R8"])
            XCTAssertEqual(stored.map { $0[1] }, [.integer(2), .integer(3), .integer(6), .integer(11), .integer(13)])
            XCTAssertEqual(stored[2][2].key, "ООО\n\n«Трест», Москва")
        }
    }

    /// A strict source stops at its first bad row while the parsing thread is ahead of the cleaner: the load
    /// fails with that row's line, nothing is stored, and no thread is left waiting (the test would hang).
    func testAFailureOfTheCleanerStopsTheParsingThread() throws {
        let study = try RegistryStudy()
        let options = RegistryGenerator.Options(rows: 3_000, seed: 5, persons: 5_000, badShare: 0)
        try RegistryGenerator(options).write(to: study.raw.appendingPathComponent("registry/registry_20140101.csv").path)
        var text = try study.read("raw/registry/registry_20140101.csv").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let badLine = 1_000   // physical line: no line break is quoted before it in this file (checked below)
        XCTAssertFalse(text[1..<badLine - 1].contains { $0.filter { $0 == "\"" }.count % 2 == 1 })
        text[badLine - 1] = text[badLine - 1].replacingOccurrences(of: ",TJK,", with: ",XXX,")
        try study.write("raw/registry/registry_20140101.csv", text.joined(separator: "\n"))
        for blockRecords in [1, 7, 4096] {
            let (loader, store) = try loaderAndStore(study, strict: true, blockRecords: blockRecords, batchRows: 3, name: "f\(blockRecords)")
            XCTAssertThrowsError(try loader.load("registry/registry_20140101.csv", into: store)) {
                XCTAssertTrue("\($0)".contains(":\(badLine)"), "the bad row's line: \($0)")
            }
            XCTAssertEqual(try store.database.prepare("SELECT count(*) FROM stg_registry_records").rows().first?.first, .integer(0))
            XCTAssertEqual(try store.loadedDeliveries().count, 0)
        }
    }
}
