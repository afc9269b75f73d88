import Foundation
import Ingest
import MigstatCore

/// Writes test inputs to files under one temporary directory per test process.
enum TestFiles {
    static let directory: String = {
        let dir = NSTemporaryDirectory() + "migstat-ingest-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()
    nonisolated(unsafe) private static var counter = 0

    static func write(_ bytes: [UInt8], name: String? = nil) -> String {
        counter += 1
        let path = directory + "/" + (name ?? "input-\(counter).csv")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func write(_ text: String, name: String? = nil) -> String { write(Array(text.utf8), name: name) }
}

/// Reads bytes the way the pipeline does, with the given format.
func readRecords(_ bytes: [UInt8], delimiter: Character = ",", encoding: TextEncoding = .utf8, lenient: Bool = false,
                 chunkSize: Int? = nil, maxFieldBytes: Int = CSVOptions.defaultMaxFieldBytes,
                 maxRecordFields: Int = FormatConfig.defaultMaxFields) throws -> [CSVRecord] {
    var options = CSVOptions(delimiter: delimiter.asciiValue!, encoding: encoding, maxFieldBytes: maxFieldBytes)
    options.maxRecordFields = maxRecordFields
    let reader = CSVReader(path: TestFiles.write(bytes), displayPath: "input.csv", source: "test", options: options, lenient: lenient)
    if let chunkSize { reader.chunkSize = chunkSize }
    return try reader.readAll()
}

func readRecords(_ text: String, delimiter: Character = ",", lenient: Bool = false, chunkSize: Int? = nil) throws -> [CSVRecord] {
    try readRecords(Array(text.utf8), delimiter: delimiter, lenient: lenient, chunkSize: chunkSize)
}

/// The error a strict read stops at, as the user sees it.
func readError(_ text: String) -> String? {
    readError(Array(text.utf8))
}

func readError(_ bytes: [UInt8], encoding: TextEncoding = .utf8, delimiter: Character = ",", lenient: Bool = false) -> String? {
    do {
        _ = try readRecords(bytes, delimiter: delimiter, encoding: encoding, lenient: lenient)
        return nil
    } catch {
        return String(describing: error)
    }
}
