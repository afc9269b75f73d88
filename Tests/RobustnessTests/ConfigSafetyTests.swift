import Foundation
import MigstatCore
import XCTest

/// pipeline.json is handed over by other people: a name that is a path or markup, a number that cannot be meant,
/// a path that leaves the study are configuration errors of `check` (exit 64, the JSON path named) and stop `run`
/// before it writes anything.
final class ConfigSafetyTests: XCTestCase {
    /// `check` and `run` both refuse the edited fixture study, quickly, and `run` leaves nothing behind.
    @discardableResult
    private func refused(_ edits: [([Any], Any?)], mentions: String, name: String = #function,
                         file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let dir = try Studies.copy("clean", name: name)
        try ConfigJSON.edit(dir, edits)
        for command in [["check", "--no-verify"], ["run", "--no-verify"]] {
            let (r, timedOut) = try Migstat.run(command, in: dir, within: 60)
            XCTAssertFalse(timedOut, "\(command[0]) did not finish", file: file, line: line)
            assertCleanFailure(r, status: 64, mentions: mentions, file: file, line: line)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") && $0 != "output.lock" }.sorted()
        XCTAssertEqual(left, ["pipeline.json", "raw"], "nothing written: no output, staging directory or stray file", file: file, line: line)
        return dir
    }

    // MARK: Identifiers

    func testAnExhibitIdThatIsAPathIsRefusedAndNothingIsWrittenOutsideTheOutput() throws {
        let dir = try refused([(["exhibits", 0, "id"], "../../PWNED")], mentions: "$.exhibits[0].id: expected a name of letters A-Z, a-z, digits and _, found \"../../PWNED\"")
        for place in [dir, dir.deletingLastPathComponent()] {
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: place.path).filter { $0.hasPrefix("PWNED") }, [])
        }
    }

    func testAnExhibitIdHoldingMarkupIsRefused() throws {
        try refused([(["exhibits", 1, "id"], "figure_sex\" onload=\"alert(1)")], mentions: "$.exhibits[1].id: expected a name")
    }

    /// Each kind of name, through the loader (no binary needed): the error names its JSON path.
    func testEveryDeclaredNameIsAWord() throws {
        let join: [String: Any] = ["id": "hh_members", "from": "survey.households", "grain": "one row per household",
                                   "count": ["table": "survey.members", "on": ["hh_id": "hh_id"], "as": "members"]]
        let binned: [String: Any] = ["id": "sizes", "variable": "size", "bins": [["name": "small", "min": 1, "max": 3]]]
        let flagged: [String: Any] = ["id": "owners", "indicators": [["category": "owns", "variable": "tenure", "equals": "1"]]]
        let resolve: [String: Any] = ["table": "ref.regions", "key": "code", "names": ["name"], "as": "region_code"]
        let base: [([Any], Any?)] = [(["joins"], [join]), (["exhibits", 0, "series", 1], binned), (["exhibits", 0, "series", 2], flagged),
                                     (["sources", 1, "tables", 0, "columns", 6, "resolve"], resolve)]
        XCTAssertNoThrow(try load(base), "the names of the base edit are valid")
        let cases: [([Any], String)] = [
            (["sources", 1, "id"], "$.sources[1].id"),
            (["sources", 1, "tables", 0, "id"], "$.sources[1].tables[0].id"),
            (["sources", 1, "tables", 0, "columns", 5, "name"], "$.sources[1].tables[0].columns[5].name"),
            (["sources", 1, "tables", 0, "columns", 5, "codes", 1, "name"], "$.sources[1].tables[0].columns[5].codes[1].name"),
            (["sources", 1, "tables", 0, "columns", 6, "resolve", "as"], "$.sources[1].tables[0].columns[6].resolve.as"),
            (["joins", 0, "id"], "$.joins[0].id"),
            (["joins", 0, "count", "as"], "$.joins[0].count.as"),
            (["exhibits", 0, "id"], "$.exhibits[0].id"),
            (["exhibits", 0, "series", 0, "id"], "$.exhibits[0].series[0].id"),
            (["exhibits", 0, "series", 1, "bins", 0, "name"], "$.exhibits[0].series[1].bins[0].name"),
            (["exhibits", 0, "series", 2, "indicators", 0, "category"], "$.exhibits[0].series[2].indicators[0].category"),
        ]
        for (path, jsonPath) in cases {
            for bad in ["", "a b", "a-b", "a.b", "../x", "<b>", "é", "a\"b", "x\ny"] {
                XCTAssertThrowsError(try load(base + [(path, bad)]), "\(jsonPath) = \(bad)") { error in
                    XCTAssertTrue(located("\(error)").hasPrefix("pipeline.json: \(jsonPath): expected a name of letters"), "\(error)")
                    XCTAssertFalse("\(error)".contains("\n"), "one line: \(error)")
                }
            }
        }
    }

    // MARK: Numbers

    func testANegativeNumberOfDecimalsIsRefusedBeforeAnyStage() throws {
        try refused([(["exhibits", 0, "layout", "decimals"], -3)], mentions: "$.exhibits[0].layout.decimals: expected 0 to 10 decimals, found -3")
    }

    func testAHugeNumberOfDecimalsIsRefusedAtOnce() throws {
        try refused([(["exhibits", 1, "layout", "decimals"], 1_000_000_000_000_000)], mentions: "$.exhibits[1].layout.decimals: expected 0 to 10 decimals")
    }

    func testARangeWhoseMinimumIsAboveItsMaximumIsRefused() throws {
        try refused([(["sources", 1, "tables", 0, "columns", 4, "range"], [110, 0])],
                    mentions: "$.sources[1].tables[0].columns[4].range: the minimum 110 is above the maximum 0")
    }

    func testEveryOtherNumberIsChecked() throws {
        let cases: [([([Any], Any?)], String)] = [
            ([(["exhibits", 0, "series", 0], ["id": "s", "variable": "size", "bins": [["name": "b", "min": 5, "max": 1]]])],
             "$.exhibits[0].series[0].bins[0]: the minimum 5 is above the maximum 1"),
            ([(["exhibits", 0, "series", 0], ["id": "s", "variable": "size", "bins": [Any]()])], "$.exhibits[0].series[0].bins: expected at least one bin"),
            ([(["exhibits", 0, "where"], ["size": ["min": 3, "max": -3]])], "$.exhibits[0].where.size: the minimum 3 is above the maximum -3"),
            ([(["exhibits", 0, "series", 0, "where"], ["weight": ["min": 1e300, "max": 0]])], "$.exhibits[0].series[0].where.weight: the minimum"),
            ([(["exhibits", 0, "series", 0], ["id": "s", "indicators": [["category": "c", "variable": "size", "equals": ["min": 2, "max": 1]]]])],
             "$.exhibits[0].series[0].indicators[0].equals: the minimum 2 is above the maximum 1"),
            ([(["joins"], [["id": "j", "from": "survey.households", "grain": "g",
                            "count": ["table": "survey.members", "on": ["hh_id": "hh_id"], "as": "n", "where": ["line_no": ["min": 9, "max": 1]]]]])],
             "$.joins[0].count.where.line_no: the minimum 9 is above the maximum 1"),
            ([(["study", "contents"], [["number": "Table 1", "title": "T", "page": 0]])], "$.study.contents[0].page: expected a page number"),
            ([(["exhibits", 0, "layout", "decimals"], 11)], "$.exhibits[0].layout.decimals: expected 0 to 10 decimals, found 11"),
            ([(["exhibits", 0, "layout", "decimals"], 1.5)], "$.exhibits[0].layout.decimals: expected a whole number, found 1.5"),
        ]
        for (edits, expected) in cases {
            XCTAssertThrowsError(try load(edits), expected) { XCTAssertTrue(located("\($0)").hasPrefix("pipeline.json: \(expected)"), "\(expected) ← \($0)") }
        }
        for decimals in [0, 10] { XCTAssertNoThrow(try load([(["exhibits", 0, "layout", "decimals"], decimals)])) }
        XCTAssertNoThrow(try load([(["sources", 1, "tables", 0, "columns", 4, "range"], [5, 5])]), "a range of one value")
    }

    // MARK: Paths

    func testATableFileOutsideTheRawDirectoryIsRefusedUnread() throws {
        let dir = Studies.scratch()
        let outside = dir.deletingLastPathComponent().appendingPathComponent("outside.csv")
        try Data("SECRET-FIRST-LINE;x\r\n1;2\r\n".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        let study = try refused([(["sources", 1, "tables", 1, "file"], "../../outside.csv")],
                                mentions: "$.sources[1].tables[1].file: expected a relative path of a file inside the raw directory")
        let (r, _) = try Migstat.run(["check"], in: study, within: 60)
        XCTAssertFalse(r.stderr.contains("SECRET"), r.stderr)
    }

    func testEveryPathInTheConfigurationStaysInside() throws {
        let cases: [(([Any], Any?), String)] = [
            ((["sources", 1, "codebook", "file"], "/etc/passwd"), "$.sources[1].codebook.file: expected a relative path of a file inside the raw directory"),
            ((["sources", 0, "tables", 0, "file"], "ref/../../x.csv"), "$.sources[0].tables[0].file: expected a relative path"),
            ((["sources", 0, "tables", 0, "file"], ""), "$.sources[0].tables[0].file: expected a relative path"),
            ((["sources", 0, "tables", 0, "file"], "ref/regions.csv\u{0}.txt"), "$.sources[0].tables[0].file: expected a relative path"),
            ((["study", "published_values"], "../published.csv"), "$.study.published_values: expected a relative path of a file inside the configuration's directory"),
            ((["study", "published_values"], "/tmp/published.csv"), "$.study.published_values: expected a relative path"),
        ]
        for (edit, expected) in cases {
            XCTAssertThrowsError(try load([edit]), expected) { XCTAssertTrue(located("\($0)").hasPrefix("pipeline.json: \(expected)"), "\($0)") }
        }
    }

    /// A symbolic link in raw/ to a file elsewhere is refused by name; its bytes appear nowhere.
    func testASurveyFileLinkedOutsideTheRawDirectoryIsRefusedUnread() throws {
        let dir = try Studies.copy("clean")
        let secret = dir.appendingPathComponent("secret.csv")
        try Data("hh_id;SECRET-FIRST-LINE\r\n1;2\r\n".utf8).write(to: secret)
        let members = dir.appendingPathComponent("raw/survey/members.csv")
        try FileManager.default.removeItem(at: members)
        try FileManager.default.createSymbolicLink(atPath: members.path, withDestinationPath: secret.path)
        for command in [["check", "--no-verify"], ["run", "--no-verify"]] {
            let r = try Migstat.run(command, in: dir)
            assertCleanFailure(r, status: 1, mentions: "raw/survey/members.csv: resolves outside the raw directory")
            XCTAssertFalse(r.stderr.contains("SECRET"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output").path))
    }

    /// Links that stay inside are read as before: a raw directory that is itself a link, a file linked within it.
    func testLinksThatStayInsideTheRawDirectoryAreRead() throws {
        let dir = try Studies.copy("clean")
        let members = dir.appendingPathComponent("raw/survey/members.csv")
        try FileManager.default.moveItem(at: members, to: dir.appendingPathComponent("raw/survey/members-2008.csv"))
        try FileManager.default.createSymbolicLink(atPath: members.path, withDestinationPath: "members-2008.csv")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("extracts").path, withDestinationPath: "raw")
        let r = try Migstat.run(["run", "--no-verify", "--raw", "extracts"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// The registry's deliveries are found by a pattern: a linked one is refused by name, with no byte of it printed.
    func testADeliveryLinkedOutsideTheRawDirectoryIsRefusedUnread() throws {
        let dir = Studies.scratch()
        for item in ["pipeline.json", "raw", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        let secret = dir.appendingPathComponent("secret.txt")
        try Data("SECRET-FIRST-LINE,x\n".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("raw/registry/registry_20990101.csv").path,
                                                   withDestinationPath: secret.path)
        let r = try Migstat.run(["check"], in: dir)
        assertCleanFailure(r, status: 1, mentions: "raw/registry/registry_20990101.csv: resolves outside the raw directory")
        XCTAssertFalse(r.stderr.contains("SECRET"), r.stderr)
    }

    /// Figure specs and the published values are read from the study folder only.
    func testSpecsAndPublishedValuesAreReadFromTheStudyFolderOnly() throws {
        let dir = Studies.scratch()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("study/figures"), withIntermediateDirectories: true)
        let spec = #"{"nodes": [{"id": "a", "label": "A"}], "basis": "p. 1"}"#
        try Data(spec.utf8).write(to: dir.appendingPathComponent("study/figures/f.json"))
        try Data(spec.utf8).write(to: dir.appendingPathComponent("elsewhere.json"))
        try Data("exhibit,series,category,measure,published,kind,quote\n".utf8).write(to: dir.appendingPathComponent("elsewhere.csv"))
        func config(spec: String, published: String = "study/published.csv") throws -> URL {
            let json = """
            {"version": 1, "study": {"title": "T", "published_values": "\(published)"}, "sources": [],
             "exhibits": [{"id": "f", "number": "Figure 1", "kind": "diagram", "title": "T", "source_note": "S.", "spec": "\(spec)"}]}
            """
            let url = dir.appendingPathComponent("pipeline.json")
            try Data(json.utf8).write(to: url)
            return url
        }
        XCTAssertNoThrow(try ConfigLoader.load(path: try config(spec: "study/figures/f.json").path))
        let outside: [(String, String, String)] = [
            ("../elsewhere.json", "study/published.csv", "$.exhibits[0].spec: expected a relative path of a file inside the study folder study/"),
            ("elsewhere.json", "study/published.csv", "$.exhibits[0].spec: expected a file inside the study folder study/"),
        ]
        for (specPath, published, expected) in outside {
            XCTAssertThrowsError(try ConfigLoader.load(path: try config(spec: specPath, published: published).path)) {
                XCTAssertTrue("\($0)".contains(expected), "\($0)")
            }
        }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("study/figures/linked.json").path,
                                                   withDestinationPath: dir.appendingPathComponent("elsewhere.json").path)
        XCTAssertThrowsError(try ConfigLoader.load(path: try config(spec: "study/figures/linked.json").path)) {
            XCTAssertTrue("\($0)".contains("$.exhibits[0].spec: \"study/figures/linked.json\" resolves outside the study folder"), "\($0)")
        }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("study/published.csv").path,
                                                   withDestinationPath: dir.appendingPathComponent("elsewhere.csv").path)
        XCTAssertThrowsError(try ConfigLoader.load(path: try config(spec: "study/figures/f.json").path)) {
            XCTAssertTrue("\($0)".contains("$.study.published_values: \"study/published.csv\" resolves outside the study folder"), "\($0)")
        }
    }

    // MARK: -

    /// The clean fixture's pipeline.json with edits, loaded and validated in process.
    private func load(_ edits: [([Any], Any?)]) throws -> PipelineConfig {
        var json = try ConfigJSON.read(Studies.fixtures.appendingPathComponent("clean/pipeline.json"))
        for (path, value) in edits { json = ConfigJSON.set(json, path, to: value) }
        return try ConfigLoader.decode(try JSONSerialization.data(withJSONObject: json))
    }
}
