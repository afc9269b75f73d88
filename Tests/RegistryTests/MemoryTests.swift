import Foundation
import Generate
import MigstatCore
import Registry
import Store
import XCTest

/// A delivery streams through a fixed amount of memory: loading ten times the rows does not raise the peak.
/// (The benchmark, scripts/bench-registry.sh, shows it from 1 to 5 million rows.)
final class MemoryTests: RegistryTestCase {
    func peakResidentKB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    func testPeakMemoryStaysFlatFromFiveToFiftyThousandRows() throws {
        let study = try RegistryStudy()
        try study.generate("registry_small.csv", rows: 5_000, seed: 1)
        try study.generate("registry_large.csv", rows: 50_000, seed: 2)
        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK", "UZB"])]
        let loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys, rawDirectory: study.raw.path, displayPrefix: "raw/")
        func load(_ file: String) throws -> Int {
            let store = try DeliveryStore(path: study.root.appendingPathComponent(file + ".sqlite").path, source: source.id,
                                          tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
            return try loader.load("registry/" + file, into: store).delivery.read
        }
        XCTAssertEqual(try load("registry_small.csv"), 5_000)
        let afterSmall = peakResidentKB()
        XCTAssertEqual(try load("registry_large.csv"), 50_000)
        let afterLarge = peakResidentKB()
        // Holding the large delivery's 45 000 extra rows would take well over 10 MB.
        XCTAssertLessThan(afterLarge - afterSmall, 4_000, "peak resident memory grew from \(afterSmall) KB to \(afterLarge) KB")
    }
}
