import Foundation
import Ingest
import MigstatCore
import XCTest

/// The csv-spectrum conformance suite (Fixtures/csv-spectrum, copied from shared/conformance): every CSV must
/// read as its JSON twin says, with the header's names as keys.
final class CSVSpectrumTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/csv-spectrum")

    func testEveryVectorReadsAsItsJSON() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.appendingPathComponent("csvs").path)
            .filter { $0.hasSuffix(".csv") }.sorted()
        XCTAssertEqual(names.count, 11)
        for name in names {
            let stem = String(name.dropLast(4))
            let csv = Self.fixtures.appendingPathComponent("csvs/\(name)").path
            let records = try CSVReader(path: csv, options: CSVOptions()).readAll()
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("json/\(stem).json"))) as! [[String: String]]
            let header = records[0].fields.map { $0 ?? "" }
            let rows = records.dropFirst().map { r in
                Dictionary(uniqueKeysWithValues: zip(header, r.fields.map { $0 ?? "" }))
            }
            XCTAssertEqual(rows, expected, stem)
        }
    }

    /// The copy must stay the suite the project shares (checked when the shared directory is beside the repository).
    func testFixturesMatchTheSharedSuite() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/conformance/csv-spectrum").standardizedFileURL
        guard FileManager.default.fileExists(atPath: shared.path) else { throw XCTSkip("no shared/conformance beside the repository") }
        for dir in ["csvs", "json"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent(dir).path) {
                let original = try Data(contentsOf: shared.appendingPathComponent("\(dir)/\(name)"))
                let copy = try Data(contentsOf: Self.fixtures.appendingPathComponent("\(dir)/\(name)"))
                XCTAssertEqual(copy, original, "\(dir)/\(name)")
            }
        }
    }
}
