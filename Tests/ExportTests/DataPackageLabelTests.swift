import Foundation
import MigstatCore
import Pipeline
import XCTest

/// Issue 19 #8: `datapackage.json` stays valid whatever the labels: two categories sharing a label, and one
/// labelled like the stub column (`category`), make a table's CSV header whose names are still unique.
final class DataPackageLabelTests: XCTestCase {
    func testCategoriesSharingALabelOrLabelledCategoryGiveAPackageFrictionlessValidates() throws {
        let root = PythonReaders.root
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-labels-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("study"), to: base.appendingPathComponent("study"))
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("pipeline.json"))) as! [String: Any]
        var exhibits = json["exhibits"] as! [[String: Any]]
        let index = try XCTUnwrap(exhibits.firstIndex { $0["id"] as? String == "table_1_1" })
        var layout = exhibits[index]["layout"] as! [String: Any]
        layout["category_labels"] = ["enough": "category", "not_enough": "Same", "not_at_all": "Same"]
        exhibits[index]["layout"] = layout
        json["exhibits"] = exhibits
        let config = base.appendingPathComponent("pipeline.json")
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        let out = base.appendingPathComponent("output")
        _ = try Runner(options: RunOptions(configPath: config.path, rawDirectory: root.appendingPathComponent("raw").path,
                                           outputDirectory: out.path, verify: false)).run()

        let header = try XCTUnwrap(String(contentsOf: out.appendingPathComponent("tables/table_1_1.csv"), encoding: .utf8)
            .split(separator: "\n").first).split(separator: ",").map(String.init)
        XCTAssertEqual(Set(header).count, header.count, "unique names: \(header)")
        XCTAssertEqual(header, ["category", "category (2)", "Same", "Same (2)"], "the stub, then the three categories' labels")

        let frictionless = try PythonReaders.bin("frictionless", needs: "frictionless")
        let report = try PythonReaders.run(frictionless, ["validate", "--json", out.appendingPathComponent("datapackage.json").path])
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: report) as? [String: Any])
        XCTAssertEqual(result["valid"] as? Bool, true, String(decoding: report, as: UTF8.self).prefix(3000).description)
    }

    func testFieldNamesAreKeptWhenTheyQualifyAndMadeUniqueAndNonBlankOtherwise() {
        XCTAssertEqual(FieldNames.unique(["category", "Same", "Other"]), ["category", "Same", "Other"])
        XCTAssertEqual(FieldNames.unique(["category", "category", "Same", "Same", "Same (2)"]),
                       ["category", "category (2)", "Same", "Same (2)", "Same (2) (2)"])
        XCTAssertEqual(FieldNames.unique(["", "  ", " a ", "a", "b\n"]), ["column_1", "column_2", "a", "a (2)", "b"])
    }
}
