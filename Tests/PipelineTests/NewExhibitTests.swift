import Foundation
import XCTest

/// A statistician adds a table by editing pipeline.json only: the README's example must work as printed.
final class NewExhibitTests: XCTestCase {
    func testTheREADMEExampleTableIsAddedByConfigurationAlone() throws {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = readme.range(of: "{\"id\": \"table_q17_by_sex\"")!.lowerBound
        let end = readme.range(of: "```", range: start..<readme.endIndex)!.lowerBound
        let exhibit = try JSONSerialization.jsonObject(with: Data(readme[start..<end].utf8))
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.config))) as! [String: Any]
        config["exhibits"] = (config["exhibits"] as! [[String: Any]]) + [exhibit as! [String: Any]]
        // The copy lives elsewhere, with the study folder it names beside it (migstat reads nothing outside it).
        let dir = try temporaryDirectory()
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("study"), to: dir.appendingPathComponent("study"))
        let path = dir.appendingPathComponent("pipeline.json")
        try JSONSerialization.data(withJSONObject: config).write(to: path)
        let out = dir.appendingPathComponent("output")
        try runPipeline(config: path.path, out: out)

        let table = try String(contentsOf: out.appendingPathComponent("tables/table_q17_by_sex.md"), encoding: .utf8)
        XCTAssertTrue(table.hasPrefix("**Table B.1 Registered at the place of stay, by sex**"), table)
        // Independently: count Q17 answers by sex from the delivered extract.
        let records = try readCSV(out.appendingPathComponent("estimates.csv")).filter { $0["exhibit"] == "table_q17_by_sex" }
        XCTAssertEqual(records.map { "\($0["series"]!)/\($0["category"]!)" }, ["male/yes", "male/no", "female/yes", "female/no"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Repo.raw).appendingPathComponent("akf_2008/respondents.csv"))
        let rows = String(decoding: bytes.filter { $0 < 0x80 }, as: UTF8.self).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        var counts: [String: Int] = [:]
        for r in rows {
            let f = r.components(separatedBy: ";")
            counts["\(f[2])/\(f[10])", default: 0] += 1
        }
        XCTAssertEqual(Int(records[0]["n"]!), counts["1/1"] ?? 0)
        XCTAssertEqual(Int(records[0]["base_n"]!), (counts["1/1"] ?? 0) + (counts["1/2"] ?? 0), "no answers (9) leave the base")
        XCTAssertEqual(Int(records[3]["n"]!), counts["2/2"] ?? 0)
        let test = try readCSV(out.appendingPathComponent("tests.csv")).first { $0["exhibit"] == "table_q17_by_sex" }
        XCTAssertEqual(test?["n"].flatMap { Int($0) }, (1...2).flatMap { a in (1...2).map { counts["\(a)/\($0)"] ?? 0 } }.reduce(0, +),
                       "the cross-tabulation is tested over the units with both answers")
    }
}
