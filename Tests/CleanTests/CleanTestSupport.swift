import Clean
import Foundation
import Ingest
import MigstatCore

/// A small survey source declared as pipeline.json would: households, and their members in a child file.
func surveySource(mode: SourceMode, decimal: String = ".", date: String = "yyyy-mm-dd", delimiter: String = ",") throws -> SourceConfig {
    let json = """
    {"id": "survey", "title": "Test survey", "mode": "\(mode.rawValue)",
     "format": {"encoding": "utf-8", "delimiter": "\(delimiter)", "decimal": "\(decimal)", "date": "\(date)"},
     "tables": [
      {"id": "households", "file": "survey/households.csv", "grain": "one row per household", "key": ["hh_id"], "weight": "weight",
       "columns": [
        {"name": "hh_id", "type": "integer", "range": [1, null]},
        {"name": "region", "type": "code", "codes": [{"code": "A", "name": "a"}, {"code": "B", "name": "b"}], "no_answer": ["9"]},
        {"name": "weight", "type": "decimal", "range": [0, 100]},
        {"name": "visited", "type": "date"},
        {"name": "note", "type": "text", "required": false},
        {"name": "size", "type": "integer", "required": false}]},
      {"id": "members", "file": "survey/members.csv", "grain": "one row per member", "key": ["hh_id", "line_no"],
       "parent": {"table": "households", "columns": ["hh_id"]},
       "columns": [
        {"name": "hh_id", "type": "integer"},
        {"name": "line_no", "type": "integer", "range": [1, 30]},
        {"name": "sex", "type": "code", "codes": [{"code": "M", "name": "male"}, {"code": "F", "name": "female"}]}]}]}
    """
    return try JSONDecoder().decode(SourceConfig.self, from: Data(json.utf8))
}

enum CleanFiles {
    static let directory: String = {
        let dir = NSTemporaryDirectory() + "migstat-clean-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()
    nonisolated(unsafe) private static var counter = 0

    static func write(_ bytes: [UInt8]) -> String {
        counter += 1
        let path = directory + "/file-\(counter).csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

/// Reads and cleans one file of the source exactly as SourceCleaner does.
func clean(_ text: String, _ source: SourceConfig, table: Int = 0, parentKeys: Set<[String]>? = nil) throws -> CleanResult {
    try clean(Array(text.utf8), source, table: table, parentKeys: parentKeys)
}

func clean(_ bytes: [UInt8], _ source: SourceConfig, table: Int = 0, parentKeys: Set<[String]>? = nil) throws -> CleanResult {
    let config = source.tables[table]
    var cleaner = TableCleaner(source: source, table: config, columns: config.columns, displayPath: "raw/\(config.file)", parentKeys: parentKeys)
    let reader = CSVReader(path: CleanFiles.write(bytes), displayPath: "raw/\(config.file)", source: source.id,
                           options: CSVOptions(source.format), lenient: source.mode == .lenient)
    try reader.forEachRecord { try cleaner.consume($0) }
    return try cleaner.finish()
}

/// The quarantine as (line, column, value, reason), for compact expectations.
func rejected(_ result: CleanResult) -> [[String]] {
    result.quarantine.map { [String($0.line), $0.column, $0.value, $0.reason] }
}
