import Ingest
import MigstatCore

/// A provider's codebook: labels of each variable's codes, in each language it gives.
public struct Codebook: Sendable {
    /// variable → code → language → label
    public private(set) var entries: [String: [String: [String: String]]] = [:]
    /// variable → codes in the order the codebook lists them
    public private(set) var order: [String: [String]] = [:]
    /// variable → language → the question's label (a row with an empty code labels the variable itself)
    public private(set) var questions: [String: [String: String]] = [:]

    public init() {}

    /// Reads a codebook file. Its bad rows (malformed, undecodable, a code listed twice, no variable or code)
    /// follow the source's mode like any file's: a strict source fails, a lenient one quarantines them.
    public static func load(path: String, displayPath: String, source: SourceConfig, config: CodebookConfig) throws -> CodebookFile {
        let reader = CSVReader(path: path, displayPath: displayPath, source: source.id, options: CSVOptions(source.format),
                               lenient: source.mode == .lenient)
        var file = CodebookFile(codebook: Codebook())
        var header: [String: Int]?
        var firstLine: [String: [String: Int]] = [:]
        let stats = try reader.forEachRecord { record in
            guard let columns = header else {
                header = try readHeader(record, config: config, source: source.id, displayPath: displayPath)
                return
            }
            file.read += 1
            func reject(_ column: String, _ value: String, _ reason: String) throws {
                if source.mode == .strict {
                    throw MigstatError.data(Location(source: source.id, file: displayPath, line: record.line, column: column.isEmpty ? nil : column),
                                            value: value, message: reason)
                }
                file.quarantined.append(QuarantineRecord(source: source.id, file: config.file, line: record.line, column: column, value: value, reason: reason))
            }
            if let d = record.defect { return try reject(d.column ?? "", d.value, d.reason) }
            func field(_ name: String) -> String { record.fields[columns[name]!] ?? "" }
            let variable = field(config.variable), code = field(config.code)
            if variable.isEmpty { return try reject(config.variable, "", "missing value") }
            if let first = firstLine[variable]?[code] {
                let what = code.isEmpty ? "duplicate question label of \(variable)" : "duplicate codebook entry"
                return try reject(config.code, "\(variable)=\(code)", "\(what), first on line \(first)")
            }
            firstLine[variable, default: [:]][code] = record.line
            var labels: [String: String] = [:]
            for (lang, column) in config.labels { labels[lang] = field(column) }
            // The contract: a row with an empty code labels the question, it is no value.
            if code.isEmpty { file.codebook.questions[variable] = labels } else { file.codebook.add(variable: variable, code: code, labels: labels) }
        }
        file.stats = stats
        return file
    }

    private static func readHeader(_ record: CSVRecord, config: CodebookConfig, source: String, displayPath: String) throws -> [String: Int] {
        var header: [String: Int] = [:]
        for (i, f) in record.fields.enumerated() where header[f ?? ""] == nil { header[f ?? ""] = i }
        for needed in [config.variable, config.code] + config.labels.values.sorted() where header[needed] == nil {
            throw MigstatError.data(Location(source: source, file: displayPath, line: record.line), value: nil,
                                    message: "codebook header lacks the column \"\(needed)\"")
        }
        return header
    }

    private mutating func add(variable: String, code: String, labels: [String: String]) {
        order[variable, default: []].append(code)
        entries[variable, default: [:]][code] = labels
    }

    public func label(_ variable: String, _ code: String, language: String = "en") -> String? {
        entries[variable]?[code]?[language]
    }

    /// Checks that pipeline.json and the codebook agree on a coded column's codes, and fills in the labels:
    /// English ones on the declared codes, every language's on `labels` (the question) and `codeLabels`.
    public func resolve(_ column: ColumnConfig, table: String, codebookFile: String) throws -> ColumnConfig {
        var labelled = column
        labelled.labels = questions[column.name] ?? [:]
        labelled.codeLabels = entries[column.name] ?? [:]
        guard column.type == .code, let known = entries[column.name] else { return labelled }
        var resolved = labelled
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

/// A codebook as read from its file, with the file's accounting: every row read is loaded or quarantined.
public struct CodebookFile {
    public var codebook: Codebook
    public var quarantined: [QuarantineRecord] = []
    public var read = 0
    public var stats = CSVStats()
    public var loaded: Int { read - quarantined.count }
}
