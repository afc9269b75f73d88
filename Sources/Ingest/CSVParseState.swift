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

    init(encoding: TextEncoding) { self.encoding = encoding }

    /// The line the record under way started on (the next record's line when none is under way).
    var currentRecordStart: Int { fields.isEmpty && issue == nil ? line : recordStart }

    func field(_ ptr: UnsafeMutableRawPointer?, _ len: Int) {
        if fields.isEmpty && issue == nil { recordStart = line }
        afterCR = false
        guard let ptr else { fields.append(nil); return }
        let bytes = UnsafeRawBufferPointer(start: ptr, count: len)
        pendingNewlines += ParseState.countNewlines(bytes)
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
            ready.append(ParsedRecord(line: recordStart, lastLine: line + pendingNewlines, fields: fields, issue: issue,
                                      transcoded: transcoded, blankLinesBefore: blankLines))
        }
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
