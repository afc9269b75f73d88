import Foundation
import Generate
import MigstatCore
import Registry
import Store
import XCTest

/// Issue 19 #14: a delivery is dated by its file name, and a row dated more than a day after it is a bad value.
extension UpsertOrderTests {
    func testADateAfterItsDeliveryIsQuarantinedNamingItsColumnAndNeverBeatsALaterCorrection() throws {
        let study = try RegistryStudy()
        try study.write("raw/registry/registry_20140101.csv", ([RegistryStudy.header] + [
            row("R1", "9999-12-31T23:59:59Z"),                        // a mistyped year: would win forever
            row("R2", "2014-01-02T23:59:59Z"),                        // the day after the file's date: accepted
            row("R3", "2014-01-03T00:00:00Z"),                        // two days after
            row("R4", "2014-01-02T22:00:00-05:00"),                   // 2014-01-03T03:00:00Z in UTC
            row("R5", "2014-01-01T00:00:00Z").replacingOccurrences(of: "1990-01-02", with: "9999-01-02"),
            row("R6", "2014-01-01T00:00:00Z").replacingOccurrences(of: "2013-05-01", with: "2014-01-05"),
            row("R7", "2014-01-01T00:00:00Z").replacingOccurrences(of: "2013-05-03", with: "2099-05-03"),
        ]).joined(separator: "\r\n") + "\r\n")
        try study.write("raw/registry/registry_20140201.csv", ([RegistryStudy.header] + [
            row("R1", "2014-01-20T00:00:00Z", status: "expired"),     // the correction
        ]).joined(separator: "\r\n") + "\r\n")
        let (loader, source, table) = try loader(study)
        let store = try DeliveryStore(path: study.root.appendingPathComponent("s.sqlite").path, source: source.id,
                                      tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        for file in ["registry/registry_20140101.csv", "registry/registry_20140201.csv"] { _ = try loader.load(file, into: store) }
        XCTAssertEqual(try dump(store.database), [
            "R1|expired|2014-01-20T00:00:00Z|registry/registry_20140201.csv|2",
            "R2|registered|2014-01-02T23:59:59Z|registry/registry_20140101.csv|3",
        ])
        let quarantined = try store.database.prepare("SELECT line, column_name, value, reason FROM quarantine ORDER BY line").rows().map { $0.map(\.key) }
        XCTAssertEqual(quarantined.map { "\($0[0]) \($0[1]) \($0[2])" }, [
            "2 updated_at 9999-12-31T23:59:59Z", "4 updated_at 2014-01-03T00:00:00Z", "5 updated_at 2014-01-02T22:00:00-05:00",
            "6 birth_date 9999-01-02", "7 entry_date 2014-01-05", "8 registration_date 2099-05-03",
        ])
        for row in quarantined { XCTAssertTrue(row[3].contains("after the delivery's date 2014-01-01"), row[3]) }
    }

    func testInAStrictSourceADateAfterItsDeliveryIsAnErrorNamingFileLineAndColumn() throws {
        let study = try RegistryStudy()
        try study.write("pipeline.json", try study.read("pipeline.json").replacingOccurrences(of: #""mode": "lenient""#, with: #""mode": "strict""#))
        try study.write("raw/registry/registry_20140101.csv", ([RegistryStudy.header, row("R1", "2014-01-01T00:00:00Z"),
                                                              row("R2", "9999-12-31T23:59:59Z")]).joined(separator: "\n") + "\n")
        let (loader, source, table) = try loader(study)
        let store = try DeliveryStore(path: study.root.appendingPathComponent("s.sqlite").path, source: source.id,
                                      tableName: "stg_registry_records", columns: table.columns, upsert: table.upsert!)
        XCTAssertThrowsError(try loader.load("registry/registry_20140101.csv", into: store)) { error in
            let text = "\(error)"
            for part in ["registry_20140101.csv", "3", "updated_at", "9999-12-31T23:59:59Z", "after the delivery's date"] {
                XCTAssertTrue(text.contains(part), "\(part) in: \(text)")
            }
        }
    }

    func testADeliveryIsDatedByTheEightDigitsOfItsFileName() {
        XCTAssertEqual(DeliveryDate(fileName: "registry/registry_20140201.csv")?.iso, "2014-02-01")
        XCTAssertEqual(DeliveryDate(fileName: "registry/registry_20140201.csv")?.latestAllowed, "2014-02-02")
        XCTAssertEqual(DeliveryDate(fileName: "registry_20141231.csv")?.latestAllowed, "2015-01-01")
        XCTAssertEqual(DeliveryDate(fileName: "registry_20120228.csv")?.latestAllowed, "2012-02-29")
        XCTAssertEqual(DeliveryDate(fileName: "d2015/registry_v2_20140301.csv")?.iso, "2014-03-01", "the file name's own date")
        for undated in ["registry_a.csv", "registry_2014-02.csv", "registry_201402011.csv", "registry_20141301.csv", "20140101/registry_x.csv"] {
            XCTAssertNil(DeliveryDate(fileName: undated), undated)
        }
    }

    /// The generator dates its rows before every delivery date tests use, and refuses a name dated earlier.
    func testGeneratedRowsAreNeverAfterTheirFilesDate() throws {
        let study = try RegistryStudy()
        let summary = try study.generate("registry_20131201.csv", rows: 20_000, seed: 7)
        let text = try study.read("raw/registry/registry_20131201.csv")
        var latest = ""
        let pattern = try NSRegularExpression(pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}")
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            latest = max(latest, String(text[Range(match.range, in: text)!]))
        }
        XCTAssertLessThanOrEqual(latest, "2013-12-02", "\(summary)")
        XCTAssertThrowsError(try study.generate("registry_20130601.csv", rows: 10, seed: 7)) { error in
            XCTAssertTrue("\(error)".contains("dated 2013-06-01"), "\(error)")
        }
        let r = try MigstatBinary.run(["generate", "registry", "--rows", "6", "--out", "registry_20130601.csv"], in: study.root)
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: study.root.appendingPathComponent("registry_20130601.csv").path))
    }
}
