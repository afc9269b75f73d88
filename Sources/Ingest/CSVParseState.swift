import MigstatCore

/// A field of the record being read whose bytes are not text in the declared encoding.
struct FieldIssue {
    var index: Int
    var problem: DecodeProblem
}

/// A record as the parser completed it, before the reader checks it against the header.
struct ParsedRecord {
    var line: Int
    var lastLine: Int
    var fields: [String?]
    var issue: FieldIssue?
    /// It holds non-ASCII text in the declared windows-1251 (evidence that the file is what it says).
    var transcoded: Bool
    /// Blank lines seen up to its end, to count again from there if reading resumes inside it.
    var blankLinesBefore: Int
    /// Its fields and their bytes, when it has more than the reader keeps (`CSVOptions.maxRecordFields`, `maxRecordBytes`).
    var oversized: RecordSize? = nil
}

/// How big a record is: its fields, and the bytes they hold together.
struct RecordSize: Equatable {
    var fields = 0
    var bytes = 0
}

/// Parser state reached from libcsv's C callbacks through their `void *data` argument.
/// libcsv reports no positions, so lines are counted here: every unquoted CR and LF arrives as a row
/// callback (CSV_REPALL_NL), and the line breaks inside quoted fields are counted in the field's bytes.
final class ParseState {
    let encoding: TextEncoding
    var fields: [String?] = []
    var issue: FieldIssue?
    var transcoded = false
    /// The physical line the next character is on, ignoring newlines inside the current record's quoted fields.
    var line = 1
    var recordStart = 1
    var pendingNewlines = 0
    var afterCR = false
    var blankLines = 0
    var ready: [ParsedRecord] = []
    /// The record under way, counted past the bounds too: fields beyond `maxFields` are not kept, and fields
    /// beyond `maxBytes` are kept as nil, so that memory stays bounded whatever the line holds.
    let bounds: RecordSize
    var size = RecordSize()

    init(encoding: TextEncoding, bounds: RecordSize = RecordSize(fields: FormatConfig.defaultMaxFields, bytes: FormatConfig.defaultMaxRecordBytes)) {
        self.encoding = encoding; self.bounds = bounds
    }

    /// The line the record under way started on (the next record's line when none is under way).
    var currentRecordStart: Int { fields.isEmpty && issue == nil ? line : recordStart }

    func field(_ ptr: UnsafeMutableRawPointer?, _ len: Int) {
        if fields.isEmpty && issue == nil { recordStart = line }
        afterCR = false
        size.fields += 1
        guard let ptr else {
            if size.fields <= bounds.fields { fields.append(nil) }
            return
        }
        let bytes = UnsafeRawBufferPointer(start: ptr, count: len)
        pendingNewlines += ParseState.countNewlines(bytes)
        size.bytes += len
        guard size.fields <= bounds.fields else { return }
        guard size.bytes <= bounds.bytes else { fields.append(nil); return }
        switch TextDecoder.decode(bytes, as: encoding) {
        case .success(let s):
            // Non-ASCII windows-1251 bytes become longer UTF-8: the count tells without another scan.
            if encoding == .windows1251 && s.utf8.count != len { transcoded = true }
            fields.append(s)
        case .failure(let p):
            if issue == nil { issue = FieldIssue(index: fields.count, problem: p) }
            fields.append(nil)
        }
    }

    func row(_ terminator: Int32) {
        if terminator == 0x0A && afterCR && fields.isEmpty && issue == nil {
            afterCR = false   // the LF of a CRLF: the line was already counted at the CR
            return
        }
        if fields.isEmpty && issue == nil {
            if terminator != -1 { blankLines += 1 }
        } else {
            let over = size.fields > bounds.fields || size.bytes > bounds.bytes
            ready.append(ParsedRecord(line: recordStart, lastLine: line + pendingNewlines, fields: fields, issue: issue,
                                      transcoded: transcoded, blankLinesBefore: blankLines, oversized: over ? size : nil))
        }
        size = RecordSize()
        line += 1 + pendingNewlines
        pendingNewlines = 0
        fields.removeAll(keepingCapacity: true)
        issue = nil
        transcoded = false
        afterCR = terminator == 0x0D
    }

    /// Forgets the record under way, to start again at the beginning of line `n`.
    func resume(atLine n: Int, blankLines blank: Int? = nil) {
        fields.removeAll(keepingCapacity: true)
        size = RecordSize()
        issue = nil
        transcoded = false
        if let blank { blankLines = blank }
        line = n
        recordStart = n
        pendingNewlines = 0
        afterCR = false
    }

    /// Line breaks inside a quoted field: LF, CRLF and a lone CR each count once.
    static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let b = bytes[i]
            if b == 0x0A { n += 1 }
            else if b == 0x0D { n += 1; if i + 1 < count && bytes[i + 1] == 0x0A { i += 1 } }
            i += 1
        }
        return n
    }
}

extension RecordSize {
    /// Why a record past the bounds is bad, naming the bound and the key of pipeline.json that sets it.
    static func reason(_ size: RecordSize, bounds: RecordSize) -> String {
        size.fields > bounds.fields
            ? "the record has \(size.fields) fields, more than the \(bounds.fields) a record may have (format.max_fields)"
            : "the record's fields hold \(size.bytes) bytes, more than the \(bounds.bytes) a record may hold (format.max_record_bytes)"
    }
}
