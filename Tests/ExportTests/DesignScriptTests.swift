@testable import Export
import Foundation
import MigstatCore
import XCTest

/// export/<source>_<table>.R and .do beside each export: R (survey) runs them from another directory and gets the
/// standard errors of estimates.csv; the .do files are checked as text (Stata is not available to the tests).
final class DesignScriptTests: XCTestCase {
    private let output = PythonReaders.root.appendingPathComponent("output")
    private let scripts = PythonReaders.root.appendingPathComponent("Tests/ExportTests/Scripts")

    /// The committed export/ copied under a path with a space, and a separate working directory.
    private func exportCopy() throws -> (export: URL, elsewhere: URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-design-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: base) }
        let export = base.appendingPathComponent("a copy/export"), elsewhere = base.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: export.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: output.appendingPathComponent("export"), to: export)
        return (export, elsewhere)
    }

    func testTheRScriptsGiveTheStandardErrorsOfEstimatesForEveryKindOfDesign() throws {
        let rscript = try RReaders.rscript()
        let (export, elsewhere) = try exportCopy()
        let printed = try RReaders.run(rscript, [scripts.appendingPathComponent("design_se.R").path, export.path], in: elsewhere)
        let lines = printed.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let designs = lines.filter { $0.first == "design" }
        let tables = try FileManager.default.contentsOfDirectory(atPath: export.path).filter { $0.hasSuffix(".dta") }.map { String($0.dropLast(4)) }
        XCTAssertEqual(Set(designs.map { $0[1] }), Set(tables.map { "\($0).R" }), "every export has an .R that sources: \(printed)")
        XCTAssertTrue(designs.allSatisfy { $0[2] == "survey.design" }, "\(designs)")

        let estimates = CSVLines.parse(try String(contentsOf: output.appendingPathComponent("estimates.csv"), encoding: .utf8))
        let header = estimates[0], se = header.firstIndex(of: "se")!
        let computed = lines.filter { $0.first == "se" }
        XCTAssertEqual(computed.map { $0[1] }, ["table_1_1", "figure_4_4", "text_sharq_2007", "text_iom_2006"], printed)
        for line in computed {
            let row = try XCTUnwrap(estimates.first { Array($0.prefix(3)) == Array(line[1...3]) }, "\(line)")
            let r = try XCTUnwrap(Double(line[4]), "\(line)"), published = try XCTUnwrap(Double(row[se]))
            XCTAssertEqual(r, published, accuracy: 1e-8, "\(line[1...3]): R's svymean \(line[4]), estimates.csv \(row[se])")
        }
    }

    /// The households' script rakes the design weights to the census totals, as the study's calibrated
    /// statistic does: R's total of members abroad on `calibrated` is statistics.csv's, and on `design` the uncalibrated one.
    func testTheRScriptCalibratesAsMigstatDoes() throws {
        let rscript = try RReaders.rscript()
        let (export, elsewhere) = try exportCopy()
        let printed = try RReaders.run(rscript, [scripts.appendingPathComponent("calibrated_total.R").path, export.path], in: elsewhere)
        let statistics = CSVLines.parse(try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8))
        let header = statistics[0], value = header.firstIndex(of: "value")!, se = header.firstIndex(of: "se")!
        for (design, statistic) in [("calibrated", "migrants_abroad_calibrated"), ("design", "migrants_abroad")] {
            let line = try XCTUnwrap(printed.split(separator: "\n").first { $0.hasPrefix(design + ",") }, printed).split(separator: ",")
            let row = try XCTUnwrap(statistics.first { $0.first == statistic })
            let published = (try XCTUnwrap(Double(row[value])), try XCTUnwrap(Double(row[se])))
            XCTAssertEqual(try XCTUnwrap(Double(line[1])), published.0, accuracy: 1e-8 * published.0, "\(design): total")
            XCTAssertEqual(try XCTUnwrap(Double(line[2])), published.1, accuracy: 1e-8 * published.1, "\(design): se")
        }
    }

    /// Each lonely-PSU answer in both scripts: R's option as it is, Stata's singleunit() where it has the rule.
    func testTheLonelyPSUAnswerIsDeclaredInBothScripts() throws {
        let expected: [(LonelyPSU, String?)] = [(.fail, nil), (.adjust, "singleunit(centered)"), (.average, "singleunit(scaled)"),
                                                (.remove, "singleunit(certainty)"), (.certainty, "singleunit(certainty)")]
        for (answer, stata) in expected {
            let json = """
                {"id": "s", "title": "S", "mode": "strict", "format": {"encoding": "utf-8", "delimiter": ",", "decimal": ".", "date": "yyyy-mm-dd"},
                 "tables": [{"id": "t", "file": "s/t.csv", "grain": "one row per unit", "key": ["id"],
                   "design": {"weight": "w", "strata": ["st"], "psu": "p", "lonely_psu": "\(answer.rawValue)"},
                   "columns": [{"name": "id", "type": "integer"}, {"name": "w", "type": "decimal"}, {"name": "st", "type": "integer"}, {"name": "p", "type": "integer"}]}]}
                """
            let source = try JSONDecoder().decode(SourceConfig.self, from: Data(json.utf8))
            let scripts = try XCTUnwrap(DesignScripts(source: source, table: source.tables[0]))
            XCTAssertTrue(scripts.r.contains("options(survey.lonely.psu = \"\(answer.rawValue)\")\ndesign <- svydesign("), scripts.r)
            let svyset = try XCTUnwrap(scripts.stata.split(separator: "\n").first { $0.hasPrefix("svyset ") })
            if let stata { XCTAssertTrue(svyset.hasSuffix(", strata(stratum) \(stata) vce(linearized)"), "\(answer): \(svyset)") }
            else {
                XCTAssertFalse(svyset.contains("singleunit"), "\(svyset)")
                XCTAssertTrue(scripts.stata.contains("* lonely_psu fail: Stata has no answer that stops"), scripts.stata)
            }
        }
    }

    func testAnRScriptRunByRscriptFromAnotherDirectoryFindsItsData() throws {
        let rscript = try RReaders.rscript()
        let (export, elsewhere) = try exportCopy()
        let members = export.appendingPathComponent("ilo_2009_hh_members")
        let printed = try RReaders.run(rscript, ["-e", "source(commandArgs(TRUE)[1]); cat('rows', nrow(design), nrow(haven::read_dta(commandArgs(TRUE)[2])), '\\n')",
                                                 members.path + ".R", members.path + ".dta"], in: elsewhere)
        let rows = try XCTUnwrap(printed.split(separator: "\n").first { $0.hasPrefix("rows ") }, printed).split(separator: " ")
        XCTAssertEqual(rows[1], rows[2], "every member is in the design")
        XCTAssertNoThrow(try RReaders.run(rscript, [export.appendingPathComponent("iom_2006_workers.R").path], in: elsewhere))
        // Moved away from its data, it says so instead of reading something else.
        let alone = elsewhere.appendingPathComponent("iom_2006_workers.R")
        try FileManager.default.copyItem(at: export.appendingPathComponent("iom_2006_workers.R"), to: alone)
        XCTAssertThrowsError(try RReaders.run(rscript, [alone.path], in: export)) { XCTAssertTrue("\($0)".contains("iom_2006_workers.dta"), "\($0)") }
    }

    /// Stata is not available: the .do files are checked as text against the designs of the data contract.
    func testEveryDoFileOpensItsExportAndDeclaresItsDesign() throws {
        let export = output.appendingPathComponent("export")
        let tables = try FileManager.default.contentsOfDirectory(atPath: export.path).filter { $0.hasSuffix(".dta") }.map { String($0.dropLast(4)) }
        XCTAssertEqual(tables.count, 10)
        let expected = [
            "ilo_2009_hh_households": "svyset psu [pweight=weight], strata(stratum) vce(linearized)",
            "ilo_2009_hh_members": "svyset psu [pweight=weight], strata(stratum) vce(linearized)",
            "sharq_2007_households": "svyset _n [pweight=weight], strata(stratum) vce(linearized)",
            "akf_2008_respondents": "svyset _n [pweight=WEIGHT], vce(linearized)",
            "iom_2006_workers": "svyset _n, vce(linearized)",
            "cmr_2009_reasons": "svyset resp_id, vce(linearized)",
        ]
        for table in tables {
            let text = try String(contentsOf: export.appendingPathComponent("\(table).do"), encoding: .utf8)
            XCTAssertTrue(text.contains("use `\"`dir'/\(table).dta\"', clear\n"), "\(table).do opens \(table).dta")
            XCTAssertTrue(text.contains("args dir\nif `\"`dir'\"' == \"\" local dir `\"`c(pwd)'\"'\n"), "\(table).do takes the export directory")
            XCTAssertEqual(text.components(separatedBy: "\nsvyset ").count, 2, "\(table).do declares one design")
            if let line = expected[table] { XCTAssertTrue(text.contains("\n" + line + "\n"), "\(table).do: \(text)") }
        }
        let members = try String(contentsOf: export.appendingPathComponent("ilo_2009_hh_members.do"), encoding: .utf8)
        XCTAssertTrue(members.contains("use hh_id weight region_code settlement psu using `\"`dir'/ilo_2009_hh_households.dta\"', clear\n"))
        XCTAssertTrue(members.contains("merge m:1 hh_id using `design', keep(master match) nogenerate\negen stratum = group(region_code settlement)\n"))
        let households = try String(contentsOf: export.appendingPathComponent("ilo_2009_hh_households.R"), encoding: .utf8)
        XCTAssertTrue(households.contains("design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = data)\n"))
    }

    func testRReadersSeeAgeAsANumberDatesAsDatesAndRegionsLabelled() throws {
        let rscript = try RReaders.rscript()
        let (export, elsewhere) = try exportCopy()
        let printed = try RReaders.run(rscript, [scripts.appendingPathComponent("read_with_foreign.R").path, export.path], in: elsewhere)
        let seen = Dictionary(uniqueKeysWithValues: printed.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
            .filter { ["Q2", "Q10_1", "DATE", "region_code"].contains($0[0]) }.map { ($0[0], Array($0.dropFirst())) })
        // foreign::read.spss(to.data.frame = TRUE): age stays a number; its "no answer" (99) is NA, as in Stata's .a.
        let age = try XCTUnwrap(seen["Q2"], printed)
        XCTAssertEqual(age[0], "numeric")
        XCTAssertGreaterThan(Int(age[1]) ?? 0, 0, "the no-answers are missing")
        XCTAssertEqual(age[1], age[2], "as many missing as in the .dta")
        XCTAssertEqual(age[3], "TRUE", "the same ages as the .dta")
        XCTAssertEqual(seen["Q10_1"], ["factor"], "a code stays labelled")
        XCTAssertEqual(seen["DATE"]?.prefix(3), ["Date", "Date", "TRUE"], "haven reads both files' dates as the same dates")
        XCTAssertEqual(seen["region_code"], ["factor", "Districts of Republican Subordination|Dushanbe|Gorno-Badakhshan|Khatlon|Sughd"])
    }
}
