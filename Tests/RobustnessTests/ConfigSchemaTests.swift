import Foundation
import MigstatCore
import XCTest

/// The JSON Schema of pipeline.json: printed by `migstat schema`, committed as schema/pipeline.schema.json,
/// checked with a real validator (Python's `jsonschema`), and refusing what `check` refuses.
final class ConfigSchemaTests: XCTestCase {
    static let schemaFile = Studies.repository.appendingPathComponent("schema/pipeline.schema.json")
    static let brokenConfigs = Studies.fixtures.deletingLastPathComponent().appendingPathComponent("broken-configs")
    static let validator = Studies.fixtures.deletingLastPathComponent().appendingPathComponent("validate_schema.py")

    /// Each broken configuration, one defect each, and the error `migstat check` gives (exit 64). The last ones
    /// break rules of meaning no JSON Schema can state (a value must be a code declared elsewhere): the schema
    /// accepts them and `check` alone refuses them.
    static let corpus: [(file: String, check: String, schemaRefuses: Bool)] = [
        ("syntax-missing-comma", #"syntax-missing-comma.json:5:5: $.study: expected ',' or '}' after an object member, found '"'"#, true),
        ("syntax-trailing-comma", #"syntax-trailing-comma.json:193:9: $.exhibits[0].layout.values: expected a value, found ']' (a comma after the last element?)"#, true),
        ("unknown-key", #"unknown-key.json:195:9: $.exhibits[0].layout.decimalz: unknown key; did you mean "decimals"?"#, true),
        ("misspelt-key", #"misspelt-key.json:64:11: $.sources[1].tables[0].wieght: unknown key; did you mean "weight"?"#, true),
        ("unknown-top-level-key", "unknown-top-level-key.json:173:3: $.notes: unknown key; expected one of $schema, version, study, sources, joins, exhibits, indicators, statistics", true),
        ("duplicate-key", #"duplicate-key.json:195:9: $.exhibits[0].layout.decimals: duplicate key "decimals": also at line 194, column 9"#, true),
        ("wrong-type", "wrong-type.json:194:21: $.exhibits[0].layout.decimals: expected a number", true),
        ("unknown-kind", #"unknown-kind.json:200:15: $.exhibits[1].kind: expected one of table, figure, text, diagram, timeline, found "chart""#, true),
        ("missing-required-key", #"missing-required-key.json:126:9: $.sources[1].tables[1]: missing key "grain""#, true),
        ("where-value-not-a-code", #"where-value-not-a-code.json:209:20: $.exhibits[1].series[0].where.sex: "male" is not a code of sex (expected 1, 2)"#, false),
        ("equals-not-a-code", #"equals-not-a-code.json:189:25: $.exhibits[0].series[0].indicators[0].equals: "own" is not a code of tenure (expected 1, 2, 9)"#, false),
        ("category-label-not-a-category", #"category-label-not-a-category.json:196:20: $.exhibits[0].layout.category_labels.owner: "owner" is not a category of table_tenure (expected own, rent)"#, false),
        ("hidden-category-not-a-category", #"hidden-category-not-a-category.json:196:11: $.exhibits[0].layout.hide[0]: "dont_know" is not a category of table_tenure (expected own, rent)"#, false),
    ]

    func testTheCommittedSchemaIsTheOneMigstatPrints() throws {
        let committed = try String(contentsOf: Self.schemaFile, encoding: .utf8)
        XCTAssertEqual(ConfigShape.pipeline.jsonSchema(title: "migstat pipeline.json"), committed,
                       "schema/pipeline.schema.json is stale: regenerate it with `migstat schema > schema/pipeline.schema.json`")
        let r = try Migstat.run(["schema"], in: Studies.scratch())
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, committed)
    }

    func testThePipelineNamesItsSchema() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Studies.repository.appendingPathComponent("pipeline.json"))) as? [String: Any]
        XCTAssertEqual(json?["$schema"] as? String, "schema/pipeline.schema.json")
    }

    func testEveryBrokenConfigurationIsRefusedByCheck() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.brokenConfigs.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files, Self.corpus.map { $0.file + ".json" }.sorted(), "every file of the corpus has its expected error")
        for entry in Self.corpus {
            let dir = try Studies.copy("clean", name: "broken-\(entry.file)")
            let config = dir.appendingPathComponent("\(entry.file).json")
            try FileManager.default.copyItem(at: Self.brokenConfigs.appendingPathComponent("\(entry.file).json"), to: config)
            let r = try Migstat.run(["check", "--no-verify", "--config", config.lastPathComponent], in: dir)
            assertCleanFailure(r, status: 64, mentions: "migstat: error: " + entry.check)
        }
    }

    /// A real JSON Schema validator accepts the committed pipeline.json and the fixtures' configurations, and
    /// refuses every broken configuration a schema can refuse.
    func testARealValidatorAcceptsThePipelineAndRefusesTheBrokenConfigurations() throws {
        let valid = [Studies.repository.appendingPathComponent("pipeline.json").path] + Studies.names.map { Studies.fixtures.appendingPathComponent("\($0)/pipeline.json").path }
            + [Studies.repository.appendingPathComponent("Tests/AggregateTests/Fixtures/design/pipeline.json").path]
        let broken = Self.corpus.map { Self.brokenConfigs.appendingPathComponent("\($0.file).json").path }
        let results = try validate(valid + broken)
        for path in valid { XCTAssertEqual(results[path]?.valid, true, "\(path): \(results[path]?.error ?? "not validated")") }
        for (entry, path) in zip(Self.corpus, broken) {
            XCTAssertEqual(results[path]?.valid, !entry.schemaRefuses, "\(entry.file): \(results[path]?.error ?? "valid")")
        }
    }

    /// The schema is closed as the loader is: an unknown key in any object of the pipeline fails it.
    func testTheSchemaRefusesAnUnknownKeyInEveryObject() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Studies.repository.appendingPathComponent("pipeline.json")))
        var paths: [[Any]] = []
        func walk(_ value: Any, _ path: [Any], parentKey: String) {
            if let object = value as? [String: Any] {
                if !["where", "category_labels", "on", "labels"].contains(parentKey) { paths.append(path) }
                for (k, v) in object { walk(v, path + [k], parentKey: k) }
            } else if let array = value as? [Any] {
                for (i, v) in array.enumerated() { walk(v, path + [i], parentKey: parentKey) }
            }
        }
        walk(json, [], parentKey: "$")
        // Every object kind once (its path with indices dropped), to keep the validator's run short.
        var kinds = Set<String>()
        let sample = paths.filter { kinds.insert($0.compactMap { $0 as? String }.joined(separator: ".")).inserted }
        let dir = Studies.scratch()
        let files = try sample.enumerated().map { i, path -> String in
            let url = dir.appendingPathComponent("unknown-\(i).json")
            try JSONSerialization.data(withJSONObject: ConfigJSON.set(json, path + ["colour"], to: "red")).write(to: url)
            return url.path
        }
        let results = try validate(files)
        for (file, path) in zip(files, sample) {
            XCTAssertEqual(results[file]?.valid, false, "an unknown key at \(path) passes the schema")
            // "'colour' was unexpected", or for a filter's range, "{'colour': 'red', 'min': 1} is not valid under any of the given schemas".
            XCTAssertTrue(results[file]?.error?.contains("'colour'") ?? false, results[file]?.error ?? "")
        }
        XCTAssertGreaterThan(sample.count, 30)
    }

    // MARK: The validator

    /// Runs validate_schema.py with the project's venv. In CI a missing venv fails the test; elsewhere it skips.
    private func validate(_ files: [String]) throws -> [String: (valid: Bool, error: String?)] {
        let venv = ProcessInfo.processInfo.environment["MIGSTAT_VENV"] ?? "/opt/migstat-venv"
        let python = venv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            let message = "no Python at \(python) (create it: python3 -m venv \(venv) && \(venv)/bin/pip install jsonschema)"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message); throw CocoaError(.fileNoSuchFile) }
            throw XCTSkip(message)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.validator.path, Self.schemaFile.path] + files
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "validate_schema.py: \(errors)")
        var results: [String: (valid: Bool, error: String?)] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let file = row["file"] as? String else { continue }
            results[file] = (row["valid"] as? Bool ?? false, row["error"] as? String)
        }
        XCTAssertEqual(results.count, files.count, "one result per file: \(errors)")
        return results
    }
}
