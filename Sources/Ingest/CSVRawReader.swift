import CLibCSV
import MigstatCore

/// One record as the bytes of its fields in the file's encoding, valid only during the callback that receives it.
public struct RawRecord {
    /// The physical lines the record starts and ends on (1 = the first line of the file).
    public let line: Int
    public let lastLine: Int
    public let count: Int
    let bytes: UnsafePointer<UInt8>
    let ends: UnsafePointer<Int>
    let nulls: UnsafePointer<Bool>
    unowned let state: RawParseState

    /// Field `i`'s bytes (empty for a missing field).
    public func field(_ i: Int) -> UnsafeRawBufferPointer {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeRawBufferPointer(start: bytes + start, count: ends[i] - start)
    }

    /// An empty unquoted field (as opposed to `""`).
    public func isNull(_ i: Int) -> Bool { nulls[i] }

    /// Every field's bytes, one after the other: field `i` ends `fieldEnds[i]` bytes in (a copy in one piece).
    public var fieldBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: count == 0 ? 0 : ends[count - 1]) }
    public var fieldEnds: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: ends, count: count) }
    public var fieldNulls: UnsafeBufferPointer<Bool> { UnsafeBufferPointer(start: nulls, count: count) }

    /// The record's lines as they are in the file, for the quarantine (as the String reader shows a bad record).
    public func text() throws -> String { try state.text(lines: line, through: lastLine) }
}

/// A byte-level read met something only the full reader handles: malformed quoting, a quote that never
/// closes or swallows the lines after it (UnbalancedQuote), a field too large, a record past the bounds
/// (`CSVOptions.maxRecordFields`, `maxRecordBytes`: its fields past them are not kept). The caller reads the file again with `forEachRecord`, which reports or skips
/// it exactly as for any other source.
public struct RawReadNeedsFullReader: Error {
    public var line: Int
}

extension CSVReader {
    /// Calls `body` for every record, the header included, with its fields as bytes: no String is made, so a
    /// delivery of millions of rows is read at libcsv's pace. `chunk` sees every block of the file as it is
    /// read (to hash it, and for progress). Lines are counted as `forEachRecord` counts them; field counts and
    /// encodings are left to the caller. A file this path cannot read cleanly throws `RawReadNeedsFullReader`.
    @discardableResult
    public func forEachRawRecord(chunk observe: (UnsafeRawBufferPointer) -> Void = { _ in },
                                 _ body: (RawRecord) throws -> Void) throws -> CSVStats {
        try withoutActuallyEscaping(body) { body in
            let file = try InputFile(path: path, displayPath: displayPath)
            let state = RawParseState(body: body, file: file, encoding: options.encoding, delimiter: options.delimiter,
                                      bounds: RecordSize(fields: options.maxRecordFields, bytes: options.maxRecordBytes))
            let parser = try LibCSVParser(delimiter: options.delimiter, file: displayPath)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkSize), alignment: 16)
            defer { buffer.deallocate() }
            var stats = CSVStats()
            var offset = 0
            while true {
                let n = try file.read(into: buffer, at: offset)
                if n == 0 { break }
                let block = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                observe(block)
                let bom = offset == 0 && options.encoding == .utf8 && n >= 3 && block[0] == 0xEF && block[1] == 0xBB && block[2] == 0xBF ? 3 : 0
                offset += n
                let parsed = parser.parse(UnsafeRawBufferPointer(rebasing: block[bom...]), raw: state)
                try state.rethrow()
                guard parsed == n - bom, parser.fieldBytes <= options.maxFieldBytes else {
                    throw RawReadNeedsFullReader(line: state.lines.currentRecordStart)
                }
                parser.growBuffer()
            }
            let finished = parser.finish(raw: state)
            try state.rethrow()
            guard finished else { throw RawReadNeedsFullReader(line: state.lines.currentRecordStart) }
            stats.bytes = max(offset, file.size)
            stats.records = state.records
            stats.blankLines = state.lines.blankLines
            return stats
        }
    }
}

/// Physical line bookkeeping from libcsv's callbacks, as ParseState keeps it: every unquoted CR and LF is a
/// row callback (CSV_REPALL_NL); line breaks inside quoted fields are counted from the field's bytes.
struct LineCounter {
    var line = 1
    var recordStart = 1
    var pendingNewlines = 0
    var afterCR = false
    var blankLines = 0
    var inRecord = false

    var currentRecordStart: Int { inRecord ? recordStart : line }

    /// A field starts; `bytes` are its bytes, `holdsLineEnd` whether they hold a CR or LF (FieldScan).
    mutating func fieldStarts(_ bytes: UnsafeRawBufferPointer, holdsLineEnd: Bool) {
        if !inRecord { recordStart = line; inRecord = true }
        afterCR = false
        if holdsLineEnd { pendingNewlines += ParseState.countNewlines(bytes) }
    }

    enum RowEnd { case lineFeedOfCRLF, blankLine, record }

    /// What a row callback ends: nothing (the LF of a CRLF, counted at its CR), a blank line, or a record.
    mutating func rowEnds(terminator: Int32) -> RowEnd {
        if terminator == 0x0A && afterCR && !inRecord { afterCR = false; return .lineFeedOfCRLF }
        if inRecord { return .record }
        if terminator != -1 { blankLines += 1 }
        return .blankLine
    }

    /// Moves past the line (and the lines inside the record's quoted fields).
    mutating func advance(terminator: Int32) {
        line += 1 + pendingNewlines
        pendingNewlines = 0
        afterCR = terminator == 0x0D
        inRecord = false
    }
}

/// The byte arena one record's fields are copied into (libcsv reuses its buffer field by field). Its hot
/// properties skip dynamic exclusivity checks: only libcsv's callbacks touch them, one at a time.
final class RawParseState {
    let body: (RawRecord) throws -> Void
    let file: InputFile
    let encoding: TextEncoding
    let delimiter: UInt8
    /// The header's field count, once it is read.
    private var headerCount: Int?
    @exclusivity(unchecked) var lines = LineCounter()
    var failure: Error?
    var records = 0
    private lazy var recordLines = RecordLines(file: file, encoding: encoding)
    @exclusivity(unchecked) private var arena = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    @exclusivity(unchecked) private var arenaCapacity = 1 << 16
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var ends = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    @exclusivity(unchecked) private var nulls = UnsafeMutablePointer<Bool>.allocate(capacity: 64)
    @exclusivity(unchecked) private var fieldCapacity = 64
    @exclusivity(unchecked) private var fieldCount = 0
    /// The record under way, counted past the bounds, where its fields are no longer kept.
    private let bounds: RecordSize
    @exclusivity(unchecked) private var size = RecordSize()

    init(body: @escaping (RawRecord) throws -> Void, file: InputFile, encoding: TextEncoding, delimiter: UInt8, bounds: RecordSize) {
        self.body = body; self.file = file; self.encoding = encoding; self.delimiter = delimiter; self.bounds = bounds
    }

    deinit { arena.deallocate(); ends.deallocate(); nulls.deallocate() }

    func field(_ ptr: UnsafeMutableRawPointer?, _ len: Int) {
        let bytes = UnsafeRawBufferPointer(start: ptr, count: ptr == nil ? 0 : len)
        let scan = FieldScan(bytes)
        lines.fieldStarts(bytes, holdsLineEnd: scan.holdsLineEnd)
        size.fields += 1
        size.bytes += bytes.count
        guard size.fields <= bounds.fields, size.bytes <= bounds.bytes else { return }
        if fieldCount == fieldCapacity {
            fieldCapacity *= 2
            let e = UnsafeMutablePointer<Int>.allocate(capacity: fieldCapacity), n = UnsafeMutablePointer<Bool>.allocate(capacity: fieldCapacity)
            e.update(from: ends, count: fieldCount); n.update(from: nulls, count: fieldCount)
            ends.deallocate(); nulls.deallocate()
            ends = e; nulls = n
        }
        if let ptr, len > 0 {
            if used + len > arenaCapacity {
                arenaCapacity = max(arenaCapacity * 2, used + len)
                let a = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
                a.update(from: arena, count: used)
                arena.deallocate()
                arena = a
            }
            (arena + used).update(from: ptr.assumingMemoryBound(to: UInt8.self), count: len)
            used += len
        }
        ends[fieldCount] = used
        nulls[fieldCount] = ptr == nil
        fieldCount += 1
    }

    func row(_ terminator: Int32) {
        switch lines.rowEnds(terminator: terminator) {
        case .lineFeedOfCRLF:
            return
        case .blankLine:
            break
        case .record:
            if failure == nil, size.fields > bounds.fields || size.bytes > bounds.bytes {
                failure = RawReadNeedsFullReader(line: lines.recordStart)   // which reports it, in bounded memory too
            } else if failure == nil {
                let record = RawRecord(line: lines.recordStart, lastLine: lines.line + lines.pendingNewlines, count: fieldCount,
                                       bytes: arena, ends: ends, nulls: nulls, state: self)
                if let headerCount, record.lastLine > record.line,
                   UnbalancedQuote.swallowedLines(fieldCount: fieldCount, headerCount: headerCount, delimiter: delimiter,
                                                  fields: (0..<fieldCount).lazy.map(record.field)) {
                    // Its lines are to be read again one by one: only the full reader does that.
                    failure = RawReadNeedsFullReader(line: record.line)
                } else {
                    if headerCount == nil { headerCount = fieldCount }
                    records += 1
                    do { try body(record) } catch { failure = error }
                }
            }
        }
        lines.advance(terminator: terminator)
        fieldCount = 0
        used = 0
        size = RecordSize()
    }

    /// libcsv's callbacks cannot throw: the first error is kept and rethrown once csv_parse returns.
    func rethrow() throws { if let failure { throw failure } }

    /// Lines of the file as they are, cut and shown as the String reader shows a bad record.
    func text(lines first: Int, through last: Int) throws -> String { try recordLines.text(lines: first, through: last) }
}

// Called tens of millions of times: the state is borrowed, not retained and released per call.
let rawFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { ptr, len, data in
    Unmanaged<RawParseState>.fromOpaque(data!)._withUnsafeGuaranteedRef { $0.field(ptr, len) }
}
let rawRowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { c, data in
    Unmanaged<RawParseState>.fromOpaque(data!)._withUnsafeGuaranteedRef { $0.row(c) }
}
