import Foundation
import MigstatCore
import XCTest

/// Designs, statistics and cross-tabulations are checked before any stage runs, each error naming its JSON path.
final class DesignConfigTests: XCTestCase {
    /// The design fixtures' pipeline.json, edited.
    func config(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/design/pipeline.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    func households(_ json: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var sources = json["sources"] as! [[String: Any]]
        var tables = sources[0]["tables"] as! [[String: Any]]
        edit(&tables[0])
        sources[0]["tables"] = tables
        json["sources"] = sources
    }

    func assertRefused(_ data: Data, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ConfigLoader.decode(data), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(expected), "\(error)", file: file, line: line)
        }
    }

    func testTheFixtureIsValid() throws {
        XCTAssertNoThrow(try ConfigLoader.decode(config { _ in }))
    }

    func testADesignColumnMustExistBeRequiredAndAWeightNumeric() throws {
        assertRefused(try config { households(&$0) { t in t["design"] = ["weight": "weight", "psu": "ea"] } },
                      "$.sources[0].tables[0].design.psu: no column \"ea\" in svy.households")
        assertRefused(try config { households(&$0) { t in t["design"] = ["weight": "group"] } },
                      "$.sources[0].tables[0].design.weight: expected a numeric column")
        assertRefused(try config { households(&$0) { t in
            var columns = t["columns"] as! [[String: Any]]
            columns[3]["required"] = false
            t["columns"] = columns
        } }, "$.sources[0].tables[0].design.psu: the design column \"psu\" must be required")
        assertRefused(try config { households(&$0) { t in t["weight"] = "weight" } }, "give the weight in \"design\" only")
        assertRefused(try config { households(&$0) { t in t["design"] = ["census": true, "weight": "weight"] } }, "a census has no weight")
    }

    func testAStatisticNeedsNumericColumnsAndARatioItsDenominator() throws {
        func statistic(_ s: [String: Any]) throws -> Data { try config { $0["statistics"] = [s] } }
        assertRefused(try statistic(["id": "m", "label": "m", "from": "svy.households", "estimate": "mean", "variable": "group"]),
                      "$.statistics[0].variable: \"group\" is text; a mean needs a numeric column")
        assertRefused(try statistic(["id": "r", "label": "r", "from": "svy.households", "estimate": "ratio", "variable": "income"]),
                      "$.statistics[0].denominator: a ratio needs a \"denominator\"")
        assertRefused(try statistic(["id": "bad id", "label": "m", "from": "svy.households", "estimate": "mean", "variable": "income"]),
                      "$.statistics[0].id: expected a name")
        XCTAssertNoThrow(try ConfigLoader.decode(statistic(["id": "r", "label": "r", "from": "svy.households", "estimate": "ratio",
                                                            "variable": "income", "denominator": "weight"])))
    }

    func testACrossTabulationSplitsByACodeColumnInItsOnlySeries() throws {
        func split(_ column: String, extra: Bool = false) throws -> Data {
            try config { json in
                var exhibits = json["exhibits"] as! [[String: Any]]
                var series: [[String: Any]] = [["id": "by", "variable": "y", "split_by": ["column": column]]]
                if extra { series.append(["id": "all", "variable": "y"]) }
                exhibits[0]["series"] = series
                json["exhibits"] = exhibits
            }
        }
        XCTAssertNoThrow(try ConfigLoader.decode(split("tiny")))
        assertRefused(try split("group"), "$.exhibits[0].series[0].split_by.column: \"group\" is not a code column")
        assertRefused(try split("tiny", extra: true), "$.exhibits[0].series: an exhibit split by a column has that one series")
    }
}
