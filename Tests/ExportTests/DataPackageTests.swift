import Foundation
import XCTest

/// output/datapackage.json describes every CSV file of output/ and passes `frictionless validate`.
final class DataPackageTests: XCTestCase {
    private let output = PythonReaders.root.appendingPathComponent("output")

    private func package() throws -> [String: Any] {
        let data = try Data(contentsOf: output.appendingPathComponent("datapackage.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testFrictionlessValidatesTheCommittedPackage() throws {
        let frictionless = try PythonReaders.bin("frictionless", needs: "frictionless")
        let report = try PythonReaders.run(frictionless, ["validate", "--json", output.appendingPathComponent("datapackage.json").path])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: report) as? [String: Any])
        XCTAssertEqual(json["valid"] as? Bool, true, String(decoding: report, as: UTF8.self).prefix(2000).description)
        let tasks = try XCTUnwrap(json["tasks"] as? [[String: Any]])
        XCTAssertEqual(tasks.count, try (package()["resources"] as! [Any]).count, "every resource validated")
    }

    func testEveryCSVFileIsDescribedWithTypesKeysIntervalColumnsAndBilingualCategories() throws {
        let resources = try XCTUnwrap(package()["resources"] as? [[String: Any]])
        var csvs: [String] = []
        for case let path as String in FileManager.default.enumerator(atPath: output.path)! where path.hasSuffix(".csv") { csvs.append(path) }
        XCTAssertEqual(Set(resources.map { $0["path"] as! String }), Set(csvs))
        let estimates = try XCTUnwrap(resources.first { $0["path"] as? String == "estimates.csv" }?["schema"] as? [String: Any])
        XCTAssertEqual(estimates["primaryKey"] as? [String], ["exhibit", "series", "category"])
        let fields = Dictionary(uniqueKeysWithValues: (estimates["fields"] as! [[String: Any]]).map { ($0["name"] as! String, $0) })
        for column in ["ci_low", "ci_high", "se", "cv", "deff", "n_eff", "df", "interval_method"] {
            XCTAssertFalse((fields[column]?["description"] as? String ?? "").isEmpty, "\(column) is described")
        }
        XCTAssertEqual(fields["n"]?["type"] as? String, "integer")
        XCTAssertEqual(fields["percent"]?["type"] as? String, "number")
        XCTAssertEqual(Set((fields["interval_method"]?["constraints"] as? [String: [String]])?["enum"] ?? []), ["logit", "wilson", "census"])
        let categories = try XCTUnwrap(fields["category"]?["categories"] as? [[String: Any]])
        let enough = try XCTUnwrap(categories.first { $0["value"] as? String == "enough" })
        XCTAssertEqual(enough["label"] as? String, "Knowledge of Russian is quite enough")
        XCTAssertEqual(enough["labels"] as? [String: String], ["en": "quite enough", "ru": "вполне достаточно"])
    }
}
