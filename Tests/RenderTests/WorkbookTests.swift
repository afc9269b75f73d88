import Aggregate
import Foundation
import MigstatCore
import XCTest
import Render
import Workbook

/// tables.xlsx, read back by openpyxl (the venv of .ci/run; MIGSTAT_VENV names another): every number in it is
/// a number of estimates.csv, and the file is the same bytes from run to run.
final class WorkbookTests: XCTestCase {
    func python() throws -> String {
        let venv = ProcessInfo.processInfo.environment["MIGSTAT_VENV"] ?? "/opt/migstat-venv"
        return try ExternalTool.find([venv + "/bin/python"], install: "python3 -m venv /opt/migstat-venv && /opt/migstat-venv/bin/pip install openpyxl")
    }

    func check(_ workbook: URL, _ estimates: URL) throws -> [String] {
        let script = ExternalTool.root.appendingPathComponent("Tests/RenderTests/Scripts/check_workbook.py").path
        let run = try ExternalTool.run(try python(), [script, workbook.path, estimates.path], in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(run.status, 0, run.output)
        return run.output.split(separator: "\n").map(String.init)
    }

    /// The committed output/ (StudyRunTests holds it equal to a fresh run).
    func testEveryNumberOfTheStudyWorkbookIsANumberOfEstimatesCSV() throws {
        let output = ExternalTool.root.appendingPathComponent("output")
        let lines = try check(output.appendingPathComponent("tables.xlsx"), output.appendingPathComponent("estimates.csv"))
        XCTAssertEqual(lines.dropLast(), [], "problems")
        XCTAssertEqual(lines.last, "sheets=17 numbers=542",
                       "one sheet per table and chart with numbers (the census's withheld ones are text), one per exhibit with contrasts (8 numbers each)")
    }

    /// An exhibit's contrasts have a sheet after its own (a text exhibit's in its place among the others), each
    /// number contrasts.csv's: a changed difference is reported.
    func testContrastSheetsFollowTheirExhibitAndAgreeWithContrastsCSV() throws {
        let output = ExternalTool.root.appendingPathComponent("output")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-contrasts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: output.appendingPathComponent("estimates.csv"), to: dir.appendingPathComponent("estimates.csv"))
        let csv = try String(contentsOf: output.appendingPathComponent("contrasts.csv"), encoding: .utf8)
        try csv.replacingOccurrences(of: ",76.5957446809,5.51558753,71.0801571509,", with: ",76.5957446809,5.51558753,71.1801571509,")
            .write(to: dir.appendingPathComponent("contrasts.csv"), atomically: true, encoding: .utf8)
        let lines = try check(output.appendingPathComponent("tables.xlsx"), dir.appendingPathComponent("estimates.csv"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("Table 4.1 contrasts!A4: ") && $0.hasSuffix("is no contrast of table_4_1") }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines.count, 2, "the one changed contrast, then the count: \(lines)")
        let names = try ExternalTool.run(try python(), ["-c", "import openpyxl, sys; print('|'.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))",
                                                        output.appendingPathComponent("tables.xlsx").path], in: dir).output
        XCTAssertTrue(names.contains("|Table 4.1|Table 4.1 contrasts|text_sharq_2007 contrasts|Table 4.2|"), names)
    }

    /// A changed estimate is noticed: the check can fail.
    func testAWorkbookThatDisagreesWithEstimatesCSVIsReported() throws {
        let output = ExternalTool.root.appendingPathComponent("output")
        let csv = try String(contentsOf: output.appendingPathComponent("estimates.csv"), encoding: .utf8)
        let changed = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-estimates-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: changed) }
        try csv.replacingOccurrences(of: "table_1_1,work,enough,Knowledge of Russian is quite enough,330,500,330,500,66,",
                                     with: "table_1_1,work,enough,Knowledge of Russian is quite enough,330,500,330,500,67,")
            .write(to: changed, atomically: true, encoding: .utf8)
        let lines = try check(output.appendingPathComponent("tables.xlsx"), changed)
        XCTAssertTrue(lines.contains("Table 1.1!B4: percent 66.0 is no percent of table_1_1"), lines.joined(separator: "\n"))
    }

    /// Written twice more than the zip format's two seconds apart, the workbook is the same bytes.
    func testTwoWritesGiveTheSameBytes() throws {
        let json = #"{"id":"e","number":"Table 9","kind":"table","title":"T","from":"x","source_note":"S.","series":[{"id":"a","variable":"v"}],"layout":{}}"#
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
        let e = Estimate(exhibit: "e", series: "a", category: "c", label: "C", n: 1, baseN: 2, weighted: 1, baseWeighted: 2, percent: 50,
                         ciLow: 10, ciHigh: 90, interval: .wilson)
        let table = TableModel(exhibit: exhibit, estimates: [e])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("a.xlsx"), second = dir.appendingPathComponent("b.xlsx")
        try TablesWorkbook.write([("e", table)], to: first.path)
        Thread.sleep(forTimeInterval: 2.1)
        try TablesWorkbook.write([("e", table)], to: second.path)
        XCTAssertEqual(try Data(contentsOf: first), try Data(contentsOf: second))
    }
}
