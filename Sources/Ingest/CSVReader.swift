import CLibCSV
import CSupport
import MigstatCore

/// Reads a delimited file with libcsv, streaming in fixed-size chunks so memory stays flat whatever the size.
///
/// Every record is delivered once, the header (the first record) included. A bad record — malformed quoting,
/// a quote that never closes, a field count other than the header's, bytes that are not text in the declared
/// encoding — makes a strict reader throw; a lenient one delivers it with its `defect` and resumes at the next
/// line, so that it can be quarantined. A quote that does not close on its line and swallows the lines after
/// it (UnbalancedQuote) makes that line the defect, and the lines after it are read again on their own.
/// A bad header, a file in another encoding than declared, a field too large to hold and unreadable bytes on
/// disk always throw: the file cannot be read at all.
public final class CSVReader {
    public let path: String
    public let displayPath: String
    public let source: String
    public let options: CSVOptions
    public let lenient: Bool
    /// How many bytes are read and parsed at a time (small values in tests put records across chunk boundaries).
    public var chunkSize = 1 << 20

    public init(path: String, displayPath: String? = nil, source: String = "", options: CSVOptions, lenient: Bool = false) {
        self.path = path; self.displayPath = displayPath ?? path; self.source = source; self.options = options; self.lenient = lenient
    }

    @discardableResult
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws -> CSVStats {
        try RecordStream(reader: self).run(body)
    }

    /// Reads the whole file into memory; for tests and small files.
    public func readAll() throws -> [CSVRecord] {
        var out: [CSVRecord] = []
        try forEachRecord { out.append($0) }
        return out
    }

    func error(_ defect: RecordDefect, line: Int, header: Bool = false) -> MigstatError {
        .data(Location(source: source, file: displayPath, line: line, column: defect.column), value: defect.value.isEmpty ? nil : defect.value,
              message: header ? "header: \(defect.reason)" : defect.reason)
    }
}

/// One pass over a file: libcsv parses, ParseState counts lines, and after a malformed record the parser is
/// reset and resumes at the start of a line found by the LineLocator.
private final class RecordStream {
    let reader: CSVReader
    let file: InputFile
    let parser: LibCSVParser
    let state: ParseState
    lazy var locator = LineLocator(file: file)
    var stats = CSVStats()
    var header: [String?]?
    var evidence = EncodingEvidence()
    /// The offset of the next byte to read, and the furthest one read.
    var offset = 0
    var end = 0
    /// Bytes handed to the parser, re-reads included: recovering from quotes that never close re-reads the rest
    /// of the file, so a budget keeps a pathological file from taking quadratic time.
    var parsed = 0

    init(reader: CSVReader) throws {
        self.reader = reader
        file = try InputFile(path: reader.path, displayPath: reader.displayPath)
        parser = try LibCSVParser(delimiter: reader.options.delimiter, file: reader.displayPath)
        state = ParseState(encoding: reader.options.encoding,
                           bounds: RecordSize(fields: reader.options.maxRecordFields, bytes: reader.options.maxRecordBytes))
    }

    func run(_ body: (CSVRecord) throws -> Void) throws -> CSVStats {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, reader.chunkSize), alignment: 16)
        defer { buffer.deallocate() }
        let budget = 16 * file.size + (16 << 20)
        if reader.options.encoding == .utf8, try startsWithByteOrderMark() { offset = 3 }
        while true {
            let n = try file.read(into: buffer, at: offset)
            if n == 0 {
                let finished = parser.finish(state)
                if try flush(body) { continue }
                if finished { break }
                try recover(body, reason: "unterminated quoted field: the closing quote is missing before the end of the file",
                            detectedAt: nil)
                continue
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            let chunkStart = offset
            offset += n
            end = max(end, offset)
            parsed += n
            guard parsed <= budget else {
                throw reader.error(RecordDefect(column: nil, value: "", reason: "too many malformed records to resynchronise: the file cannot be read safely"),
                                   line: state.currentRecordStart)
            }
            let count = parser.parse(chunk, state)
            if try flush(body) { continue }
            if count < chunk.count {
                guard parser.status == CSV_EPARSE else { throw outOfMemory() }
                try recover(body, reason: quotingReason(offending: chunk[count]), detectedAt: chunkStart + count)
                continue
            }
            if parser.fieldBytes > reader.options.maxFieldBytes { throw fieldTooLarge() }
            parser.growBuffer()
        }
        if let (line, defect) = evidence.mislabelled() { throw reader.error(defect, line: line) }
        stats.bytes = max(end, file.size)
        stats.blankLines = state.blankLines
        return stats
    }

    private func startsWithByteOrderMark() throws -> Bool {
        var head: [UInt8] = [0, 0, 0]
        let n = try head.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        return n == 3 && head == [0xEF, 0xBB, 0xBF]
    }

    /// Hands the completed records to `body`, after checking each one's field count against the header's.
    /// Returns true when a record was made by an unbalanced quote: reading then resumes on its second line,
    /// and the records parsed after it are dropped, to be read again.
    private func flush(_ body: (CSVRecord) throws -> Void) throws -> Bool {
        let records = state.ready
        state.ready.removeAll(keepingCapacity: true)
        for r in records {
            var record = CSVRecord(line: r.line, lastLine: r.lastLine, fields: r.fields)
            if r.oversized == nil, let header, r.lastLine > r.line,
               UnbalancedQuote.swallowedLines(fieldCount: r.fields.count, headerCount: header.count, delimiter: reader.options.delimiter,
                                              fields: r.fields.map { ($0 ?? "").utf8 }) {
                try deliverFirstLine(body, of: r.line, column: quoteColumn(r.fields, orElse: r.fields.count),
                                     reason: UnbalancedQuote.reason(through: r.lastLine, fieldCount: r.fields.count, headerCount: header.count),
                                     blankLines: r.blankLinesBefore)
                return true
            }
            if let size = r.oversized {
                record.fields = []
                record.defect = RecordDefect(column: nil, value: try rawText(r.line, through: r.lastLine),
                                             reason: RecordSize.reason(size, bounds: state.bounds))
            } else if let header, r.fields.count != header.count {
                record.defect = RecordDefect(column: nil, value: try rawText(r.line, through: r.lastLine),
                                             reason: "expected \(header.count) fields as in the header, found \(r.fields.count)")
            } else if let issue = r.issue {
                var reason = issue.problem.message
                // One UTF-8 row in a windows-1251 file is a bad row; a strict source or the header stops at it as before.
                if issue.problem.wrongEncoding, header != nil, reader.lenient {
                    reason = evidence.noteUTF8Row(line: r.line, column: columnName(issue.index), issue.problem)
                }
                record.defect = RecordDefect(column: columnName(issue.index), value: issue.problem.value, reason: reason)
            } else if r.transcoded {
                evidence.noteWindows1251Row()
            }
            try deliver(record, body)
        }
        return false
    }

    private func deliver(_ record: CSVRecord, _ body: (CSVRecord) throws -> Void) throws {
        stats.records += 1
        if let defect = record.defect {
            stats.defects += 1
            if header == nil || !reader.lenient { throw reader.error(defect, line: record.line, header: header == nil) }
        }
        if header == nil { header = record.fields }
        try body(record)
    }

    /// Delivers the malformed record under way and starts afresh on the line after its first. When the error
    /// shows on a later line, a quote opened on the first line ran on (UnbalancedQuote): the lines it took are
    /// read again. A quote that never closes cannot have enclosed the lines after it either.
    private func recover(_ body: (CSVRecord) throws -> Void, reason: String, detectedAt errorOffset: Int?) throws {
        let first = state.currentRecordStart
        var last = first
        if let errorOffset {
            try locator.move(toLine: first)
            last = try locator.line(containing: errorOffset)
        }
        if last > first {
            try deliverFirstLine(body, of: first, column: quoteColumn(state.fields, orElse: state.fields.count),
                                 reason: UnbalancedQuote.reason(through: last, "it meets " + reason))
        } else {
            try deliverFirstLine(body, of: first, column: columnName(state.fields.count), reason: reason)
        }
    }

    /// Delivers line `first` alone as a defect and resumes reading on the line after it. `blankLines`: the
    /// count up to that line, when blank lines beyond it were counted already.
    private func deliverFirstLine(_ body: (CSVRecord) throws -> Void, of first: Int, column: String, reason: String,
                                  blankLines: Int? = nil) throws {
        let defect = RecordDefect(column: column, value: try rawText(first, through: first), reason: reason)
        try deliver(CSVRecord(line: first, fields: [], defect: defect), body)
        try locator.move(toLine: first + 1)
        offset = locator.line == first + 1 ? locator.start : max(end, file.size)
        try parser.reset()
        state.resume(atLine: first + 1, blankLines: blankLines)
    }

    /// The column of the first field holding a line end: where the quote that ran on opened (else `index`,
    /// the field under way).
    private func quoteColumn(_ fields: [String?], orElse index: Int) -> String {
        columnName(fields.firstIndex { $0?.utf8.contains { $0 == 0x0A || $0 == 0x0D } ?? false } ?? index)
    }

    /// The record's lines as they are in the file, for the quarantine and messages.
    private func rawText(_ first: Int, through last: Int) throws -> String {
        var (bytes, cut) = try locator.bytes(lines: first, through: last, limit: RecordDefect.valueLimit)
        if first == 1, reader.options.encoding == .utf8, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = bytes.withUnsafeBytes { TextDecoder.display($0, as: reader.options.encoding, limit: .max) }
        return cut ? text + "…" : text
    }

    private func columnName(_ index: Int) -> String {
        if let header, index < header.count, let name = header[index], !name.isEmpty { return name }
        return "#\(index + 1)"
    }

    private func quotingReason(offending byte: UInt8) -> String {
        if parser.insideQuotes {
            if byte == 0x20 || byte == 0x09 {
                return "a space after a closing quote: expected the delimiter or a line end right after it (RFC 4180)"
            }
            return "text after a closing quote: expected the delimiter or a line end after it; a quote inside a quoted field must be doubled (RFC 4180)"
        }
        if parser.pendingFieldIsBlank {
            return "spaces before an opening quote: expected the quote to open the field (RFC 4180)"
        }
        return "a quote inside an unquoted field: expected the whole field in quotes, with its quotes doubled (RFC 4180)"
    }

    private func fieldTooLarge() -> MigstatError {
        let mib = reader.options.maxFieldBytes >> 20
        let limit = mib > 0 ? "\(mib) MiB" : "\(reader.options.maxFieldBytes) bytes"
        return reader.error(RecordDefect(column: columnName(state.fields.count), value: "",
                                         reason: "a field longer than \(limit): an opening quote is probably never closed, so the file cannot be read safely"),
                            line: state.currentRecordStart)
    }

    private func outOfMemory() -> MigstatError {
        reader.error(RecordDefect(column: columnName(state.fields.count), value: "", reason: "a field is too large to hold in memory"),
                     line: state.currentRecordStart)
    }
}
