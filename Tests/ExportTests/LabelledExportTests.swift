import Foundation
import MigstatCore
import Pipeline
import Store
import XCTest

/// The labelled exports read back by a real reader (pyreadstat) and compared with the store: labels, value
/// labels, "no answer" codes as missing values, and every value.
final class LabelledExportTests: XCTestCase {
    private struct FileSeen: Decodable {
        var columns: [String]
        var labels: [String?]
        var types: [String]
        var value_labels: [String: [[LabelKey]]]
        var missing: [String: [Double]]
        var notes: [String]
        var measures: [String]
        var formats: [String]
        var rows: [[Cell?]]
    }
    private typealias LabelKey = ReadValue
    private typealias Cell = ReadValue

    func testEveryExportReadsBackLabelledAndEqualToTheStore() throws {
        let python = try PythonReaders.bin("python", needs: "pyreadstat")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-export-\(UUID().uuidString)/output")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let root = PythonReaders.root
        try Runner(options: RunOptions(configPath: root.appendingPathComponent("pipeline.json").path,
                                       rawDirectory: root.appendingPathComponent("raw").path, outputDirectory: out.path)).run()
        let script = root.appendingPathComponent("Tests/ExportTests/Scripts/read_labelled.py").path
        let seen = try JSONDecoder().decode([String: FileSeen].self,
                                            from: PythonReaders.run(python, [script, out.appendingPathComponent("export").path]))
        let db = try Database(path: out.appendingPathComponent("migration.sqlite").path)
        let expectedTables = ["adb_2007_migrants", "akf_2008_respondents", "cmr_2009_reasons", "cmr_2009_respondents", "ilo_2009_hh_households",
                              "ilo_2009_hh_members", "ilo_2010a_assistance", "ilo_2010a_migrants", "iom_2006_workers", "sharq_2007_households"]
        XCTAssertEqual(Set(seen.keys), Set(expectedTables.flatMap { ["\($0).dta", "\($0).sav"] }))

        for (name, file) in seen.sorted(by: { $0.key < $1.key }) {
            let table = String(name.dropLast(4)), stata = name.hasSuffix(".dta")
            let columns = try db.prepare("SELECT name FROM pragma_table_info('stg_\(table)') ORDER BY cid").rows().map { $0[0].key }
            let tableName = try db.prepare("SELECT DISTINCT table_name FROM codebook WHERE replace(table_name, '.', '_') = ?").rows([.text(table)]).first?[0].key ?? ""
            let codebook = try db.prepare("SELECT variable, code, label_en, no_answer, category FROM codebook WHERE table_name = ? ORDER BY rowid").rows([.text(tableName)])
            let questions = Dictionary(uniqueKeysWithValues: codebook.filter { $0[1].isNull }.map { ($0[0].key, $0[2].key) })
            let codes = Dictionary(grouping: codebook.filter { !$0[1].isNull }, by: { $0[0].key })
            // A text code (region KHT): SPSS labels the strings; Stata holds its codebook position, labelled, and
            // the code as delivered in <name>_code right after it.
            let textCodes = Set(codes.filter { $0.value.contains { Double($0[1].key) == nil } }.keys)
            let expectedColumns = columns.flatMap { stata && textCodes.contains($0) ? [$0, $0 + "_code"] : [$0] }
            XCTAssertEqual(file.columns, expectedColumns, name)
            var noAnswer: [String: [Double]] = [:]
            var labels: [String: Set<LabelKey>] = [:]
            var position: [String: [String: Double]] = [:]
            for (variable, rows) in codes {
                let text = textCodes.contains(variable)
                var missingIndex = 0
                for (i, row) in rows.enumerated() {
                    let isNoAnswer = row[3] == .integer(1)
                    let number = text ? Double(i + 1) : Double(row[1].key)!
                    position[variable, default: [:]][row[1].key] = number
                    if isNoAnswer { noAnswer[variable, default: []].append(number) }
                    // A code without a codebook label is labelled by its category name ("no answer" for a no-answer code).
                    let label = LabelKey.text(row[2].isNull ? (isNoAnswer ? "no answer" : row[4].key) : row[2].key)
                    let key: LabelKey = isNoAnswer && stata ? .text(String(UnicodeScalar(UInt8(97 + missingIndex)))) : text && !stata ? .text(row[1].key) : .number(number)
                    if isNoAnswer { missingIndex += 1 }
                    labels[variable, default: []].formUnion([key, label])
                }
                // SPSS: a number labelled only by its "no answer" codes (age, 99) has no value labels, or R's
                // foreign::read.spss makes it a factor; the code is user-missing and a note says what it means.
                if !stata && !text && rows.allSatisfy({ $0[3] == .integer(1) }) {
                    labels[variable] = nil
                    for row in rows { XCTAssertTrue(file.notes.contains("\(variable): \(row[1].key) = \(row[2].isNull ? "no answer" : row[2].key) (user-missing)"), "\(name) \(variable)") }
                }
            }
            for (i, column) in file.columns.enumerated().dropFirst(2) {
                let companion = stata && column.hasSuffix("_code") && textCodes.contains(String(column.dropLast(5)))
                if !companion { XCTAssertEqual(file.labels[i], questions[column] ?? column, "\(name) \(column): variable label") }
                let read = Set((file.value_labels[column] ?? []).flatMap { $0 })
                XCTAssertEqual(read, companion ? [] : labels[column] ?? [], "\(name) \(column): value labels")
                if !stata && !textCodes.contains(column) { XCTAssertEqual(file.missing[column] ?? [], noAnswer[column] ?? [], "\(name) \(column): user-missing values") }
            }
            let stored = try db.prepare("SELECT * FROM stg_\(table) ORDER BY rowid").rows()
            XCTAssertEqual(file.rows.count, stored.count, name)
            for (r, (readRow, storeRow)) in zip(file.rows, stored).enumerated() {
                for (i, column) in file.columns.enumerated() {
                    let companion = stata && column.hasSuffix("_code") && textCodes.contains(String(column.dropLast(5)))
                    let value = storeRow[columns.firstIndex(of: companion ? String(column.dropLast(5)) : column)!]
                    let expected: Cell?
                    if file.types[i] == "string" || file.formats[i] == "%td" || file.formats[i] == "DATE11" {
                        // SPSS pads strings with blanks, so its readers drop trailing ones: a format's limit.
                        var text = value.isNull ? "" : value.key
                        if !stata { while text.hasSuffix(" ") { text.removeLast() } }
                        expected = value.isNull && file.types[i] != "string" ? nil : .text(text)
                    } else if stata && textCodes.contains(column) {
                        expected = value.isNull ? nil : .number(position[column]![value.key]!)
                    } else if let x = value.number {
                        let m = noAnswer[column]?.firstIndex(of: x)
                        expected = stata && m != nil ? .text(String(UnicodeScalar(UInt8(97 + m!)))) : .number(x)
                    } else {
                        expected = nil
                    }
                    if readRow[i] != expected { XCTFail("\(name) row \(r + 1) \(column): read \(String(describing: readRow[i])), store \(value)"); return }
                }
            }
        }
        // The store keeps both languages and each row's raw file and line (joined tables too), for SQL users.
        XCTAssertEqual(try db.prepare("SELECT label_en, label_ru FROM codebook WHERE table_name = 'akf_2008.respondents' AND variable = 'Q10_1' AND code IS NULL").rows(),
                       [[.text("command of Russian: for work"), .text("владение русским языком: для работы")]])
        XCTAssertEqual(try db.prepare("SELECT label_en, label_ru FROM codebook WHERE table_name = 'akf_2008.respondents' AND variable = 'Q15' AND code = '8'").rows(),
                       [[.text("don't know"), .text("затрудняюсь ответить")]])
        XCTAssertEqual(try db.prepare("SELECT source_file, source_line FROM stg_akf_2008_respondents WHERE ID = 1001").rows(), [[.text("akf_2008/respondents.csv"), .integer(2)]])
        XCTAssertEqual(try db.prepare("SELECT source_file, source_line FROM int_akf_respondents_region WHERE ID = 1001").rows(), [[.text("akf_2008/respondents.csv"), .integer(2)]])
        // The akf file: numeric codes with labels, "no answer" as missing, the Russian labels as notes.
        let akf = try XCTUnwrap(seen["akf_2008_respondents.dta"])
        XCTAssertEqual(akf.types[akf.columns.firstIndex(of: "Q10_1")!], "double", "a whole-number code stays a number")
        XCTAssertEqual(akf.labels[akf.columns.firstIndex(of: "Q10_1")!], "command of Russian: for work")
        XCTAssertTrue(akf.notes.contains("Q10_1: владение русским языком: для работы"), "\(akf.notes.prefix(3))")
        XCTAssertEqual(Set(akf.value_labels["Q10_2"]!.map { $0[0] }), [.number(1), .number(2), .number(3), .text("a")])
        XCTAssertEqual(seen["akf_2008_respondents.sav"]?.missing["Q10_2"], [9])
        XCTAssertEqual(akf.rows.filter { $0[akf.columns.firstIndex(of: "Q10_2")!] == .text("a") }.count, 5, "the five no-answers of Q10_2")
        XCTAssertEqual(seen["cmr_2009_reasons.sav"]?.types.last, "string", "a text code keeps its type in SPSS")
        XCTAssertEqual(seen["cmr_2009_reasons.dta"]?.columns.suffix(2), ["reason", "reason_code"])
        XCTAssertEqual(seen["cmr_2009_reasons.dta"]?.types.suffix(2), ["double", "string"], "Stata: the code's number, then the code")
        // Dates are dates: Stata %td, SPSS DATE11 (compared with the store's ISO dates above).
        for (format, expected) in [("dta", "%td"), ("sav", "DATE11")] {
            let f = try XCTUnwrap(seen["akf_2008_respondents.\(format)"])
            XCTAssertEqual(f.formats[f.columns.firstIndex(of: "DATE")!], expected)
        }
        // SPSS levels of measurement: declared (Q10_1 ordinal in pipeline.json), else codes, text and ids nominal,
        // numbers and dates scale.
        let sav = try XCTUnwrap(seen["akf_2008_respondents.sav"])
        let measures = Dictionary(uniqueKeysWithValues: zip(sav.columns, sav.measures))
        XCTAssertEqual(measures, ["source_file": "nominal", "source_line": "scale", "ID": "nominal", "DATE": "scale", "Q1": "nominal", "Q2": "scale",
                                  "Q3": "nominal", "Q10_1": "ordinal", "Q10_2": "ordinal", "Q10_3": "ordinal", "Q15": "nominal", "Q16": "nominal",
                                  "Q17": "nominal", "Q18": "nominal", "WEIGHT": "scale"])
        let households = try XCTUnwrap(seen["ilo_2009_hh_households.sav"])
        XCTAssertEqual(households.measures[households.columns.firstIndex(of: "psu")!], "nominal", "a PSU is an identifier")
        XCTAssertEqual(households.measures[households.columns.firstIndex(of: "region_code")!], "nominal")
    }

    func testTheExportsAreByteIdenticalFromRunToRun() throws {
        let root = PythonReaders.root
        var runs: [[String: Data]] = []
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        for i in 0..<2 {
            let out = base.appendingPathComponent("out\(i)")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try Runner(options: RunOptions(configPath: root.appendingPathComponent("pipeline.json").path,
                                           rawDirectory: root.appendingPathComponent("raw").path, outputDirectory: out.path)).run()
            let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("export").path)
            runs.append(Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: out.appendingPathComponent("export/\($0)").path)!) }))
        }
        XCTAssertEqual(runs[0].count, 40)
        XCTAssertEqual(runs[0], runs[1])
        let committed = root.appendingPathComponent("output/export")
        for (name, data) in runs[0] { XCTAssertEqual(FileManager.default.contents(atPath: committed.appendingPathComponent(name).path), data, name) }
    }
}
