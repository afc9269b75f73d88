import Ingest
import MigstatCore
import XCTest

/// A quote that does not close on its line swallows the lines after it: that line is the defect, and every
/// line it took is read again on its own, loaded or quarantined under its own line number. Line breaks inside
/// properly quoted fields stay as they are.
final class UnbalancedQuoteTests: XCTestCase {
    /// The quote opened on line 2 closes at line 5's quote, where text follows it.
    let untilAQuotingError = "hh_id,region,notes\n1,DUS,\"stray\n2,SUG,\n3,KHT,plain\n4,RRP,\"quoted\"\n5,DUS,\n"
    /// It closes at line 4's stray quote, with one field too many.
    let untilTheWrongFieldCount = "id,region,notes\n1,DUS,\"stray\n2,SUG,x\n3,KHT,y\",extra\n4,RRP,z\n"
    /// It closes at the end of line 4 with the header's field count, holding two whole records.
    let withTheRightFieldCount = "id,region,notes\n1,DUS,\"stray\n2,SUG,x\n3,KHT,y\"\n4,RRP,z\n"

    func testLinesSwallowedUntilAQuotingErrorAreReadAgainUnderTheirOwnLines() throws {
        let records = try readRecords(untilAQuotingError, lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5, 6])
        guard records.count == 6 else { return }
        XCTAssertEqual(records[1].defect?.column, "notes")
        XCTAssertEqual(records[1].defect?.value, "1,DUS,\"stray")
        XCTAssertEqual(records[1].defect?.reason, "unbalanced quote: a quoted field opened on this line runs on to line 5, where it meets text after a closing quote: expected the delimiter or a line end after it; a quote inside a quoted field must be doubled (RFC 4180)")
        XCTAssertEqual(records.dropFirst(2).map(\.fields), [["2", "SUG", nil], ["3", "KHT", "plain"], ["4", "RRP", "quoted"], ["5", "DUS", nil]])
        XCTAssertEqual(records.filter { $0.defect != nil }.count, 1)
    }

    func testAQuoteClosingWithTheWrongFieldCountLosesNoLine() throws {
        let records = try readRecords(untilTheWrongFieldCount, lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
        guard records.count == 5 else { return }
        XCTAssertEqual(records[1].defect?.reason, "unbalanced quote: a quoted field opened on this line runs on to line 4, where the record has 4 fields and the header 3")
        XCTAssertEqual(records[1].defect?.column, "notes")
        XCTAssertEqual(records[2].fields, ["2", "SUG", "x"])
        XCTAssertNil(records[2].defect)
        XCTAssertEqual(records[3].defect?.value, "3,KHT,y\",extra", "line 4's own stray quote")
        XCTAssertEqual(records[4].fields, ["4", "RRP", "z"])
    }

    func testAQuoteClosingWithTheRightFieldCountIsCaughtByTheWholeRecordsItHolds() throws {
        let records = try readRecords(withTheRightFieldCount, lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
        guard records.count == 5 else { return }
        XCTAssertEqual(records[1].defect?.reason, "unbalanced quote: a quoted field opened on this line runs on to line 4, where it holds whole records")
        XCTAssertEqual(records[2].fields, ["2", "SUG", "x"])
        XCTAssertNotNil(records[3].defect)
        XCTAssertEqual(records[4].fields, ["4", "RRP", "z"])
    }

    func testLineBreaksInsideProperlyQuotedFieldsAreKept() throws {
        let notes = "Respondent asked to come back later.\nSecond visit: neighbour answered, \"the family left for Russia\""
        let employer = "ЗАО \"Вектор\", 3\r\nбригада 2"
        let quoted = { (s: String) in "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let text = "hh_id,region,notes\n65,RRP,\(quoted(notes))\n66,DUS,\(quoted(employer))\n67,SUG,\n"
        for size in [nil, 1, 3, 16] {
            let records = try readRecords(text, lenient: true, chunkSize: size)
            XCTAssertEqual(records.map(\.line), [1, 2, 4, 6])
            guard records.count == 4 else { return }
            XCTAssertEqual(records.map(\.defect), [nil, nil, nil, nil])
            XCTAssertEqual(records[1].fields[2], notes)
            XCTAssertEqual(records[2].fields[2], employer)
        }
        // With two columns a swallowed line cannot be told from text holding a comma: only the count decides.
        XCTAssertEqual(try readRecords("id,text\n1,\"a\nb, c\"\n", lenient: true)[1].fields, ["1", "a\nb, c"])
    }

    func testAStrictReadStopsAtTheLineWithTheUnbalancedQuote() {
        XCTAssertEqual(readError(untilAQuotingError), "input.csv:2: column notes: \"1,DUS,\"stray\" unbalanced quote: a quoted field opened on this line runs on to line 5, where it meets text after a closing quote: expected the delimiter or a line end after it; a quote inside a quoted field must be doubled (RFC 4180) (source test)")
        XCTAssertEqual(readError(withTheRightFieldCount), "input.csv:2: column notes: \"1,DUS,\"stray\" unbalanced quote: a quoted field opened on this line runs on to line 4, where it holds whole records (source test)")
    }

    func testEveryChunkSizeReadsTheSameRecordsAndBlankLines() throws {
        let text = untilAQuotingError + "\n" + withTheRightFieldCount.dropFirst("id,region,notes\n".count) + "\n\n6,SUG,\"a\nb\"\n"
        let whole = try readAll(text)
        XCTAssertEqual(whole.records.map(\.line), [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 14])
        XCTAssertEqual(whole.stats.blankLines, 3)
        XCTAssertEqual(whole.stats.records, 11)
        for size in [1, 2, 3, 5, 8, 13, 64] {
            let chunked = try readAll(text, chunkSize: size)
            XCTAssertEqual(chunked.records, whole.records, "chunk size \(size)")
            XCTAssertEqual(chunked.stats, whole.stats, "chunk size \(size)")
        }
    }

    func testTheByteReaderLeavesASwallowingRecordToTheFullReader() throws {
        for text in [untilTheWrongFieldCount, withTheRightFieldCount] {
            let reader = CSVReader(path: TestFiles.write(text), options: CSVOptions(), lenient: true)
            XCTAssertThrowsError(try reader.forEachRawRecord { _ in }) { XCTAssertEqual(($0 as? RawReadNeedsFullReader)?.line, 2) }
        }
        let legit = CSVReader(path: TestFiles.write("id,region,notes\n1,DUS,\"a, b\nc\"\n2,SUG,x\n"), options: CSVOptions(), lenient: true)
        var lines: [Int] = []
        try legit.forEachRawRecord { lines.append($0.line) }
        XCTAssertEqual(lines, [1, 2, 4])
    }

    private func readAll(_ text: String, chunkSize: Int? = nil) throws -> (records: [CSVRecord], stats: CSVStats) {
        let reader = CSVReader(path: TestFiles.write(text), displayPath: "input.csv", source: "test", options: CSVOptions(), lenient: true)
        if let chunkSize { reader.chunkSize = chunkSize }
        var records: [CSVRecord] = []
        let stats = try reader.forEachRecord { records.append($0) }
        return (records, stats)
    }
}
