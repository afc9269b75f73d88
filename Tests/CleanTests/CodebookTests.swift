import Clean
import Foundation
import Ingest
import MigstatCore
import XCTest

/// A codebook file is an input like any other: its rows are read, loaded or quarantined, and accounted.
final class CodebookTests: XCTestCase {
    private func source(_ mode: SourceMode) throws -> SourceConfig {
        var s = try surveySource(mode: mode, delimiter: ";")
        s.codebook = try JSONDecoder().decode(CodebookConfig.self, from: Data("""
            {"file": "survey/codebook.csv", "variable": "variable", "code": "code", "labels": {"en": "label_en", "ru": "label_ru"}}
            """.utf8))
        return s
    }

    private func load(_ text: String, _ mode: SourceMode) throws -> CodebookFile {
        let s = try source(mode)
        return try Codebook.load(path: CleanFiles.write(Array(text.utf8)), displayPath: "raw/survey/codebook.csv", source: s, config: s.codebook!)
    }

    func testRowsAreAccountedAndLabelsRead() throws {
        let file = try load("variable;code;label_ru;label_en\nregion;A;Юг;South\nregion;B;Север;North\n", .strict)
        XCTAssertEqual([file.read, file.loaded, file.quarantined.count], [2, 2, 0])
        XCTAssertEqual(file.codebook.label("region", "B"), "North")
        XCTAssertEqual(file.codebook.label("region", "A", language: "ru"), "Юг")
        XCTAssertEqual(file.stats.bytes, "variable;code;label_ru;label_en\nregion;A;Юг;South\nregion;B;Север;North\n".utf8.count)
    }

    func testBadRowsAreQuarantinedInALenientSource() throws {
        let text = "variable;code;label_ru;label_en\nregion;A;Юг;South\nregion;A;Юг;Again\nregion;B\n;C;x;y\nregion;\"B;x;y\nregion;B;Север;North\n"
        let file = try load(text, .lenient)
        XCTAssertEqual(file.quarantined.map { [String($0.line), $0.column, $0.reason] }, [
            ["3", "code", "duplicate codebook entry, first on line 2"],
            ["4", "", "expected 4 fields as in the header, found 2"],
            ["5", "variable", "missing value"],
            ["6", "code", "unterminated quoted field: the closing quote is missing before the end of the file"],
        ])
        XCTAssertEqual([file.read, file.loaded], [6, 2])
        XCTAssertEqual(file.codebook.label("region", "A"), "South", "the first entry stands")
        XCTAssertEqual(file.codebook.label("region", "B"), "North")
    }

    func testBadRowsFailAStrictSource() {
        XCTAssertThrowsError(try load("variable;code;label_ru;label_en\nregion;A;Юг;South\nregion;A;x;y\n", .strict)) {
            XCTAssertEqual("\($0)", "raw/survey/codebook.csv:3: column code: \"region=A\" duplicate codebook entry, first on line 2 (source survey)")
        }
        XCTAssertThrowsError(try load("variable;code;label_ru\n", .lenient)) {
            XCTAssertEqual("\($0)", "raw/survey/codebook.csv:1: codebook header lacks the column \"label_en\" (source survey)")
        }
    }
}

/// The contract's codebook rule: a row with an empty `code` labels the question; both languages are kept.
final class CodebookQuestionLabelTests: XCTestCase {
    private func load(_ text: String) throws -> CodebookFile {
        var s = try surveySource(mode: .lenient, delimiter: ";")
        s.codebook = try JSONDecoder().decode(CodebookConfig.self, from: Data("""
            {"file": "survey/codebook.csv", "variable": "variable", "code": "code", "labels": {"en": "label_en", "ru": "label_ru"}}
            """.utf8))
        return try Codebook.load(path: CleanFiles.write(Array(text.utf8)), displayPath: "raw/survey/codebook.csv", source: s, config: s.codebook!)
    }

    func testAQuestionRowWithAnEmptyCodeLabelsTheVariableAndIsNotQuarantined() throws {
        let file = try load("variable;code;label_ru;label_en\nregion;;Регион;Region\nregion;A;Юг;South\nregion;9;нет ответа;no answer\n")
        XCTAssertEqual(file.quarantined.map(\.reason), [], "a question row is a label, not a missing value")
        XCTAssertEqual([file.read, file.loaded], [3, 3])
        XCTAssertEqual(file.codebook.questions["region"], ["en": "Region", "ru": "Регион"])
        XCTAssertNil(file.codebook.label("region", ""), "the question row is no code")

        let column = ColumnConfig(name: "region", type: .code, codes: [CodeConfig(code: "A", name: "south")], noAnswer: ["9"])
        let resolved = try file.codebook.resolve(column, table: "survey.t", codebookFile: "codebook.csv")
        XCTAssertEqual(resolved.labels, ["en": "Region", "ru": "Регион"])
        XCTAssertEqual(resolved.codeLabels["9"], ["en": "no answer", "ru": "нет ответа"])
        XCTAssertEqual(resolved.codes.map(\.label), ["South"])
    }

    func testASecondQuestionRowOfAVariableIsADuplicate() throws {
        let file = try load("variable;code;label_ru;label_en\nregion;;Регион;Region\nregion;;Регион;Again\n")
        XCTAssertEqual(file.quarantined.map(\.reason), ["duplicate question label of region, first on line 2"])
        XCTAssertEqual(file.codebook.questions["region"]?["en"], "Region")
    }
}
