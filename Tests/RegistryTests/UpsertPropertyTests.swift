import Foundation
import Generate
import MigstatCore
import Registry
import Store
import TestSupport
import XCTest

/// Random sequences of deliveries — keys repeated with newer, older and equal versions, ties across and
/// within files, keys that do not sort as numbers (short, or sharing their first 16 bytes), files arriving in any order and loaded again, batches of
/// one row and a held-back buffer of a few rows — load into the table the contract's rules give when they
/// are applied row by row: the newest `updated_at` wins, on a tie the later file by name, then the later line.
final class UpsertPropertyTests: RegistryTestCase {
    /// Versions as written, as stored (UTC), and their instant in microseconds (written out by hand: the
    /// oracle does not use the store's parser). Two spellings of the same instant make ties.
    static let versions: [(raw: String, stored: String, micros: Int64)] = [
        ("2014-01-01T00:00:00Z", "2014-01-01T00:00:00Z", 1_388_534_400_000_000),
        ("2014-01-01T03:00:00+03:00", "2014-01-01T00:00:00Z", 1_388_534_400_000_000),
        ("2014-01-01T00:00:00.5Z", "2014-01-01T00:00:00.5Z", 1_388_534_400_500_000),
        ("2013-12-31T23:59:59.999999Z", "2013-12-31T23:59:59.999999Z", 1_388_534_399_999_999),
        ("2014-01-02 00:00:00", "2014-01-02T00:00:00Z", 1_388_620_800_000_000),
    ]
    static let statuses = ["registered", "expired", "deregistered"]
    static let hosts = ["RU-MOW", "RU-SPE", "RU-NVS"]
    static let files = ["registry_20140101.csv", "registry_20140115.csv", "registry_20140201.csv", "registry_20140301.csv"]

    struct Row { var id: String; var version: Int; var status: String; var host: String }

    func line(_ r: Row) -> String {
        "\(r.id),P\(r.id.dropFirst()),TJK,M,1990-01-02,SUG,\(r.host),2013-05-01,2013-05-03,work,patent,\"ООО \"\"Стройка\"\", Москва\",\(r.status),\(Self.versions[r.version].raw)"
    }

    func testRandomDeliveriesLoadAsTheRulesAppliedRowByRow() throws {
        let study = try RegistryStudy()
        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        let table = source.tables[0]
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK"])]
        let started = Date()
        var loads = 0
        for seed in 1...30 {
            var random = SplitMix64(seed: UInt64(seed))
            // The files' contents, written once; a file may be loaded again (unchanged).
            var contents: [String: [Row]] = [:]
            // Long keys share the 16 bytes the held-back rows are sorted and merged by: the whole key decides.
            // Plain numbers ("10" < "9" as text) and numbers with a leading zero ("07" is not "7") too.
            let stem = ["R", "R-2014-REGISTRY-0000-", "", "0"][random.next(4)]
            for file in Self.files {
                let keySpace = 1 + random.next(30)
                contents[file] = (0..<random.next(50)).map { _ in
                    // Ids that do not sort as numbers (R7 > R12 as text) and repeat within and across files.
                    Row(id: "\(stem)\(1 + random.next(keySpace) * (1 + random.next(3)))", version: random.next(Self.versions.count),
                        status: Self.statuses[random.next(3)], host: Self.hosts[random.next(3)])
                }
                try study.write("raw/registry/" + file, ([RegistryStudy.header] + contents[file]!.map(line)).joined(separator: "\n") + "\n")
            }
            var loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys,
                                        rawDirectory: study.raw.path, displayPrefix: "raw/")
            loader.batchRows = [1, 3, 64, 4096][random.next(4)]
            loader.parsedBlockRecords = [1, 2, 5, 4096][random.next(4)]
            let bufferBytes = [256, 2_000, 1 << 20][random.next(3)]
            let store = try DeliveryStore(path: study.root.appendingPathComponent("s\(seed).sqlite").path, source: source.id,
                                          tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!,
                                          heldBackBytes: bufferBytes)
            // The oracle: per key the row kept so far, with its (instant, file, line).
            var oracle: [String: (row: Row, file: String, line: Int)] = [:]
            for _ in 0..<(2 + random.next(5)) {
                let file = Self.files[random.next(Self.files.count)]
                _ = try loader.load("registry/" + file, into: store)
                loads += 1
                for (i, row) in contents[file]!.enumerated() {
                    let candidate = (Self.versions[row.version].micros, file, i + 2)
                    if let kept = oracle[row.id],
                       !(candidate > (Self.versions[kept.row.version].micros, kept.file, kept.line)) { continue }
                    oracle[row.id] = (row, file, i + 2)
                }
                let expected = oracle.keys.sorted().map { id in
                    let k = oracle[id]!
                    return [id, k.row.status, k.row.host, Self.versions[k.row.version].stored, "registry/" + k.file, String(k.line)].joined(separator: "|")
                }
                let stored = try store.database.prepare("""
                    SELECT r.record_id, r.status, r.host_region, r.updated_at, d.file, r.source_line
                    FROM stg_registry_records r JOIN deliveries d ON d.id = r.delivery_id ORDER BY r.record_id
                    """).rows().map { $0.map(\.key).joined(separator: "|") }
                XCTAssertEqual(stored, expected, "seed \(seed), batches of \(loader.batchRows), parsed blocks of \(loader.parsedBlockRecords), buffer \(bufferBytes) B, after loading \(file)")
                if stored != expected { return }
            }
        }
        XCTAssertGreaterThan(loads, 100)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "the property test is meant to take a few seconds")
    }
}
