import Foundation
import MigstatCore
import XCTest

/// A declared calibration is checked before any stage runs: every fault at once, each with its JSON path.
final class CalibrationConfigTests: XCTestCase {
    /// Calibrated for every estimate, the study's ILO exhibits (over its tables and joins of them) say so in their
    /// notes; with the study's own scope (companions only) none does.
    func testExhibitsOverAnEveryEstimateCalibrationSaySo() throws {
        let url = StudyReferenceTests.root.appendingPathComponent("pipeline.json")
        let study = try ConfigLoader.load(path: url.path)
        XCTAssertTrue(study.exhibits.allSatisfy { $0.calibrationNote == nil })
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"scope\": \"calibrated_statistics\"", with: "\"scope\": \"every_estimate\"")
        let every = try ConfigLoader.decode(Data(text.utf8))
        let noted = Set(every.exhibits.filter { $0.calibrationNote != nil }.map(\.id))
        XCTAssertTrue(noted.isSuperset(of: ["figure_4_5", "figure_4_7", "table_a_2"]), "\(noted)")
        XCTAssertFalse(noted.contains("figure_4_4"), "members are not the households the totals count")
        XCTAssertFalse(noted.contains("table_4_1"))
        XCTAssertEqual(every.exhibits.first { $0.id == "figure_4_5" }?.calibrationNote,
                       "Weights calibrated to the population totals of official.households_2010 (raked on region_code and settlement); intervals include the calibration.")
    }

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
