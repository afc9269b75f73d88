import Foundation
import MigstatCore
import XCTest

/// A series' `where` is and-ed with its exhibit's: a series testing the same column with nothing both accept
/// would select no row, so `check` refuses it with the series' JSON path.
final class WhereContradictionTests: XCTestCase {
    private func load(exhibitWhere: [String: Any], seriesWhere: [String: Any]) throws -> PipelineConfig {
        var json = try ConfigJSON.read(Studies.fixtures.appendingPathComponent("clean/pipeline.json"))
        json = ConfigJSON.set(json, ["exhibits", 0, "where"], to: exhibitWhere)
        json = ConfigJSON.set(json, ["exhibits", 0, "series", 0, "where"], to: seriesWhere)
        return try ConfigLoader.decode(try JSONSerialization.data(withJSONObject: json))
    }

    func testASeriesWhereThatContradictsItsExhibitsIsAnErrorWithItsJSONPath() throws {
        let cases: [([String: Any], [String: Any], String)] = [
            (["region": "GBAO"], ["region": "SUG"],
             "$.exhibits[0].series[0].where.region: \"SUG\" contradicts the exhibit's where.region \"GBAO\": both must hold, so the series would select no row"),
            (["region": ["GBAO", "KHT"]], ["region": ["SUG", "DUS"]], "$.exhibits[0].series[0].where.region: \"SUG\", \"DUS\" contradicts"),
            (["size": ["min": 5]], ["size": ["max": 4]], "$.exhibits[0].series[0].where.size: -∞...4 contradicts the exhibit's where.size 5...∞"),
            (["size": ["min": 1, "max": 3]], ["size": ["7", "8"]], "$.exhibits[0].series[0].where.size: \"7\", \"8\" contradicts"),
        ]
        for (exhibit, series, expected) in cases {
            XCTAssertThrowsError(try load(exhibitWhere: exhibit, seriesWhere: series), expected) {
                // pipeline.json:LINE:COLUMN: then the JSON path and the message.
                let text = "\($0)"
                XCTAssertTrue(text.hasPrefix("pipeline.json:") && text.contains(": \(expected)"), "\(expected) ← \(text)")
            }
        }
    }

    func testFiltersThatOverlapOrTestOtherColumnsAreAccepted() throws {
        XCTAssertNoThrow(try load(exhibitWhere: ["region": ["GBAO", "SUG"]], seriesWhere: ["region": "SUG"]))
        XCTAssertNoThrow(try load(exhibitWhere: ["region": "GBAO"], seriesWhere: ["size": ["min": 2]]))
        XCTAssertNoThrow(try load(exhibitWhere: ["size": ["min": 1, "max": 5]], seriesWhere: ["size": ["min": 5, "max": 9]]))
        XCTAssertNoThrow(try load(exhibitWhere: ["size": ["min": 1, "max": 5]], seriesWhere: ["size": ["3", "8"]]))
    }
}
