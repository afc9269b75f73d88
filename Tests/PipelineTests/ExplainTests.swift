import Foundation
import MigstatCore
import Pipeline
import XCTest

/// `migstat explain` traces every survey estimate to raw lines, and agrees with estimates.csv.
final class ExplainTests: XCTestCase {
    // Built once, then only read by the tests of this class.
    nonisolated(unsafe) private static let explainer = Result { try Explainer(options: RunOptions(configPath: Repo.config, rawDirectory: Repo.raw)) }

    func testEverySurveyEstimateIsTracedToBaseNUnitsOfWhichNAreInTheCategory() throws {
        let explainer = try Self.explainer.get()
        let registry = Set(explainer.config.exhibits.filter { explainer.config.deliveryTable(of: $0) != nil }.map(\.id))
        let estimates = try readCSV(Repo.output.appendingPathComponent("estimates.csv")).filter { !registry.contains($0["exhibit"]!) }
        XCTAssertGreaterThan(estimates.count, 80)
        var rawLines: [String: [Substring]] = [:]
        for e in estimates {
            let what = "\(e["exhibit"]!) \(e["series"]!) \(e["category"]!)"
            let units = try explainer.units(exhibit: e["exhibit"]!, series: e["series"]!, category: e["category"]!)
            XCTAssertEqual(units.count, Int(e["base_n"]!), "\(what): rows = base_n")
            XCTAssertEqual(units.filter(\.inCategory).count, Int(e["n"]!), "\(what): in_category sums to n")
            XCTAssertEqual(Set(units.map(\.unit)).count, units.count, "\(what): each unit once")
            // Each unit's line is its own record in the raw file: the line starts with the unit's key.
            for u in units {
                let source = try XCTUnwrap(explainer.config.sources.first { s in s.tables.contains { $0.file == u.file } })
                let lines = try rawLines[u.file] ?? {
                    let data = try Data(contentsOf: URL(fileURLWithPath: Repo.raw).appendingPathComponent(u.file))
                    // Split on the byte (in Swift "\r\n" is one Character); keys are ASCII, whatever the encoding.
                    return data.split(separator: 10, omittingEmptySubsequences: false).map { Substring(decoding: $0, as: UTF8.self) }
                }()
                rawLines[u.file] = lines
                let delimiter = source.format.delimiter
                guard u.line >= 1, u.line <= lines.count else { return XCTFail("\(what): \(u.file):\(u.line) is past the end") }
                let record = lines[u.line - 1].trimmingPrefix("\u{FEFF}")
                guard record.hasPrefix(u.unit.replacingOccurrences(of: "+", with: delimiter) + delimiter) else {
                    return XCTFail("\(what): \(u.file):\(u.line) is \"\(record.prefix(40))\", not unit \(u.unit)")
                }
            }
        }
    }

    func testAJoinedUnitAndAMultipleResponseSeriesPointAtTheirOwnRows() throws {
        let explainer = try Self.explainer.get()
        // Figure 4.4 counts members (a join adds the household's weight): a member's own line, key hh_id+line_no.
        let members = try explainer.units(exhibit: "figure_4_4", series: "all", category: "laborer")
        XCTAssertTrue(members.allSatisfy { $0.file == "ilo_2009_hh/members.csv" && $0.unit.contains("+") })
        // Table 4.3 counts respondents with a reason in the long file: the respondent's row, one per respondent.
        let reasons = try explainer.units(exhibit: "table_4_3", series: "all", category: "unaware")
        XCTAssertTrue(reasons.allSatisfy { $0.file == "cmr_2009/respondents.csv" })
        XCTAssertEqual(Explainer.csv(Array(reasons.prefix(1))).split(separator: "\n").first, "file,line,unit,in_category")
    }

    func testARegistryExhibitAndAnUnknownCategoryAreClearErrors() throws {
        let explainer = try Self.explainer.get()
        XCTAssertThrowsError(try explainer.units(exhibit: "registry_registered", series: "all", category: "registered")) {
            XCTAssertTrue("\($0)".contains("explain covers survey exhibits"), "\($0)")
        }
        XCTAssertThrowsError(try explainer.units(exhibit: "table_1_1", series: "work", category: "fluent")) {
            XCTAssertTrue("\($0)".contains("no category \"fluent\" in series work (categories: enough, not_enough, not_at_all)"), "\($0)")
        }
    }
}
