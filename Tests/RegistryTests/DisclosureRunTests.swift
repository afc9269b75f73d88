import Foundation
import XCTest

/// The census threshold rule end to end: what a run publishes of a registry with many small cells, and of the
/// study itself (its committed output, which `StudyRunTests.testCommittedOutputIsWhatAFreshRunMakes` proves a
/// fresh run makes).
final class DisclosureRunTests: RegistryTestCase {
    /// Every whole number of a publication table that is a count or a base (not a percentage): cells of the
    /// `n` and `N` columns, and the `(N=…)` of a column header.
    static func counts(inCSV text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        guard let header = lines.first else { return [] }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        for h in columns { if let r = h.range(of: #"\(N=[^)]*\)"#, options: .regularExpression) { out.append(String(h[r].dropFirst(3).dropLast())) } }
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for (h, cell) in zip(columns, cells) where h.hasSuffix(" n") || h == "N" { out.append(cell) }
        }
        return out
    }

    static func assertNoCountFromOneToFour(_ files: [String: String], file: StaticString = #filePath, line: UInt = #line) {
        for (name, text) in files {
            let small = counts(inCSV: text).filter { Int($0).map { (1...4).contains($0) } ?? false }
            XCTAssertEqual(small, [], name, file: file, line: line)
            XCTAssertFalse(text.contains("<5"), name, file: file, line: line)
        }
    }

    /// Hundreds of persons over the reference's 20 host regions and the generator's 18 months of registrations:
    /// the run withholds, audits and says so in its log and report; no count from 1 to 4 is printed; the
    /// confidential estimates.csv keeps the exact numbers.
    func testAGeneratedRegistryWithManySmallCellsPublishesNoCountFromOneToFour() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 700, seed: 20, persons: 300)
        let run = try MigstatBinary.run(["run", "--config", study.config.path, "--raw", study.raw.path, "--out", study.output.path, "--no-verify"], in: study.root)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("none can be narrowed"), run.stderr)
        var csv: [String: String] = [:]
        for id in ["registrations", "permit_by_host", "registered"] { csv[id] = try study.read("output/tables/\(id).csv") }
        Self.assertNoCountFromOneToFour(csv)
        XCTAssertTrue(try study.read("output/tables/registrations.csv").contains(",x"), "cells are withheld")
        for id in ["registrations", "permit_by_host"] {
            for ext in ["md", "html", "tex"] { XCTAssertFalse(try study.read("output/tables/\(id).\(ext)").contains("<5")) }
        }
        let report = try study.read("output/report.html")
        XCTAssertTrue(report.contains("id=\"summary-disclosure\""))
        XCTAssertTrue(report.contains("none can be narrowed"))
        let estimates = try study.read("output/estimates.csv").split(separator: "\n").filter { $0.hasPrefix("registrations,") }
        XCTAssertTrue(estimates.contains { $0.split(separator: ",")[4] == "1" }, "estimates.csv keeps the exact small counts")
    }

    /// The study's committed registry tables print no count from 1 to 4, and its report carries the audit's verdict.
    func testTheStudysPublishedRegistryTablesPrintNoCountFromOneToFour() throws {
        let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../output").standardizedFileURL
        var csv: [String: String] = [:]
        for id in ["registry_registrations", "registry_permit_by_host_region", "registry_registered"] {
            csv[id] = try String(contentsOf: output.appendingPathComponent("tables/\(id).csv"), encoding: .utf8)
        }
        Self.assertNoCountFromOneToFour(csv)
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("none can be narrowed"))
    }
}
