import Ingest
import MigstatCore

/// What cleaning one file gave: the loaded rows and the quarantined ones, which together are every record read.
public struct CleanResult: Sendable {
    public var table: DataTable
    public var quarantine: [QuarantineRecord]
    public var read: Int
    public var loaded: Int { table.rows.count }
}

/// Cleans one file of a source record by record: header check, field count, typed values, codes, ranges,
/// references, parent keys, duplicate keys and duplicate rows. A strict source throws at the first bad row;
/// a lenient one quarantines it and goes on.
public struct TableCleaner {
    public let source: SourceConfig
    public let table: TableConfig
    public let displayPath: String
    let parser: ValueParser
    let columns: [ColumnConfig]
    /// "source.table.column" → the values that column may reference.
    let referenceKeys: [String: Set<String>]
    let parentKeys: Set<[String]>?
    /// Declared column index → resolver of its free text, in column order.
    let resolvers: [(column: Int, resolver: AliasResolver)]
    /// Row positions of the parent-key and key columns, found once rather than per row.
    let parentIndices: [Int]
    let keyIndices: [Int]
    /// The design weight's position: a weight must be a positive number, never taken as 1.
    let weightIndex: Int?
    /// A strict source reports every line of an unknown spelling at once, so one error fixes them all.
    private var unknownSpellings: [(value: String, column: String, lines: [Int])] = []

    private(set) var positions: [Int] = []
    private var headerSeen = false
    private var seenKeys: [[String]: Int] = [:]
    private var seenRows: [[String?]: Int] = [:]
    private var result: CleanResult

    /// - Parameters:
    ///   - columns: the table's declared columns, with codebook labels resolved.
    ///   - referenceKeys: the key sets referenced by this table's columns.
    ///   - parentKeys: the keys of the parent table, for a child file.
    public init(source: SourceConfig, table: TableConfig, columns: [ColumnConfig], displayPath: String,
                referenceKeys: [String: Set<String>] = [:], parentKeys: Set<[String]>? = nil, resolvers: [String: AliasResolver] = [:]) {
        self.source = source; self.table = table; self.columns = columns; self.displayPath = displayPath
        self.parser = ValueParser(format: source.format)
        self.referenceKeys = referenceKeys; self.parentKeys = parentKeys
        self.resolvers = columns.enumerated().compactMap { i, c in resolvers[c.name].map { (i, $0) } }
        let position = { (name: String) in columns.firstIndex { $0.name == name }! }
        parentIndices = (table.parent?.columns ?? []).map(position)
        keyIndices = table.key.map(position)
        weightIndex = table.weight.map(position)
        var meta: [String: ColumnConfig] = [:]
        for c in columns { meta[c.name] = c }
        for r in self.resolvers { meta[r.resolver.column.name] = r.resolver.column }
        result = CleanResult(table: DataTable(name: "\(source.id).\(table.id)", columns: columns.map(\.name) + self.resolvers.map(\.resolver.column.name),
                                              meta: meta), quarantine: [], read: 0)
        result.table.key = table.key
        result.table.file = table.file
        result.table.parentColumns = table.parent?.columns ?? []
    }

    public mutating func consume(_ record: CSVRecord) throws {
        guard headerSeen else { try readHeader(record); headerSeen = true; return }
        result.read += 1
        switch check(record) {
        case .success(let row):
            result.table.rows.append(row)
            result.table.lines.append(record.line)
        case .failure(.deferred):
            break   // reported by finish()
        case .failure(.row(let q, let alwaysQuarantined)):
            if source.mode == .strict && !alwaysQuarantined {
                throw MigstatError.data(Location(source: q.source, file: displayPath, line: q.line, column: q.column.isEmpty ? nil : q.column),
                                        value: q.value, message: q.reason)
            }
            result.quarantine.append(q)
        }
    }

    public func finish() throws -> CleanResult {
        if !unknownSpellings.isEmpty {
            let list = unknownSpellings.map { "\"\($0.value)\" (line\($0.lines.count > 1 ? "s" : "") \($0.lines.map(String.init).joined(separator: ", ")))" }
            throw MigstatError.data(Location(source: source.id, file: displayPath, line: unknownSpellings[0].lines[0], column: unknownSpellings[0].column),
                                    value: nil, message: "spelling(s) not in \(resolvers[0].resolver.config.table): \(list.joined(separator: "; "))")
        }
        guard headerSeen else {
            throw MigstatError.data(Location(source: source.id, file: displayPath, line: 1), value: nil,
                                    message: "empty file: expected a header with \(columns.map(\.name).joined(separator: source.format.delimiter))")
        }
        return result
    }

    private mutating func readHeader(_ record: CSVRecord) throws {
        let names = record.fields.map { $0 ?? "" }
        func fail(_ message: String) -> MigstatError {
            .data(Location(source: source.id, file: displayPath, line: record.line), value: names.joined(separator: source.format.delimiter), message: message)
        }
        if let d = record.defect {
            throw MigstatError.data(Location(source: source.id, file: displayPath, line: record.line, column: d.column), value: d.value, message: "header: \(d.reason)")
        }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            if n.isEmpty { throw fail("column \(i + 1) of the header has no name (expected \(columns.map(\.name).joined(separator: source.format.delimiter)))") }
            if let first = index[n] { throw fail("duplicate column \"\(n)\" in the header (columns \(first + 1) and \(i + 1))") }
            index[n] = i
        }
        for c in columns where index[c.name] == nil {
            throw fail("header lacks the declared column \"\(c.name)\" (expected \(columns.map(\.name).joined(separator: source.format.delimiter)))"
                       + DelimiterHint.hint(header: names, declared: source.format.delimiter, expected: columns.map(\.name)))
        }
        for n in names where !columns.contains(where: { $0.name == n }) {
            throw fail("header has a column \"\(n)\" that pipeline.json does not declare for \(source.id).\(table.id)")
        }
        positions = columns.map { index[$0.name]! }
        result.table.columns = columns.map(\.name) + resolvers.map(\.resolver.column.name)
    }

    private mutating func check(_ record: CSVRecord) -> Result<[Value], Rejection> {
        func reject(_ column: String, _ value: String, _ reason: String, childDefect: Bool = false) -> Result<[Value], Rejection> {
            .failure(.row(QuarantineRecord(source: source.id, file: table.file, line: record.line, column: column, value: value, reason: reason),
                          alwaysQuarantined: childDefect && table.parent != nil))
        }
        // The reader marks malformed records, undecodable fields and field counts other than the header's.
        if let d = record.defect { return reject(d.column ?? "", d.value, d.reason) }
        if record.fields.count != positions.count {
            let raw = record.fields.map { $0 ?? "" }.joined(separator: source.format.delimiter)
            return reject("", raw, "expected \(positions.count) fields as in the header, found \(record.fields.count)")
        }
        if let first = seenRows[record.fields] {
            return reject("", record.fields.map { $0 ?? "" }.joined(separator: source.format.delimiter), "exact duplicate of line \(first)", childDefect: true)
        }
        var row: [Value] = []
        row.reserveCapacity(columns.count)
        for (i, column) in columns.enumerated() {
            switch ColumnVerdict.of(record.fields[positions[i]], column: column, parser: parser, referenceKeys: referenceKeys) {
            case .null: row.append(.null)
            case .value(let v): row.append(v)
            case .rejected(let value, let reason): return reject(column.name, value, reason)
            }
        }
        if let w = weightIndex, !(row[w].number.map { $0 > 0 && $0.isFinite } ?? false) {
            return reject(columns[w].name, record.fields[positions[w]] ?? "", "a design weight must be a positive number")
        }
        for (i, resolver) in resolvers {
            let text = row[i].key
            guard let code = resolver.resolve(text) else {
                if source.mode == .strict {
                    if let k = unknownSpellings.firstIndex(where: { $0.value == text }) { unknownSpellings[k].lines.append(record.line) }
                    else { unknownSpellings.append((text, columns[i].name, [record.line])) }
                    return .failure(.deferred)
                }
                return reject(columns[i].name, text, "spelling not in \(resolver.config.table)")
            }
            row.append(.text(code))
        }
        if let parentKeys, let parent = table.parent {
            let values = parentIndices.map { row[$0].key }
            if !parentKeys.contains(values) {
                return reject(parent.columns.joined(separator: "+"), values.joined(separator: "+"), "no such key in \(source.id).\(parent.table) (orphan row)", childDefect: true)
            }
        }
        if !keyIndices.isEmpty {
            let key = keyIndices.map { row[$0].key }
            if let first = seenKeys[key] {
                return reject(table.key.joined(separator: "+"), key.joined(separator: "+"), "duplicate key, first on line \(first)", childDefect: true)
            }
            seenKeys[key] = record.line
        }
        seenRows[record.fields] = record.line
        return .success(row)
    }
}

/// Why a row is not loaded: a quarantine record, or a problem reported for the whole file at the end.
enum Rejection: Error {
    /// `alwaysQuarantined`: duplicates and orphans of a child file (long answers, members) never fail a run.
    case row(QuarantineRecord, alwaysQuarantined: Bool)
    case deferred
}
