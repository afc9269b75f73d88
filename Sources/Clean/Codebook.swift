import Ingest
import MigstatCore

/// A provider's codebook: labels of each variable's codes, in each language it gives.
public struct Codebook: Sendable {
    /// variable → code → language → label
    public private(set) var entries: [String: [String: [String: String]]] = [:]
    /// variable → codes in the order the codebook lists them
    public private(set) var order: [String: [String]] = [:]

    public init() {}

    public static func load(path: String, displayPath: String, source: SourceConfig, config: CodebookConfig) throws -> Codebook {
        let reader = CSVReader(path: path, displayPath: displayPath, source: source.id, options: CSVOptions(source.format))
        var book = Codebook()
        var header: [String: Int] = [:]
        try reader.forEachRecord { record in
            if let p = record.problem {
                throw MigstatError.data(Location(source: source.id, file: displayPath, line: record.line, column: "#\(p.column + 1)"), value: p.value, message: p.message)
            }
            if header.isEmpty {
                for (i, f) in record.fields.enumerated() { header[f ?? ""] = i }
                for needed in [config.variable, config.code] + config.labels.values.sorted() where header[needed] == nil {
                    throw MigstatError.data(Location(source: source.id, file: displayPath, line: record.line), value: nil,
                                            message: "codebook header lacks the column \"\(needed)\"")
                }
                return
            }
            func field(_ name: String) -> String { let i = header[name]!; return i < record.fields.count ? (record.fields[i] ?? "") : "" }
            let variable = field(config.variable), code = field(config.code)
            var labels: [String: String] = [:]
            for (lang, column) in config.labels { labels[lang] = field(column) }
            if book.entries[variable]?[code] == nil { book.order[variable, default: []].append(code) }
            book.entries[variable, default: [:]][code] = labels
        }
        return book
    }

    public func label(_ variable: String, _ code: String, language: String = "en") -> String? {
        entries[variable]?[code]?[language]
    }

    /// Checks that pipeline.json and the codebook agree on a coded column's codes, and fills in English labels.
    public func resolve(_ column: ColumnConfig, table: String, codebookFile: String) throws -> ColumnConfig {
        guard column.type == .code, let known = entries[column.name] else { return column }
        var resolved = column
        let declared = Set(column.codes.map(\.code) + column.noAnswer)
        for code in order[column.name] ?? [] where !declared.contains(code) {
            throw MigstatError.config(path: "\(table).\(column.name).codes",
                                      message: "\(codebookFile) declares code \"\(code)\" which pipeline.json does not name")
        }
        for (i, c) in column.codes.enumerated() {
            guard known[c.code] != nil else {
                throw MigstatError.config(path: "\(table).\(column.name).codes[\(i)]",
                                          message: "code \"\(c.code)\" is not in \(codebookFile)")
            }
            if resolved.codes[i].label == nil { resolved.codes[i].label = label(column.name, c.code) }
        }
        return resolved
    }
}
