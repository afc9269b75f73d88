import Foundation
import XCTest

/// `migstat parse` shows a delivery as the pipeline reads it: records as JSON Lines, errors naming file, line,
/// column and what was expected, and with --lenient the rejected records as JSON objects on stderr.
final class ParseCommandTests: XCTestCase {
    private func parse(_ bytes: [UInt8], _ options: [String] = [], name: String = #function) throws -> Migstat.Result {
        let dir = Studies.scratch(name)
        try Data(bytes).write(to: dir.appendingPathComponent("in.csv"))
        return try Migstat.run(["parse", "in.csv"] + options, in: dir)
    }

    func testRecordsAsJSONLines() throws {
        let text = "\u{FEFF}id,text,empty\r\n1,\"a, \"\"b\"\"\r\nc\",\r\n2,Душанбе\t\\,\"\"\r\n"
        let r = try parse(Array(text.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[\"id\",\"text\",\"empty\"]\n[\"1\",\"a, \\\"b\\\"\\r\\nc\",\"\"]\n[\"2\",\"Душанбе\\t\\\\\",\"\"]\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testWindows1251AndOtherDelimiters() throws {
        let bytes: [UInt8] = Array("a;b\r\n1;".utf8) + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2] + [0x0D, 0x0A]
        for encoding in ["windows-1251", "cp1251", "CP1251"] {
            let r = try parse(bytes, ["--encoding", encoding, "--delimiter", ";"])
            XCTAssertEqual(r.stdout, "[\"a\",\"b\"]\n[\"1\",\"Привет\"]\n", encoding)
        }
        XCTAssertEqual(try parse(Array("a\tb\n1\t2\n".utf8), ["--delimiter", "tab"]).stdout, "[\"a\",\"b\"]\n[\"1\",\"2\"]\n")
        // Read as UTF-8, the same bytes are an error that names the column and the declared encoding.
        let wrong = try parse(bytes, ["--delimiter", ";"])
        assertCleanFailure(wrong, status: 1, mentions: "in.csv:2: column b: \"\\xCF\\xF0\\xE8\\xE2\\xE5\\xF2\" bytes are not valid UTF-8 (the source declares utf-8); they read as windows-1251 \"Привет\": the file looks like windows-1251")
    }

    func testAStrictParseStopsAtTheFirstBadRecord() throws {
        let r = try parse(Array("a,b\n1,2\n3,x\"y\n5,6\n".utf8))
        XCTAssertEqual(r.stdout, "[\"a\",\"b\"]\n[\"1\",\"2\"]\n")
        assertCleanFailure(r, status: 1, mentions: "in.csv:3: column b: \"3,x\"y\" a quote inside an unquoted field: expected the whole field in quotes")
    }

    func testALenientParseReportsEachRejectedRecordAsJSON() throws {
        let r = try parse(Array("a,b\n1,2\n3,x\"y\n4\n5,\"multi\nline\"z\n6,7\n8,\"open\n9,10\n".utf8), ["--lenient"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[\"a\",\"b\"]\n[\"1\",\"2\"]\n[\"6\",\"7\"]\n[\"9\",\"10\"]\n")
        let rejected = try r.stderr.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        // Line 5's quote runs on to line 6: each of the two lines is rejected on its own.
        XCTAssertEqual(rejected.map { $0["line"] as? Int }, [3, 4, 5, 6, 8])
        guard rejected.count == 5 else { return }
        XCTAssertEqual(rejected.map { $0["file"] as? String }, ["in.csv", "in.csv", "in.csv", "in.csv", "in.csv"])
        XCTAssertEqual(rejected.map { $0["column"] as? String }, ["b", nil, "b", "a", "b"])
        XCTAssertEqual(rejected[1]["reason"] as? String, "expected 2 fields as in the header, found 1")
        XCTAssertEqual(rejected[2]["value"] as? String, "5,\"multi")
        XCTAssertEqual(rejected[3]["value"] as? String, "line\"z")
        XCTAssertEqual(rejected[4]["reason"] as? String, "unterminated quoted field: the closing quote is missing before the end of the file")
    }

    /// parse --lenient and the pipeline agree on the dirty study: every record is printed or rejected, and the
    /// rejected ones are exactly the records the pipeline quarantines for their structure or bytes.
    func testLenientParseAgreesWithThePipeline() throws {
        let households = Studies.fixtures.appendingPathComponent("dirty/raw/survey/households.csv")
        let r = try Migstat.run(["parse", households.path, "--encoding", "cp1251", "--delimiter", ";", "--lenient"], in: Studies.scratch())
        XCTAssertEqual(r.status, 0)
        let rejected = try r.stderr.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(rejected.compactMap { $0["line"] as? Int }, [59, 60, 61, 62, 64, 65, 66, 69])
        XCTAssertEqual(r.stdout.split(separator: "\n").count + rejected.count, 1 + 57, "the header and every record read")
    }

    func testFilesThatCannotBeRead() throws {
        let dir = Studies.scratch()
        assertCleanFailure(try Migstat.run(["parse", "missing.csv"], in: dir), status: 1, mentions: "missing.csv: no such file")
        assertCleanFailure(try Migstat.run(["parse", "."], in: dir), status: 1, mentions: ".: is a directory, expected a file")
        assertCleanFailure(try parse([]), status: 1, mentions: "in.csv:1: empty file: expected a header line")
        assertCleanFailure(try parse(Array("a,\"b\n1,2\n".utf8), ["--lenient"]), status: 1, mentions: "in.csv:1: column #2: \"a,\"b\" header: unterminated quoted field")
        XCTAssertEqual(try parse(Array("a,b\n".utf8)).stdout, "[\"a\",\"b\"]\n")
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try parse(Array("a\n".utf8), ["--encoding", "latin1"]).status, 64)
        XCTAssertEqual(try parse(Array("a\n".utf8), ["--delimiter", "\""]).status, 64)
        XCTAssertEqual(try parse(Array("a\n".utf8), ["--delimiter", ";;"]).status, 64)
        XCTAssertTrue(try parse(Array("a\n".utf8), ["--encoding", "latin1"]).stderr.contains("expected utf-8, windows-1251 or cp1251"))
    }
}
