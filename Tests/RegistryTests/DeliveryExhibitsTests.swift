import Aggregate
import Exhibits
import Foundation
import Generate
import MigstatCore
import Registry
import Store
import XCTest

/// The registry exhibits, computed from the store by one two-thread scan and partition files, equal the
/// counts computed here directly from the table's rows.
final class DeliveryExhibitsTests: RegistryTestCase {
    /// `longPersonIds`: the second delivery's person ids are longer than 8 bytes (counted by their whole text,
    /// not packed into a word), and those of the first are not.
    func check(numericIds: Bool, longPersonIds: Bool = false) throws {
        let study = try RegistryStudy(numericIds: numericIds)
        try study.generate("registry_20140101.csv", rows: 12_000, seed: 11, persons: 4_000, numericIds: numericIds)
        try study.generate("registry_20140201.csv", rows: 8_000, seed: 12, firstId: 11_001, persons: 4_000, numericIds: numericIds,
                           personPrefix: longPersonIds ? "PERSON-TJ-" : nil)
        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK", "UZB"])]
        let path = study.root.appendingPathComponent("store.sqlite").path
        let store = try DeliveryStore(path: path, source: source.id, tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        let loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys, rawDirectory: study.raw.path, displayPrefix: "raw/")
        for f in ["registry/registry_20140101.csv", "registry/registry_20140201.csv"] { _ = try loader.load(f, into: store) }

        var regions = DataTable(name: "reference.ru_regions", columns: ["code", "name_en"])
        regions.rows = RussianRegions.all.map { [.text($0.code), .text($0.nameEn)] }
        var exhibits = try DeliveryExhibits(plans: ExhibitPlan.compile(config.exhibits.filter { config.deliveryTable(of: $0) != nil }, over: table, referenceKeys: keys), table: table, storePath: path,
                                        tableName: "stg_registry_records", tables: ["reference.ru_regions": regions],
                                        workDirectory: study.root.path)
        exhibits.entriesPerPartition = 1_000   // many partitions, as a large table would have
        let estimates = try exhibits.compute()
        func estimate(_ exhibit: String, _ series: String, _ category: String) -> Estimate? {
            estimates.first { $0.exhibit == exhibit && $0.series == series && $0.category == category }
        }

        // The expected counts, straight from the rows.
        let rows = try store.database.prepare("SELECT person_id, origin_region, host_region, substr(registration_date, 1, 7), permit, status FROM stg_registry_records").rows()
            .map { $0.map(\.key) }
        XCTAssertGreaterThan(rows.count, 15_000)
        var registrations: [String: [String: Int]] = [:]
        var origin: [String: Set<String>] = [:], persons = Set<String>()
        var inRegion: [String: Set<String>] = [:], permitted: [String: Set<String>] = [:], registered = Set<String>()
        for r in rows {
            registrations[r[3], default: [:]][r[2], default: 0] += 1
            origin[r[1], default: []].insert(r[0])
            persons.insert(r[0])
            inRegion[r[2], default: []].insert(r[0])
            if r[4] == "patent" || r[4] == "work_permit" { permitted[r[2], default: []].insert(r[0]) }
            if r[5] == "registered" { registered.insert(r[0]) }
        }
        for (month, byHost) in registrations {
            let total = byHost.values.reduce(0, +)
            for (host, n) in byHost {
                let e = try XCTUnwrap(estimate("registrations", month, host), "\(month) \(host)")
                XCTAssertEqual(e.n, n)
                XCTAssertEqual(e.baseN, total)
                XCTAssertEqual(e.label, RussianRegions.all.first { $0.code == host }!.nameEn, "labels_from")
            }
        }
        XCTAssertEqual(estimates.filter { $0.exhibit == "registrations" }.map(\.n).reduce(0, +), rows.count)
        for code in RegistryGenerator.originRegions {
            let e = try XCTUnwrap(estimate("persons_by_origin", "all", code))
            XCTAssertEqual(e.n, origin[code]?.count ?? 0, code)
            XCTAssertEqual(e.baseN, persons.count)
            XCTAssertEqual(e.percent!, Double(e.n) / Double(persons.count) * 100, accuracy: 1e-9)
        }
        for (host, people) in inRegion {
            let e = try XCTUnwrap(estimate("permit_by_host", host, "permit"))
            XCTAssertEqual(e.n, permitted[host]?.count ?? 0, host)
            XCTAssertEqual(e.baseN, people.count, host)
            // A census: no sampling error, so no interval, standard error or design effect.
            XCTAssertEqual(e.interval, .census, host)
            XCTAssertNil(e.ciLow); XCTAssertNil(e.ciHigh); XCTAssertNil(e.se); XCTAssertNil(e.deff)
        }
        let e = try XCTUnwrap(estimate("registered", "all", "registered"))
        XCTAssertEqual(e.n, registered.count)
        XCTAssertEqual(e.baseN, persons.count)
        // Series found in the data come out in order, months chronologically.
        let months = estimates.filter { $0.exhibit == "registrations" }.map(\.series)
        XCTAssertEqual(months, months.sorted())
    }

    func testExhibitsMatchCountsFromTheRowsWithTextIds() throws { try check(numericIds: false) }
    func testExhibitsMatchCountsFromTheRowsWithIntegerIds() throws { try check(numericIds: true) }
    /// Distinct persons are counted exactly, not by a hash of their id: ids of up to 8 bytes are packed into a
    /// word as they are, longer ones compared as text.
    func testDistinctPersonsAreExactWithShortAndLongTextIds() throws { try check(numericIds: false, longPersonIds: true) }
}
