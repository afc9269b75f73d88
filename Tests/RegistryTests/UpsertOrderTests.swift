import Foundation
import Generate
import MigstatCore
import Registry
import Store
import XCTest

/// The loading rules of the contract: the newest `updated_at` wins, an older version never replaces a newer
/// one, on a tie the later delivery by file name wins, and loading a delivery again changes nothing —
/// whatever order the deliveries come in.
final class UpsertOrderTests: RegistryTestCase {
    /// A registry row with the given key, version and status (other columns fixed).
    func row(_ id: String, _ updatedAt: String, status: String = "registered", host: String = "RU-MOW", person: String = "P1") -> String {
        "\(id),\(person),TJK,M,1990-01-02,SUG,\(host),2013-05-01,2013-05-03,work,patent,\"ООО \"\"Стройка\"\", Москва\",\(status),\(updatedAt)"
    }

    func loader(_ study: RegistryStudy) throws -> (DeliveryLoader, SourceConfig, TableConfig) {
        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK", "UZB"])]
        return (DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys,
                               rawDirectory: study.raw.path, displayPrefix: "raw/"), source, table)
    }

    /// Loads the deliveries in the given order into a new store and returns the table as text, each row with
    /// the delivery and line its version came from.
    func load(_ study: RegistryStudy, _ files: [String], store name: String) throws -> [String] {
        let (loader, source, table) = try loader(study)
        let store = try DeliveryStore(path: study.root.appendingPathComponent(name).path, source: source.id,
                                      tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        for f in files { _ = try loader.load(f, into: store) }
        return try dump(store.database)
    }

    func dump(_ database: Database) throws -> [String] {
        try database.prepare("""
            SELECT r.record_id, r.status, r.updated_at, d.file, r.source_line FROM stg_registry_records r JOIN deliveries d ON d.id = r.delivery_id ORDER BY r.record_id
            """).rows().map { $0.map(\.key).joined(separator: "|") }
    }

    func testNewerWinsOlderNeverReplacesTieGoesToTheLaterDelivery() throws {
        let study = try RegistryStudy()
        // Each delivery is dated (its file name) no earlier than the day before its rows' dates.
        try study.write("raw/registry/registry_20140115.csv", ([RegistryStudy.header] + [
            row("R1", "2014-01-01T00:00:00Z"),
            row("R2", "2014-01-05T00:00:00Z"),
            row("R3", "2014-01-10T12:00:00Z", status: "registered"),
            row("R5", "2014-01-03T00:00:00Z", status: "expired"),
        ]).joined(separator: "\r\n") + "\r\n")
        try study.write("raw/registry/registry_20140201.csv", ([RegistryStudy.header] + [
            row("R1", "2014-02-01T00:00:00Z", status: "deregistered"),   // newer: wins
            row("R2", "2013-12-31T23:59:59Z", status: "expired"),        // older: a stale re-send, never wins
            row("R3", "2014-01-10T12:00:00Z", status: "expired"),        // same version: the later delivery wins
            row("R4", "2014-02-02T00:00:00Z"),                           // new
            row("R5", "2014-01-03T00:00:00.5Z", status: "registered"),   // half a second newer
            row("R6", "2014-02-03T00:00:00+03:00", status: "expired"),   // an offset, stored in UTC
            row("R6", "2014-02-03T00:00:00+03:00", status: "deregistered"), // same version twice in one delivery: the later line
        ]).joined(separator: "\r\n") + "\r\n")
        let table = try load(study, ["registry/registry_20140115.csv", "registry/registry_20140201.csv"], store: "a.sqlite")
        XCTAssertEqual(table, [
            "R1|deregistered|2014-02-01T00:00:00Z|registry/registry_20140201.csv|2",
            "R2|registered|2014-01-05T00:00:00Z|registry/registry_20140115.csv|3",
            "R3|expired|2014-01-10T12:00:00Z|registry/registry_20140201.csv|4",
            "R4|registered|2014-02-02T00:00:00Z|registry/registry_20140201.csv|5",
            "R5|registered|2014-01-03T00:00:00.5Z|registry/registry_20140201.csv|6",
            "R6|deregistered|2014-02-02T21:00:00Z|registry/registry_20140201.csv|8",
        ])
        // The rules do not depend on the order the deliveries arrive in (a late delivery of an older file).
        XCTAssertEqual(try load(study, ["registry/registry_20140201.csv", "registry/registry_20140115.csv"], store: "b.sqlite"), table)
    }

    func testLoadingADeliveryAgainChangesNothing() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 3000, seed: 1)
        try study.generate("registry_20140201.csv", rows: 2000, seed: 2, firstId: 2801)
        let (loader, source, table) = try loader(study)
        let store = try DeliveryStore(path: study.root.appendingPathComponent("s.sqlite").path, source: source.id,
                                      tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        _ = try loader.load("registry/registry_20140101.csv", into: store)
        let second = try loader.load("registry/registry_20140201.csv", into: store)
        XCTAssertGreaterThan(second.applied, 0)
        let before = try dump(store.database)
        XCTAssertGreaterThan(before.count, 4000)
        let quarantine = try store.database.prepare("SELECT * FROM quarantine ORDER BY file, line").rows()
        XCTAssertFalse(quarantine.isEmpty, "the generator writes a few defective rows")
        for f in ["registry/registry_20140201.csv", "registry/registry_20140101.csv"] { _ = try loader.load(f, into: store) }
        XCTAssertEqual(try dump(store.database), before)
        XCTAssertEqual(try store.database.prepare("SELECT * FROM quarantine ORDER BY file, line").rows(), quarantine, "a reload replaces its quarantine")
        XCTAssertEqual(try store.loadedDeliveries().map(\.file), ["registry/registry_20140101.csv", "registry/registry_20140201.csv"])
        // Every row read is loaded or quarantined.
        for d in try store.loadedDeliveries() { XCTAssertEqual(d.read, d.loaded + d.quarantined) }
    }

    /// A store carried over from an earlier version (another layout) or an earlier declaration (other columns)
    /// is not appended to: its table is built again and every delivery loaded into it.
    func testATableOfAnotherLayoutIsBuiltAgain() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2000, seed: 1)
        let (loader, source, table) = try loader(study)
        let path = study.root.appendingPathComponent("s.sqlite").path
        func open() throws -> DeliveryStore {
            try DeliveryStore(path: path, source: source.id, tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        }
        _ = try loader.load("registry/registry_20140101.csv", into: try open())
        let fresh = try dump(try open().database)
        XCTAssertEqual(try open().loadedDeliveries().count, 1, "the same layout is kept")
        // The layout of the version before: a rowid table with the key in an index of its own.
        let old = try Database(path: path)
        let columns = table.columns.map { "\"\($0.name)\"" + ($0.name == "record_id" ? " TEXT PRIMARY KEY" : "") }.joined(separator: ", ")
        try old.execute("DROP TABLE stg_registry_records; CREATE TABLE stg_registry_records (\(columns), delivery_id INTEGER NOT NULL, source_line INTEGER NOT NULL)")
        try old.setLayoutVersion(0)   // what that version left: layouts were not numbered yet
        let store = try open()
        XCTAssertEqual(try store.loadedDeliveries().count, 0, "its deliveries are to be loaded again")
        let layout = try store.database.prepare("SELECT sql FROM sqlite_schema WHERE name = 'stg_registry_records'").rows().first?.first?.key ?? ""
        XCTAssertTrue(layout.hasSuffix("WITHOUT ROWID"), layout)
        _ = try loader.load("registry/registry_20140101.csv", into: store)
        XCTAssertEqual(try dump(store.database), fresh)

        // Another declaration (a column fewer) in a store of the current layout: the recorded declaration differs.
        let fewer = try DeliveryStore(path: path, source: source.id, tableName: "stg_registry_records",
                                      columns: table.columns.filter { $0.name != "employer_name" }, upsert: table.upsert!)
        XCTAssertEqual(try fewer.loadedDeliveries().count, 0, "a table declared otherwise is loaded again")
        XCTAssertEqual(try fewer.database.prepare("SELECT count(*) FROM stg_registry_records").rows().first?.first, .integer(0))
        XCTAssertFalse(try fewer.database.prepare("SELECT name FROM pragma_table_info('stg_registry_records')").rows().contains([.text("employer_name")]))
    }
}

/// A delivery the byte reader cannot read cleanly (malformed quoting) is read again by the full reader, which
/// quarantines the bad record in a lenient source, as for any other source.
final class MalformedDeliveryTests: RegistryTestCase {
    func testMalformedQuotingIsQuarantinedByTheFullReader() throws {
        let study = try RegistryStudy()
        let good = "R1,P1,TJK,M,1990-01-02,SUG,RU-MOW,2013-05-01,2013-05-03,work,patent,ООО Стройка,registered,2014-01-01T00:00:00Z"
        let bad = "R2,P2,TJK,M,1990-01-02,SUG,RU-MOW,2013-05-01,2013-05-03,work,patent,ООО \"Стройка\" x,registered,2014-01-01T00:00:00Z"
        let last = "R3,P3,TJK,F,1990-01-02,KHT,RU-SPE,2013-05-01,2013-05-03,study,none,,registered,2014-01-01T00:00:00Z"
        try study.write("raw/registry/registry_20140101.csv", [RegistryStudy.header, good, bad, last].joined(separator: "\n") + "\n")
        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK"])]
        // Blocks of one record between the parsing and the cleaning thread, and of many.
        for blockRecords in [1, 4096] {
        var loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys, rawDirectory: study.raw.path, displayPrefix: "raw/")
        loader.parsedBlockRecords = blockRecords
        let store = try DeliveryStore(path: study.root.appendingPathComponent("s\(blockRecords).sqlite").path, source: source.id,
                                      tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        var notes: [String] = []
        let result = try loader.load("registry/registry_20140101.csv", into: store, note: { notes.append($0) })
        XCTAssertEqual(notes.count, 1, "the fallback is logged")
        XCTAssertEqual(result.delivery.read, 3)
        XCTAssertEqual(result.delivery.loaded, 2)
        XCTAssertEqual(result.delivery.quarantined, 1)
        let q = try store.database.prepare("SELECT line, value, reason FROM quarantine").rows()
        XCTAssertEqual(q.count, 1)
        XCTAssertEqual(q.first?[0], .integer(3))
        XCTAssertTrue(q.first?[2].key.contains("quote inside an unquoted field") ?? false, "\(q)")
        XCTAssertEqual(try store.database.prepare("SELECT record_id FROM stg_registry_records ORDER BY record_id").rows().map { $0[0].key }, ["R1", "R3"])
        }
    }
}
