@testable import Aggregate
import Foundation
import MigstatCore
import XCTest

/// A series split by a code column keeps its own `where` on that column: the split's code and the filter both
/// hold (and-ed, as everywhere), so a code the filter excludes counts nobody instead of replacing the filter.
final class SplitWhereTests: XCTestCase {
    func testASplitSeriesKeepsItsOwnFilterOnTheSplitColumn() throws {
        let q = ColumnConfig(name: "q", type: .code, codes: [CodeConfig(code: "1", name: "yes"), CodeConfig(code: "2", name: "no")])
        let g = ColumnConfig(name: "g", type: .code, codes: [CodeConfig(code: "a", name: "ga"), CodeConfig(code: "b", name: "gb")])
        var t = DataTable(name: "s.r", columns: ["id", "q", "g"], meta: ["q": q, "g": g])
        for (i, (answer, group)) in [("1", "a"), ("2", "a"), ("1", "b"), ("1", "b"), ("2", "b")].enumerated() {
            t.rows.append([.integer(Int64(i + 1)), .text(answer), .text(group)])
            t.lines.append(i + 2)
        }
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data("""
            {"id":"e","number":"Table 1","kind":"table","title":"t","from":"s.r","source_note":"n","layout":{},
             "series":[{"id":"s","variable":"q","split_by":{"column":"g"},"where":{"g":"a"}}]}
            """.utf8))
        let estimates = try Aggregator(tables: ["s.r": t]).estimates(for: exhibit)
        let bases = Dictionary(estimates.map { ($0.series, $0.baseN) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(bases["ga"], 2)
        XCTAssertEqual(bases["gb"] ?? 0, 0, "group b is outside the series' own where")
    }
}
