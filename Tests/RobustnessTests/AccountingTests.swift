import Foundation
import Ingest
import MigstatCore
import Pipeline
import Store
import XCTest

/// Nothing lost: every input file of every fixture study (and of the repository's own study) is in
/// manifest.json with its bytes and hash, and its records read = loaded + quarantined, where loaded is what
/// migration.sqlite holds and quarantined what quarantine.csv and migration.sqlite hold.
final class AccountingTests: XCTestCase {
    struct Study { var config: URL; var raw: URL }

    private var studies: [Study] {
        Studies.names.map { Study(config: Studies.fixtures.appendingPathComponent("\($0)/pipeline.json"), raw: Studies.fixtures.appendingPathComponent("\($0)/raw")) }
            + [Study(config: Studies.repository.appendingPathComponent("pipeline.json"), raw: Studies.repository.appendingPathComponent("raw"))]
    }

    func testEveryInputFileIsAccountedOnEveryFixture() throws {
        XCTAssertGreaterThanOrEqual(Studies.names.count, 2)
        for study in studies {
            let out = Studies.scratch().appendingPathComponent("output")
            _ = try Runner(options: RunOptions(configPath: study.config.path, rawDirectory: study.raw.path, outputDirectory: out.path, verify: false)).run()
            let config = try ConfigLoader.load(path: study.config.path)
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as! [String: Any]
            let inputs = manifest["inputs"] as! [[String: Any]]
            var expected: [String] = []
            for source in config.sources {
                if let cb = source.codebook { expected.append(cb.file) }
                for table in source.tables {
                    guard let pattern = table.deliveries else { expected.append(table.file); continue }
                    // A delivery table is accounted file by file: every delivery found, in file-name order.
                    let folder = (pattern as NSString).deletingLastPathComponent, name = (pattern as NSString).lastPathComponent
                    let found = try FileManager.default.contentsOfDirectory(atPath: study.raw.appendingPathComponent(folder).path)
                    expected += found.filter { fnmatch(name, $0, 0) == 0 }.sorted().map { "\(folder)/\($0)" }
                }
            }
            XCTAssertEqual(inputs.map { $0["file"] as! String }, expected, "every declared file, codebooks included, in order")

            let quarantine = try CSVReader(path: out.appendingPathComponent("quarantine.csv").path, options: CSVOptions()).readAll().dropFirst()
            let db = try Database(path: out.appendingPathComponent("migration.sqlite").path)
            for input in inputs {
                let file = input["file"] as! String
                let read = input["rows_read"] as! Int, loaded = input["rows_loaded"] as! Int, quarantined = input["rows_quarantined"] as! Int
                XCTAssertEqual(read, loaded + quarantined, file)
                XCTAssertEqual(quarantine.filter { $0.fields[1] == file }.count, quarantined, "\(file) in quarantine.csv")
                XCTAssertEqual(try db.prepare("SELECT count(*) FROM quarantine WHERE file = ?").rows([.text(file)]), [[.integer(Int64(quarantined))]])
                let path = file   // relative to the raw directory
                let size = try FileManager.default.attributesOfItem(atPath: study.raw.appendingPathComponent(path).path)[.size] as! Int
                XCTAssertEqual(input["bytes"] as? Int, size, file)
                XCTAssertEqual(input["sha256"] as? String, try FileHash.sha256(path: study.raw.appendingPathComponent(path).path))
                if let source = config.sources.first(where: { $0.id == input["source"] as? String }),
                   let table = source.tables.first(where: { $0.file == path }) {
                    let name = "stg_\(source.id)_\(table.id)"
                    XCTAssertEqual(try db.prepare("SELECT count(*) FROM \"\(name)\"").rows(), [[.integer(Int64(loaded))]], name)
                }
            }
            let totals = manifest["totals"] as! [String: Int]
            XCTAssertEqual(totals["rows_read"], totals["rows_loaded"]! + totals["rows_quarantined"]!)
            XCTAssertEqual(totals["rows_quarantined"], quarantine.count)
        }
    }

    /// Every planted defect of the dirty study is quarantined with source, file, line, column, value and reason,
    /// in quarantine.csv and migration.sqlite alike.
    func testPlantedDefectsAreQuarantinedWhereTheyAre() throws {
        let out = Studies.scratch().appendingPathComponent("output")
        let dirty = Studies.fixtures.appendingPathComponent("dirty")
        _ = try Runner(options: RunOptions(configPath: dirty.appendingPathComponent("pipeline.json").path,
                                           rawDirectory: dirty.appendingPathComponent("raw").path + "/", outputDirectory: out.path, verify: false)).run()
        let rows = try CSVReader(path: out.appendingPathComponent("quarantine.csv").path, options: CSVOptions()).readAll().map { $0.fields.map { $0 ?? "" } }
        XCTAssertEqual(rows.first, ["source", "file", "line", "column", "value", "reason"])
        let prefix = "survey/"
        let found = rows.dropFirst().map { r -> String in
            "\(r[1].replacingOccurrences(of: prefix, with: "")):\(r[2]) \(r[3]) [\(r[4].replacingOccurrences(of: "\r\n", with: "⏎"))] \(r[5])"
        }
        XCTAssertEqual(found, [
            "codebook.csv:7 code [sex=2] duplicate codebook entry, first on line 6",
            "households.csv:51 tenure [7] unknown code, expected one of 1, 2, 9",
            "households.csv:52 size [31] above the range 1...30",
            "households.csv:53 visited [31.02.2008] expected a real date as dd.mm.yyyy",
            "households.csv:54 weight [1.5] decimal point where the source declares a decimal comma",
            "households.csv:55 region [X] not a ref.regions.code value",
            "households.csv:56 hh_id [1] duplicate key, first on line 2",
            "households.csv:57  [2;N;02.02.2008;1,5;7;1;первая строка⏎вторая строка] exact duplicate of line 4",
            "households.csv:59 note [46;N;01.01.2008;1,000;3;1;сад \"у дома\"] a quote inside an unquoted field: expected the whole field in quotes, with its quotes doubled (RFC 4180)",
            "households.csv:60 note [47;N;01.01.2008;1,000;3;1;\"две] unbalanced quote: a quoted field opened on this line runs on to line 61, where it meets text after a closing quote: expected the delimiter or a line end after it; a quote inside a quoted field must be doubled (RFC 4180)",
            "households.csv:61 hh_id [строки\"x] a quote inside an unquoted field: expected the whole field in quotes, with its quotes doubled (RFC 4180)",
            "households.csv:62  [48;N;01.01.2008;1,000] expected 7 fields as in the header, found 4",
            "households.csv:64  [49;N;01.01.2008;1,000;3;1;;] expected 7 fields as in the header, found 8",
            "households.csv:65 note [NUL\\x00here] NUL byte at offset 3 in a text field",
            "households.csv:66 note [bad\\x98byte] 0x98 is not a character in windows-1251",
            "households.csv:67 tenure [] missing value",
            "households.csv:69 note [54;N;01.01.2008;1,000;3;1;\"never closed] unterminated quoted field: the closing quote is missing before the end of the file",
            "members.csv:105 hh_id [99] no such key in survey.households (orphan row)",
            "members.csv:106  [1;1;1] exact duplicate of line 2",
            "members.csv:107 hh_id+line_no [1+1] duplicate key, first on line 2",
            "members.csv:108 sex [3] unknown code, expected one of 1, 2",
        ])
        let db = try Database(path: out.appendingPathComponent("migration.sqlite").path)
        let stored = try db.prepare("SELECT source, file, line, column_name, value, reason FROM quarantine ORDER BY rowid").rows()
        XCTAssertEqual(stored.map { $0.map(\.key) }, rows.dropFirst().map { $0 })
        // The good row between the bad ones (line 68) is loaded.
        XCTAssertEqual(try db.prepare("SELECT note FROM stg_survey_households WHERE source_line = 68").rows(), [[.text("fine")]])
    }
}
