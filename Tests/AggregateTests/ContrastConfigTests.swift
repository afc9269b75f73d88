import Foundation
import MigstatCore
import XCTest

/// A declared contrast is checked before any stage runs, each error naming its JSON path.
final class ContrastConfigTests: XCTestCase {
    /// The study's pipeline.json with its contrasts edited.
    func study(_ edit: (inout [[String: Any]]) -> Void) throws -> Data {
        try edited(StudyReferenceTests.root.appendingPathComponent("pipeline.json")) { json in
            var contrasts = json["contrasts"] as! [[String: Any]]
            edit(&contrasts)
            json["contrasts"] = contrasts
        }
    }

    /// The design fixtures' pipeline.json (small, so quick to check) with one contrast of hh_y, edited.
    func fixture(_ edit: (inout [String: Any], inout [String: Any]) -> Void) throws -> Data {
        try edited(DesignFixtureTests.folder.appendingPathComponent("pipeline.json")) { json in
            var contrast: [String: Any] = ["id": "g1_all_one", "exhibit": "hh_y", "category": "one", "series_a": "g1", "series_b": "all"]
            edit(&json, &contrast)
            json["contrasts"] = [contrast]
        }
    }

    func edited(_ url: URL, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    func assertRefused(_ data: Data, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ConfigLoader.decode(data), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(expected), "\(error)", file: file, line: line)
        }
    }

    func testTheStudysContrastsAreValid() throws {
        let config = try ConfigLoader.decode(try study { _ in })
        XCTAssertEqual(config.contrasts.map(\.id), ["sharq_rural_urban", "table_4_1_legal_formal_informal"])
        XCTAssertEqual(config.contrasts[1], ContrastConfig(id: "table_4_1_legal_formal_informal", exhibit: "table_4_1", category: "legal",
                                                           seriesA: "formal", seriesB: "informal"))
    }

    func testAContrastMustNameAnExhibitItsSeriesAndACategoryOfThem() throws {
        XCTAssertNoThrow(try ConfigLoader.decode(try fixture { _, _ in }))
        assertRefused(try fixture { $1["exhibit"] = "hh_z" }, "$.contrasts[0].exhibit: no exhibit \"hh_z\"")
        assertRefused(try fixture { $1["series_a"] = "g2" }, "$.contrasts[0].series_a: \"g2\" is not a series of hh_y")
        assertRefused(try fixture { $1["series_b"] = "g1" }, "$.contrasts[0].series_b: a contrast compares two different series")
        assertRefused(try fixture { $1["category"] = "five" }, "$.contrasts[0].category: \"five\" is not a category of hh_y")
        assertRefused(try fixture { $1["id"] = "g1 vs all" }, "$.contrasts[0].id")
        assertRefused(try fixture { $1["series"] = "g1" }, "$.contrasts[0]")
        assertRefused(try fixture { json, _ in
            var sources = json["sources"] as! [[String: Any]], tables = sources[0]["tables"] as! [[String: Any]]
            tables[0]["design"] = ["census": true]
            sources[0]["tables"] = tables; json["sources"] = sources
        }, "$.contrasts[0].exhibit: hh_y is over a census")
    }

    func testADrawingHasNoSharesToCompare() throws {
        assertRefused(try study { $0[0]["exhibit"] = "figure_2_1" }, "$.contrasts[0].exhibit: figure_2_1 is a drawing")
        assertRefused(try study { $0.append($0[0]) }, "$.contrasts[2].id: duplicate contrast id \"sharq_rural_urban\"")
    }
}
