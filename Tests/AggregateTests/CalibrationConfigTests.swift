import Foundation
import MigstatCore
import XCTest

/// A declared calibration is checked before any stage runs: every fault at once, each with its JSON path.
final class CalibrationConfigTests: XCTestCase {
    func testACalibrationsTotalsColumnsAndCompanionsAreChecked() throws {
        let url = StudyReferenceTests.root.appendingPathComponent("pipeline.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var sources = json["sources"] as! [[String: Any]]
        let s = sources.firstIndex { $0["id"] as? String == "ilo_2009_hh" }!
        var tables = sources[s]["tables"] as! [[String: Any]], design = tables[0]["design"] as! [String: Any]
        var calibration = design["calibration"] as! [String: Any]
        XCTAssertEqual(calibration["totals"] as? String, "official.households_2010", "the study calibrates ilo_2009_hh")
        calibration["count"] = "persons"
        calibration["rake"] = ["region_code", "district"]
        design["calibration"] = calibration; tables[0]["design"] = design; sources[s]["tables"] = tables
        // A companion over a table without a calibration.
        var statistics = json["statistics"] as! [[String: Any]]
        let akf = statistics.firstIndex { $0["id"] as? String == "age_of_akf_respondents" }!
        statistics[akf]["calibrated"] = true
        json["sources"] = sources; json["statistics"] = statistics
        XCTAssertThrowsError(try ConfigLoader.decode(try JSONSerialization.data(withJSONObject: json))) { error in
            let text = "\(error)"
            let at = "$.sources[\(s)].tables[0].design.calibration"
            for expected in ["\(at).count: no column \"persons\" in official.households_2010",
                             "$.statistics[\(akf)].calibrated: akf_2008.respondents's design declares no calibration"] {
                XCTAssertTrue(text.contains(expected), "\(expected) in \(text)")
            }
        }
        calibration["count"] = "households"
        design["calibration"] = calibration; tables[0]["design"] = design; sources[s]["tables"] = tables; json["sources"] = sources
        XCTAssertThrowsError(try ConfigLoader.decode(try JSONSerialization.data(withJSONObject: json))) { error in
            XCTAssertTrue("\(error)".contains("$.sources[\(s)].tables[0].design.calibration.rake[1]: \"district\" must be a column of both ilo_2009_hh.households and official.households_2010"), "\(error)")
        }
    }
}
