import Foundation
import MigstatCore
import XCTest
@testable import Aggregate

/// Calibrated weights and their variance against R's postStratify and rake: Fixtures/generated/calibration.R
/// wrote totals.csv (population by region and settlement, binding) and calibration.csv.
final class CalibrationTests: XCTestCase {
    /// The generated sample (strata s1–s6) as a table whose design declares a calibration, and the totals table.
    static func tables(_ calibration: CalibrationConfig) throws -> (sample: GeneratedSample, tables: [String: DataTable]) {
        let sample = try GeneratedSample { ["s1", "s2", "s3", "s4", "s5", "s6"].contains($0) }
        var design = sample.design()
        design.calibration = calibration
        let columns = ["region", "settlement"]
        let rows = (0..<sample.count).map { i in columns.map { Value.text(sample.columns[$0]![i]) } }
        let table = DataTable(name: "generated.sample", columns: columns, rows: rows, design: design)
        let totals = try GeneratedSample.expected("totals.csv").map { [Value.text($0[0]), .text($0[1]), .integer(Int64($0[2])!)] }
        return (sample, ["generated.sample": table,
                         "official.totals": DataTable(name: "official.totals", columns: ["region", "settlement", "households"], rows: totals)])
    }

    static let postStratify = CalibrationConfig(totals: "official.totals", count: "households", postStrata: ["region", "settlement"])
    static let rake = CalibrationConfig(totals: "official.totals", count: "households", rake: ["region", "settlement"])

    func testPostStratificationAndRakingMatchR() throws {
        var compare = RComparison()
        let expected = try GeneratedSample.expected("calibration.csv")
        XCTAssertEqual(expected.count, 8)
        for method in ["post_stratify", "rake"] {
            let (sample, tables) = try Self.tables(method == "rake" ? Self.rake : Self.postStratify)
            let design = try Calibrator.calibrated(tables["generated.sample"]!, tables: tables)
            let y = sample.flags("y") { $0 == "1" }, stratum = sample.columns["stratum"]!, settlement = sample.columns["settlement"]!
            let domains: [String: [Bool]] = [
                "all": Array(repeating: true, count: sample.count), "north": sample.flags("region") { $0 == "north" },
                "in_a": sample.flags("in_a") { $0 == "1" }, "urban_s1": settlement.indices.map { settlement[$0] == "urban" && stratum[$0] == "s1" },
            ]
            for f in expected where f[0] == method {
                let member = domains[f[1]]!
                let rows = member.indices.filter { member[$0] }
                let (point, u) = DesignedProportion.estimate(design: design, rows: rows, hits: rows.map { y[$0] })
                let key = "\(f[0])/\(f[1])"
                for (value, r, name) in [(point.percent.map { $0 / 100 }, f[2], "mean"), (u.se.map { $0 / 100 }, f[3], "mean_se"), (u.deff, f[4], "deff"),
                                         (point.weighted, f[5], "total"), (u.weightedSE, f[6], "total_se"), (u.df.map(Double.init), f[7], "df")] {
                    XCTAssertTrue(compare.check(value, r, name), "\(key) \(name): \(value ?? .nan) vs R \(r)")
                }
            }
        }
        print("calibration: worst absolute difference from R \(compare.worstAbsolute)")
    }

    /// Post-stratified weights reproduce every cell's total; raked ones every margin (to R's tolerance of 1).
    func testTheCalibratedWeightsBindTheTotals() throws {
        for config in [Self.postStratify, Self.rake] {
            let (sample, tables) = try Self.tables(config)
            let weights = try Calibrator.calibrated(tables["generated.sample"]!, tables: tables).weights
            for column in ["region", "settlement"] {
                var sum: [String: Double] = [:], population: [String: Double] = [:]
                for (i, v) in sample.columns[column]!.enumerated() { sum[v, default: 0] += weights[i] }
                let at = column == "region" ? 0 : 1
                for row in tables["official.totals"]!.rows { population[row[at].key, default: 0] += row[2].number! }
                for (cell, total) in population { XCTAssertEqual(sum[cell]!, total, accuracy: config.rake != nil ? 1 : 1e-6, "\(column) \(cell)") }
            }
        }
    }

    /// Calibration changes the variance: without the residuals (the g-weights alone) the standard error differs.
    func testTheResidualsAreInTheVariance() throws {
        let (sample, tables) = try Self.tables(Self.postStratify)
        var design = try Calibrator.calibrated(tables["generated.sample"]!, tables: tables)
        let y = sample.flags("y") { $0 == "1" }, rows = Array(0..<sample.count)
        let calibrated = DesignedProportion.estimate(design: design, rows: rows, hits: y).1.weightedSE!
        design.calibrated = nil
        let weightsOnly = DesignedProportion.estimate(design: design, rows: rows, hits: y).1.weightedSE!
        XCTAssertLessThan(calibrated, weightsOnly * 0.95, "a total of a common trait is better estimated once the totals are known")
    }

    /// Scope every_estimate: the calibrated weights replace the design's before anything is estimated;
    /// calibrated_statistics leaves the table as it is (only a calibrated statistic calibrates).
    func testTheScopeDecidesWhatIsCalibratedBeforeEstimating() throws {
        let (_, every) = try Self.tables(Self.rake)
        let applied = try Calibrator.applyDeclared(every)
        XCTAssertNotNil(applied["generated.sample"]!.design!.calibrated)
        XCTAssertNotEqual(applied["generated.sample"]!.design!.weights, every["generated.sample"]!.design!.weights)
        var companion = Self.rake
        companion.scope = .calibratedStatistics
        let (_, declared) = try Self.tables(companion)
        XCTAssertNil(try Calibrator.applyDeclared(declared)["generated.sample"]!.design!.calibrated)
    }

    /// A sample cell the totals lack, or a total for a cell with no unit, is an error naming it.
    func testACellWithoutATotalOrWithoutUnitsIsAnError() throws {
        var (_, tables) = try Self.tables(Self.postStratify)
        tables["official.totals"]!.rows.removeFirst()
        XCTAssertThrowsError(try Calibrator.calibrated(tables["generated.sample"]!, tables: tables)) { error in
            XCTAssertTrue("\(error)".contains("cell east/rural of the sample has no population total"), "\(error)")
        }
        (_, tables) = try Self.tables(Self.postStratify)
        tables["official.totals"]!.rows.append([.text("west"), .text("rural"), .integer(100)])
        XCTAssertThrowsError(try Calibrator.calibrated(tables["generated.sample"]!, tables: tables)) { error in
            XCTAssertTrue("\(error)".contains("cell west/rural of official.totals (100) has no unit in the sample"), "\(error)")
        }
    }
}
