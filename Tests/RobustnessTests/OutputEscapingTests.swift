import Foundation
import XCTest

/// A hostile data provider writes labels and values meant to run: a formula in a spreadsheet, a script in a page.
/// Every output shows them as text.
final class OutputEscapingTests: XCTestCase {
    static let formula = #"=HYPERLINK("http://x/","y")"#
    static let script = "<script>alert(1)</script>"

    func testLabelsAndValuesFromADeliveryCannotRunInAnyOutput() throws {
        let dir = try Studies.copy("clean")
        // The codebook labels the categories of tenure; a household with an unknown code is quarantined with its value.
        let codebook = dir.appendingPathComponent("raw/survey/codebook.csv")
        var text = String(data: try Data(contentsOf: codebook), encoding: .windowsCP1251)!
        text = text.replacingOccurrences(of: ";Owned", with: ";\"" + Self.formula.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        text = text.replacingOccurrences(of: ";Rented", with: ";" + Self.script)
        try text.data(using: .windowsCP1251)!.write(to: codebook)
        let households = dir.appendingPathComponent("raw/survey/households.csv")
        try (Data(contentsOf: households) + Data("90;N;01.01.2008;1;1;@SUM(1+1)*cmd;\r\n".utf8)).write(to: households)

        let r = try Migstat.run(["run", "--no-verify"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = dir.appendingPathComponent("output")
        func read(_ name: String) throws -> String { try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) }

        let defused = #""'=HYPERLINK(""http://x/"",""y"")""#
        for csv in ["estimates.csv", "tables/table_tenure.csv"] {
            let body = try read(csv)
            XCTAssertTrue(body.contains(defused), "\(csv): \(body)")
            XCTAssertFalse(body.contains(#","=HYPERLINK"#) || body.contains(",=HYPERLINK") || body.contains("\n=HYPERLINK") || body.contains("\n\"=HYPERLINK"),
                           "\(csv): no cell starts with the formula: \(body)")
        }
        let quarantine = try read("quarantine.csv")
        XCTAssertTrue(quarantine.contains(",'@SUM(1+1)*cmd,"), quarantine)
        XCTAssertFalse(quarantine.contains(",@SUM"), quarantine)

        let markdown = try read("tables/table_tenure.md")
        XCTAssertFalse(markdown.contains(Self.script), markdown)
        XCTAssertTrue(markdown.contains(#"\<script\>alert(1)\</script\>"#), markdown)
        for page in ["tables/table_tenure.html", "report.html"] {
            XCTAssertFalse(try read(page).contains(Self.script), page)
        }
    }
}
