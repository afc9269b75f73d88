import Exhibits
import Foundation
import MigstatCore
import XCTest

/// Compiling an exhibit: the exhibit's `where` and the series' own and-ed in that order, the columns looked up
/// once with their codes and no-answer codes, and every unknown table or column refused by its path.
final class PlanCompileTests: XCTestCase {
    private let schema = PlanSchema(tables: [
        "s.people": [ColumnConfig(name: "region", type: .text, references: "ref.regions.code"),
                     ColumnConfig(name: "sex", type: .code, codes: [CodeConfig(code: "M", name: "male")], noAnswer: ["X"]),
                     ColumnConfig(name: "age", type: .integer), ColumnConfig(name: "person", type: .text)],
        "s.answers": [ColumnConfig(name: "item", type: .code, codes: [CodeConfig(code: "1", name: "one")])],
    ], referenceKeys: ["ref.regions.code": ["R1", "R2"], "ref.other.code": ["O"]])

    private func exhibit(_ json: String) throws -> ExhibitConfig {
        try JSONDecoder().decode(ExhibitConfig.self, from: Data("""
            {"id": "e", "number": "Table 1", "kind": "table", "title": "t", "source_note": "n", "layout": {"category_labels": {"male": "Men"}}, \(json)}
            """.utf8))
    }

    func testTheExhibitsAndTheSeriesConditionsAreAndedInThatOrder() throws {
        let plan = try ExhibitPlan(compiling: exhibit("""
            "from": "s.people", "where": {"region": ["R1"], "age": {"min": 18}},
            "series": [{"id": "s", "variable": "sex", "where": {"region": ["R2"]}, "split_by": {"column": "region"}, "unit": "person"}]
            """), schema: schema)
        let series = try XCTUnwrap(plan.series.first)
        XCTAssertEqual(series.conditions.map(\.column.name), ["age", "region", "region"])
        XCTAssertEqual(series.conditions.map(\.accepts.values), [[], ["R1"], ["R2"]])
        XCTAssertEqual(series.variable?.noAnswer, ["X"])
        XCTAssertEqual(series.split?.column.name, "region")
        XCTAssertEqual(series.split?.byMonth, false)
        XCTAssertEqual(series.unit.column?.name, "person")
        XCTAssertEqual(plan.categoryLabels, ["male": "Men"])
        // Only the keys of the references the plan's columns name.
        XCTAssertEqual(plan.referenceKeys, ["ref.regions.code": ["R1", "R2"]])
    }

    func testAnUnknownTableOrColumnIsRefusedByItsPath() throws {
        func refusal(_ json: String) throws -> String {
            let config = try exhibit(json)
            do {
                _ = try ExhibitPlan(compiling: config, schema: schema)
                return "compiled"
            } catch let error as MigstatError { return "\(error)" }
        }
        XCTAssertTrue(try refusal(#""from": "s.nothing", "series": [{"id": "s", "variable": "sex"}]"#).contains("exhibits.e.from"))
        XCTAssertTrue(try refusal(#""from": "s.people", "where": {"height": ["1"]}, "series": [{"id": "s", "variable": "sex"}]"#)
            .contains("exhibits.e.where.height"))
        XCTAssertTrue(try refusal(#""from": "s.people", "series": [{"id": "s", "variable": "sex", "where": {"height": ["1"]}}]"#)
            .contains("exhibits.e.series.s.where.height"))
        XCTAssertTrue(try refusal(#""from": "s.people", "series": [{"id": "s", "indicators": [{"category": "c", "any": ["sex", "height"], "equals": ["M"]}]}]"#)
            .contains("exhibits.e.series.s.indicators[0].variable"))
        XCTAssertTrue(try refusal(#""from": "s.people", "series": [{"id": "s", "variable": "sex", "split_by": {"column": "height"}}]"#)
            .contains("exhibits.e.series.s.split_by.column"))
        XCTAssertTrue(try refusal(#""from": "s.people", "series": [{"id": "s", "answers": {"table": "s.answers", "variable": "sex"}}]"#)
            .contains("exhibits.e.series.s.answers.variable: no column \"sex\" in s.answers"))
        XCTAssertEqual(try refusal(#""from": "s.people", "series": [{"id": "s", "answers": {"table": "s.answers", "variable": "item"}}]"#), "compiled")
    }
}
