import Aggregate
import Exhibits
import Foundation
import MigstatCore
@testable import Registry
import XCTest

/// One meaning of `where` in both engines: the survey aggregator and the registry's scan (`ScanSeries`), both evaluating the exhibit's plan, count
/// the same units when an exhibit and its series both filter the same column — the rows both filters accept.
final class WhereSemanticsTests: XCTestCase {
    /// A row's cells as the scan sees them: bytes that live as long as the row.
    private final class Row: ScanRowBytes {
        let cells: [UnsafeMutableRawBufferPointer]
        init(_ texts: [String]) {
            cells = texts.map { text in
                let b = UnsafeMutableRawBufferPointer.allocate(byteCount: text.utf8.count, alignment: 1)
                b.copyBytes(from: Array(text.utf8))
                return b
            }
        }
        deinit { cells.forEach { $0.deallocate() } }
        func bytes(_ column: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(cells[column]) }
        func integer(_ column: Int) -> Int64 { Int64(String(decoding: cells[column], as: UTF8.self)) ?? 0 }
    }

    private let rows: [[String]] = [
        // id, region, age, sex
        ["1", "GBAO", "30", "M"], ["2", "SUG", "40", "F"], ["3", "SUG", "17", "M"], ["4", "KHT", "25", "M"],
        ["5", "DUS", "50", "F"], ["6", "SUG", "22", "M"], ["7", "GBAO", "61", "F"], ["8", "KHT", "33", "F"],
    ]

    func testTheSameExhibitOverASurveyTableAndOverTheRegistrySelectsTheSameUnits() throws {
        let table = try JSONDecoder().decode(TableConfig.self, from: Data("""
            {"id": "people", "file": "p.csv", "grain": "one row per person", "key": ["id"], "columns": [
              {"name": "id", "type": "integer"}, {"name": "region", "type": "text"}, {"name": "age", "type": "integer"},
              {"name": "sex", "type": "code", "codes": [{"code": "M", "name": "male"}, {"code": "F", "name": "female"}]}]}
            """.utf8))
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data("""
            {"id": "e", "number": "Table 1", "kind": "table", "title": "t", "from": "s.people", "source_note": "n",
             "where": {"region": ["GBAO", "SUG"], "age": {"min": 18}},
             "series": [{"id": "s", "variable": "sex", "where": {"region": ["SUG", "KHT"]}}], "layout": {}}
            """.utf8))

        // The survey engine.
        var survey = DataTable(name: "s.people", columns: table.columns.map(\.name))
        survey.meta = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0) })
        for (i, r) in rows.enumerated() {
            survey.rows.append([.integer(Int64(r[0])!), .text(r[1]), .integer(Int64(r[2])!), .text(r[3])])
            survey.lines.append(i + 2)
        }
        let estimates = try Aggregator(tables: ["s.people": survey]).estimates(for: exhibit)
        let surveyCounts = Dictionary(uniqueKeysWithValues: estimates.map { ($0.category, $0.n) })

        // The registry engine, over the same rows as bytes.
        let names = table.columns.map(\.name)
        let compiled = try ExhibitPlan.compile([exhibit], over: table, referenceKeys: [:])[0]
        let plan = ScanSeries(exhibit: compiled, series: compiled.series[0], columnIndex: { names.firstIndex(of: $0)! })
        var registryCounts: [String: Int] = [:]
        var selected: [String] = []
        for r in rows {
            let row = Row(r)
            guard let (_, code) = plan.core.classify(row), code != 0 else { continue }
            selected.append(r[0])
            registryCounts[r[3] == "M" ? "male" : "female", default: 0] += 1
        }

        // Both filters hold: region SUG (in both lists) and age 18 or more — persons 2 and 6, not 3 (17) nor the KHT ones.
        XCTAssertEqual(selected, ["2", "6"])
        XCTAssertEqual(registryCounts, ["male": 1, "female": 1])
        XCTAssertEqual(surveyCounts, registryCounts)
    }
}
