import Foundation
import MigstatCore
import XCTest

/// pipeline.json is written by hand: a syntax error says where it is, a misspelt or unknown key is an error with
/// a did-you-mean (it used to be ignored, its default silently used), a key given twice is an error naming both
/// places, and every value compared with a code column is one of its codes.
final class StrictConfigTests: XCTestCase {
    private var committed: Data { get throws { try Data(contentsOf: Studies.repository.appendingPathComponent("pipeline.json")) } }
    private var fixture: String { get throws { try String(contentsOf: Studies.fixtures.appendingPathComponent("clean/pipeline.json"), encoding: .utf8) } }

    private func message(_ text: String) -> String {
        do { _ = try ConfigLoader.decode(Data(text.utf8)); return "no error" } catch { return "\(error)" }
    }

    private func replacing(_ old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let text = try fixture
        XCTAssertEqual(text.components(separatedBy: old).count, 2, "\"\(old)\" once in the fixture", file: file, line: line)
        return text.replacingOccurrences(of: old, with: new)
    }

    // MARK: Syntax

    func testASyntaxErrorNamesItsLineAndColumn() throws {
        XCTAssertEqual(message(try replacing("\"title\": \"Fixture study for robustness tests\",", with: "\"title\": \"Fixture study for robustness tests\"")),
                       #"pipeline.json:5:5: $.study: expected ',' or '}' after an object member, found '"'"#)
        XCTAssertEqual(message("{\n  \"version\": 1,\n}"), #"pipeline.json:3:1: $: expected a key in double quotes, found '}' (a comma after the last member?)"#)
        XCTAssertEqual(message("{\"a\": [1, 2,]}"), #"pipeline.json:1:13: $.a: expected a value, found ']' (a comma after the last element?)"#)
        XCTAssertEqual(message("{\"a\": [1 2]}"), #"pipeline.json:1:10: $.a: expected ',' or ']' after an array element, found '2'"#)
        XCTAssertEqual(message("{\"a\": \"x"), "pipeline.json:1:9: $.a: a string without its closing quote")
        XCTAssertEqual(message("{\"a\": tru}"), "pipeline.json:1:7: $.a: expected a value (a string, number, object, array, true, false or null), found 't'")
        XCTAssertEqual(message("{\"a\": 01}"), "pipeline.json:1:7: $.a: a number may not start with 0")
        XCTAssertEqual(message(""), "pipeline.json:1:1: $: expected a value, found the end of the file")
        XCTAssertEqual(message("{} x"), "pipeline.json:1:4: $: expected the end of the file after the JSON value, found 'x'")
        // Columns count characters, as an editor shows them, not bytes.
        XCTAssertEqual(message("{\"título\": \"ü\" \"b\": 1}"), #"pipeline.json:1:16: $: expected ',' or '}' after an object member, found '"'"#)
    }

    func testTheReaderAcceptsWhatJSONAllows() throws {
        let text = #"{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "n": [-0, 1.5e-3, 2E+2, 0.0], "t": true, "f": false, "z": null, "o": {}, "e": []}"#
        let document = try JSONDocument(parsing: Data(text.utf8))
        guard case let .string(s)? = document.value(at: [.key("s")])?.node else { return XCTFail("a string at $.s") }
        XCTAssertEqual(s, "a\"\\/\u{8}\u{c}\n\r\té😀")
        XCTAssertEqual(document.value(at: [.key("n"), .index(2)])?.position.description, "1:64")
        XCTAssertNoThrow(try JSONDocument(parsing: committed))
        // An error's JSON path is read back to find its line and column.
        let path: [JSONDocument.PathComponent] = [.key("a"), .index(10), .key("b c\""), .key("d")]
        XCTAssertEqual(JSONDocument.path(path), #"$.a[10]["b c\""].d"#)
        XCTAssertEqual(JSONDocument.components(of: JSONDocument.path(path)), path)
        XCTAssertNil(JSONDocument.components(of: "exhibits.x"))
        // Nesting is bounded: a configuration 100000 levels deep is an error, not a crashed stack.
        XCTAssertTrue(message(String(repeating: "[", count: 100_000)).contains("nested deeper than 256 levels"))
    }

    // MARK: Duplicate keys

    func testADuplicateKeyIsAnErrorNamingBothPlaces() throws {
        XCTAssertEqual(message(try replacing("\"decimals\": 1\n      }\n    },", with: "\"decimals\": 1,\n        \"decimals\": 2\n      }\n    },")),
                       #"pipeline.json:195:9: $.exhibits[0].layout.decimals: duplicate key "decimals": also at line 194, column 9"#)
        XCTAssertEqual(message(#"{"version": 1, "version": 1}"#), #"pipeline.json:1:16: $.version: duplicate key "version": also at line 1, column 2"#)
        // Also inside objects whose keys the configuration chooses (columns of a filter, category labels).
        XCTAssertEqual(message(#"{"exhibits": [{"where": {"sex": "1", "sex": "2"}}]}"#),
                       #"pipeline.json:1:38: $.exhibits[0].where.sex: duplicate key "sex": also at line 1, column 26"#)
    }

    // MARK: Unknown keys

    func testAMisspeltKeySuggestsTheKeyMeant() throws {
        XCTAssertEqual(message(try replacing("\"weight\": \"weight\",", with: "\"wieght\": \"weight\",")),
                       #"pipeline.json:64:11: $.sources[1].tables[0].wieght: unknown key; did you mean "weight"?"#)
        XCTAssertEqual(message(try replacing("\"decimals\": 1\n      }\n    },", with: "\"decimalz\": 1\n      }\n    },")),
                       #"pipeline.json:194:9: $.exhibits[0].layout.decimalz: unknown key; did you mean "decimals"?"#)
        XCTAssertEqual(message(try replacing("\"source_note\": \"Fixture data.\",\n      \"series\": [\n        {\n          \"id\": \"all\",\n          \"label\"",
                                             with: "\"source\": \"Fixture data.\",\n      \"series\": [\n        {\n          \"id\": \"all\",\n          \"label\"")),
                       #"pipeline.json:180:7: $.exhibits[0].source: unknown key; did you mean "source_note"?"#)
        XCTAssertEqual(message(try replacing("  \"joins\": [],", with: "  \"joins\": [],\n  \"notes\": \"draft\",")),
                       "pipeline.json:173:3: $.notes: unknown key; expected one of $schema, version, study, sources, joins, exhibits, indicators, statistics, contrasts, store, store_schema")
    }

    /// Every object of the committed pipeline.json, at every level (sources, formats, codebooks, tables, designs,
    /// columns, codes, resolve, joins, lookup, count, exhibits, series, bins, answers, indicators, split_by, layout,
    /// study, contents, derived indicators, statistics, ranges of a filter…), refuses a key it does not know.
    func testAnUnknownKeyIsRefusedInEveryObjectOfThePipeline() throws {
        let json = try JSONSerialization.jsonObject(with: committed)
        var objects: [(path: [Any], parentKey: String)] = []
        func walk(_ value: Any, _ path: [Any], parentKey: String) {
            if let object = value as? [String: Any] {
                // The keys of a filter, of category labels, of a join's "on" and of codebook labels are names the
                // configuration chooses; the objects inside them are checked.
                if !["where", "category_labels", "on", "labels"].contains(parentKey) { objects.append((path, parentKey)) }
                for (k, v) in object { walk(v, path + [k], parentKey: k) }
            } else if let array = value as? [Any] {
                for (i, v) in array.enumerated() { walk(v, path + [i], parentKey: parentKey) }
            }
        }
        walk(json, [], parentKey: "$")
        let levels = Set(objects.map(\.parentKey))
        for level in ["$", "study", "contents", "sources", "format", "codebook", "tables", "design", "parent", "upsert", "columns", "codes",
                      "resolve", "joins", "lookup", "count", "exhibits", "series", "bins", "answers", "indicators", "split_by", "layout",
                      "derived", "a", "b", "statistics"] {
            XCTAssertTrue(levels.contains(level), "the committed pipeline.json has a \"\(level)\" object to test")
        }
        // Every kind of object (its path without indices) once: enough for every level, and quick.
        var kinds = Set<String>()
        for (path, _) in objects where kinds.insert(path.compactMap { $0 as? String }.joined(separator: ".")).inserted {
            let edited = ConfigJSON.set(json, path + ["colour"], to: "red")
            let data = try JSONSerialization.data(withJSONObject: edited, options: [.prettyPrinted, .sortedKeys])
            let jsonPath = path.reduce("$") { acc, c in (c as? Int).map { acc + "[\($0)]" } ?? acc + "." + (c as! String) } + ".colour"
            XCTAssertThrowsError(try ConfigLoader.decode(data), jsonPath) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix("pipeline.json:") && text.contains(": \(jsonPath): unknown key; "), "\(jsonPath) ← \(text)")
            }
        }
        XCTAssertGreaterThan(kinds.count, 30)
    }

    /// Accepted and still validated: the pointer to the schema editors use.
    func testTheSchemaKeyIsAccepted() throws {
        XCTAssertNoThrow(try ConfigLoader.decode(Data(try fixture.replacingOccurrences(of: "{\n  \"version\"", with: "{\n  \"$schema\": \"x.json\",\n  \"version\"").utf8)))
        XCTAssertTrue(try fixture.hasPrefix("{\n  \"version\""))
    }

    func testAWordThatIsNotOneOfTheAcceptedOnesListsThem() throws {
        XCTAssertEqual(message(try replacing("\"kind\": \"figure\"", with: "\"kind\": \"chart\"")),
                       #"pipeline.json:200:15: $.exhibits[1].kind: expected one of table, figure, text, diagram, timeline, found "chart""#)
    }

    // MARK: Codes

    func testAWhereValueMustBeACodeOfItsColumn() throws {
        let series = "\"id\": \"all\",\n          \"variable\": \"sex\""
        XCTAssertEqual(message(try replacing(series, with: series + ",\n          \"where\": {\"sex\": \"male\"}")),
                       #"pipeline.json:208:28: $.exhibits[1].series[0].where.sex: "male" is not a code of sex (expected 1, 2)"#)
        XCTAssertEqual(message(try replacing(series, with: series + ",\n          \"where\": {\"sex\": [\"1\", \"3\"]}")),
                       #"pipeline.json:208:34: $.exhibits[1].series[0].where.sex[1]: "3" is not a code of sex (expected 1, 2)"#)
        let exhibit = "\"from\": \"survey.households\","
        XCTAssertEqual(message(try replacing(exhibit, with: exhibit + " \"where\": {\"tenure\": \"rent\"},")),
                       #"pipeline.json:179:56: $.exhibits[0].where.tenure: "rent" is not a code of tenure (expected 1, 2, 9)"#)
        // A "no answer" code, a range and a column without declared codes (found in raw/) pass.
        XCTAssertEqual(message(try replacing(exhibit, with: exhibit + " \"where\": {\"tenure\": [\"1\", \"9\"], \"size\": {\"min\": 2}, \"note\": \"x\"},")), "no error")
    }

    func testAnIndicatorsValueMustBeACodeOfEachOfItsVariables() throws {
        let series = "\"label\": \"All households\",\n          \"variable\": \"tenure\""
        let indicator = "\"label\": \"All households\",\n          \"indicators\": [{\"category\": \"owns\", \"variable\": \"tenure\", \"equals\": %@}]"
        XCTAssertEqual(message(try replacing(series, with: String(format: indicator, "\"own\""))),
                       #"pipeline.json:185:79: $.exhibits[0].series[0].indicators[0].equals: "own" is not a code of tenure (expected 1, 2, 9)"#)
        XCTAssertEqual(message(try replacing(series, with: String(format: indicator, "\"1\""))), "no error")
    }

    func testHiddenCategoriesAndCategoryLabelsMustNameCategoriesOfTheExhibit() throws {
        let layout = "\"decimals\": 1\n      }\n    },"
        XCTAssertEqual(message(try replacing(layout, with: "\"decimals\": 1, \"category_labels\": {\"own\": \"Owner\", \"owner\": \"Owner\"}\n      }\n    },")),
                       #"pipeline.json:194:69: $.exhibits[0].layout.category_labels.owner: "owner" is not a category of table_tenure (expected own, rent)"#)
        XCTAssertEqual(message(try replacing(layout, with: "\"decimals\": 1, \"hide\": [\"rent\", \"dont_know\"]\n      }\n    },")),
                       #"pipeline.json:194:41: $.exhibits[0].layout.hide[1]: "dont_know" is not a category of table_tenure (expected own, rent)"#)
        XCTAssertEqual(message(try replacing(layout, with: "\"decimals\": 1, \"hide\": [\"rent\"], \"category_labels\": {\"own\": \"Owner\"}\n      }\n    },")), "no error")
        // Bins name their categories.
        let series = "\"label\": \"All households\",\n          \"variable\": \"tenure\""
        let binned = try replacing(series, with: "\"label\": \"All households\", \"variable\": \"size\", \"bins\": [{\"name\": \"small\", \"max\": 3}]")
        XCTAssertEqual(message(binned.replacingOccurrences(of: layout, with: "\"decimals\": 1, \"category_labels\": {\"small\": \"1–3\"}\n      }\n    },")), "no error")
        XCTAssertEqual(message(binned.replacingOccurrences(of: layout, with: "\"decimals\": 1, \"category_labels\": {\"own\": \"Owner\"}\n      }\n    },")),
                       #"pipeline.json:193:51: $.exhibits[0].layout.category_labels.own: "own" is not a category of table_tenure (expected small)"#)
    }

    func testACountJoinsAndAStatisticsWhereIsCheckedToo() throws {
        let joins = #""joins": [{"id": "hh_men", "from": "survey.households", "grain": "one row per household", "count": {"table": "survey.members", "on": {"hh_id": "hh_id"}, "where": {"sex": "m"}, "as": "men"}}],"#
        XCTAssertEqual(message(try replacing("\"joins\": [],", with: joins)),
                       #"pipeline.json:172:173: $.joins[0].count.where.sex: "m" is not a code of sex (expected 1, 2)"#)
        let statistics = #""joins": [], "statistics": [{"id": "size", "label": "Size", "from": "survey.households", "where": {"tenure": "own"}, "estimate": "mean", "variable": "size"}],"#
        XCTAssertEqual(message(try replacing("\"joins\": [],", with: statistics)),
                       #"pipeline.json:172:112: $.statistics[0].where.tenure: "own" is not a code of tenure (expected 1, 2, 9)"#)
    }
}
