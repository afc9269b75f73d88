import Foundation
import XCTest

/// Issue 19 #7: a character pdflatex cannot set is written as `?` in the `.tex`, and the run log names it
/// (`latex_character_replaced`, of docs/logs.md's schema), in text and JSON logs.
final class LaTeXWarningTests: XCTestCase {
    func testACharacterWrittenAsAQuestionMarkIsNamedInTheRunLog() throws {
        let dir = try Studies.copy("clean")
        try ConfigJSON.edit(dir, [(["exhibits", 0, "title"], "Tenure 😀 北 ≤ α")])
        let json = try Migstat.run(["run", "--no-verify", "--log-format", "json"], in: dir)
        XCTAssertEqual(json.status, 0, json.stderr)
        let warnings = LogSchema.readme.check(json.stderr, stream: "stderr").filter { $0["event"] as? String == "latex_character_replaced" }
        XCTAssertEqual(warnings.compactMap { $0["character"] as? String }, ["U+1F600", "U+5317"])
        XCTAssertEqual(Set(warnings.compactMap { $0["file"] as? String }), ["tables/table_tenure.tex"])
        let tex = try String(contentsOf: dir.appendingPathComponent("output/tables/table_tenure.tex"), encoding: .utf8)
        XCTAssertTrue(tex.contains(#"Tenure ? ? \ensuremath{\leq} \ensuremath{\alpha}"#), tex)

        let text = try Migstat.run(["run", "--no-verify", "--force"], in: dir)
        XCTAssertTrue(text.stderr.contains("tables/table_tenure.tex: U+1F600 cannot be set by pdflatex"), text.stderr)
    }
}
