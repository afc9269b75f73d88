import CLibCSV
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// How a delimited file is read: its delimiter and encoding. Quoting is always RFC 4180.
public struct CSVOptions: Sendable {
    public var delimiter: UInt8
    public var encoding: TextEncoding
    public init(delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8) {
        self.delimiter = delimiter; self.encoding = encoding
    }
    public init(_ format: FormatConfig) {
        self.init(delimiter: format.delimiter.utf8.first ?? UInt8(ascii: ","), encoding: format.encoding)
    }
}

/// A field whose bytes could not be decoded: the record is still delivered so that it can be quarantined.
public struct FieldProblem: Sendable, Equatable {
    public var column: Int
    public var message: String
    public var value: String
    /// True when the whole file is in another encoding than declared: no row of it can be trusted.
    public var wrongEncoding = false
}

/// One record as read: `nil` is an empty unquoted field, `""` an empty quoted one.
public struct CSVRecord: Sendable, Equatable {
    /// The physical line the record starts on (1 = the first line of the file).
    public var line: Int
    public var fields: [String?]
    public var problem: FieldProblem?
}

public struct CSVStats: Sendable, Equatable {
    public var bytes: Int = 0
    public var records: Int = 0
    public var blankLines: Int = 0
}

/// Reads a delimited file with libcsv, streaming in fixed-size chunks so memory stays flat whatever the size.
/// libcsv reports no positions, so line numbers are counted here from its row callbacks
/// (every unquoted CR and LF is reported with CSV_REPALL_NL) and from newlines inside quoted fields.
public final class CSVReader {
    public let path: String
    public let displayPath: String
    public let source: String
    public let options: CSVOptions
    public static let chunkSize = 1 << 20

    public init(path: String, displayPath: String? = nil, source: String = "", options: CSVOptions) {
        self.path = path; self.displayPath = displayPath ?? path; self.source = source; self.options = options
    }

    /// Calls `body` for every record, the header included; throws at the first structural error.
    @discardableResult
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws -> CSVStats {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw MigstatError.io(file: displayPath, message: describeErrno(errno, opening: true)) }
        defer { close(fd) }

        var parser = csv_parser()
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL)) == 0 else {
            throw MigstatError.io(file: displayPath, message: "cannot initialise the CSV parser")
        }
        defer { csv_free(&parser) }
        csv_set_delim(&parser, options.delimiter)
        // libcsv trims spaces and tabs around unquoted fields by default: that would silently alter data.
        csv_set_space_func(&parser) { _ in 0 }

        let state = ParseState(encoding: options.encoding)
        let opaque = Unmanaged.passUnretained(state).toOpaque()
        var stats = CSVStats()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: CSVReader.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var first = true

        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw MigstatError.io(file: displayPath, message: describeErrno(errno, opening: false))
            }
            if n == 0 { break }
            var chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            stats.bytes += n
            if first {
                first = false
                if options.encoding == .utf8, chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF {
                    chunk = UnsafeRawBufferPointer(rebasing: chunk[3...])
                }
            }
            let parsed = csv_parse(&parser, chunk.baseAddress, chunk.count, fieldCallback, rowCallback, opaque)
            if parsed != chunk.count {
                try state.flush(body, stats: &stats)
                throw structuralError(state, code: csv_error(&parser))
            }
            try state.flush(body, stats: &stats)
        }
        if csv_fini(&parser, fieldCallback, rowCallback, opaque) != 0 {
            try state.flush(body, stats: &stats)
            throw MigstatError.data(Location(source: source, file: displayPath, line: state.recordStart, column: columnName(state, state.fields.count)),
                                    value: nil, message: "unterminated quoted field: the closing quote is missing before the end of the file")
        }
        try state.flush(body, stats: &stats)
        stats.blankLines = state.blankLines
        return stats
    }

    /// Reads the whole file into memory; for tests and small files.
    public func readAll() throws -> [CSVRecord] {
        var out: [CSVRecord] = []
        try forEachRecord { out.append($0) }
        return out
    }

    private func structuralError(_ state: ParseState, code: Int32) -> MigstatError {
        let line = state.line + state.pendingNewlines
        let message: String
        switch code {
        case CSV_EPARSE: message = "malformed quoting: a quote inside an unquoted field, or text after a closing quote (RFC 4180)"
        case CSV_ENOMEM, CSV_ETOOBIG: message = "a field is too large to hold in memory"
        default: message = "unreadable CSV (libcsv error \(code))"
        }
        return .data(Location(source: source, file: displayPath, line: line, column: columnName(state, state.fields.count)), value: nil, message: message)
    }

    private func columnName(_ state: ParseState, _ index: Int) -> String {
        if let header = state.header, index < header.count, let name = header[index] { return name }
        return "#\(index + 1)"
    }
}

func describeErrno(_ code: Int32, opening: Bool) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case EISDIR: return "is a directory, expected a file"
    default: return String(cString: strerror(code))
    }
}

/// Parser state reached from libcsv's C callbacks through their `void *data` argument.
final class ParseState {
    let encoding: TextEncoding
    var fields: [String?] = []
    var problem: FieldProblem?
    var header: [String?]?
    /// The physical line the next character is on, ignoring newlines inside the current record's quoted fields.
    var line = 1
    var recordStart = 1
    var pendingNewlines = 0
    var afterCR = false
    var blankLines = 0
    var ready: [CSVRecord] = []

    init(encoding: TextEncoding) { self.encoding = encoding }

    func field(_ ptr: UnsafeMutableRawPointer?, _ len: Int) {
        if fields.isEmpty && problem == nil { recordStart = line }
        afterCR = false
        guard let ptr else { fields.append(nil); return }
        let bytes = UnsafeRawBufferPointer(start: ptr, count: len)
        pendingNewlines += countNewlines(bytes)
        switch TextDecoder.decode(bytes, as: encoding) {
        case .success(let s): fields.append(s)
        case .failure(let p):
            if problem == nil { problem = FieldProblem(column: fields.count, message: p.message, value: p.value, wrongEncoding: p.wrongEncoding) }
            fields.append(nil)
        }
    }

    func row(_ terminator: Int32) {
        if terminator == 0x0A && afterCR && fields.isEmpty && problem == nil {
            afterCR = false   // the LF of a CRLF: the line was already counted at the CR
            return
        }
        if fields.isEmpty && problem == nil {
            if terminator != -1 { blankLines += 1 }
        } else {
            let record = CSVRecord(line: recordStart, fields: fields, problem: problem)
            if header == nil { header = fields }
            ready.append(record)
        }
        line += 1 + pendingNewlines
        pendingNewlines = 0
        fields.removeAll(keepingCapacity: true)
        problem = nil
        afterCR = terminator == 0x0D
    }

    func flush(_ body: (CSVRecord) throws -> Void, stats: inout CSVStats) throws {
        for r in ready { stats.records += 1; try body(r) }
        ready.removeAll(keepingCapacity: true)
    }

    /// Line breaks inside a quoted field: LF, CRLF and a lone CR each count once.
    private func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
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

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { ptr, len, data in
    Unmanaged<ParseState>.fromOpaque(data!).takeUnretainedValue().field(ptr, len)
}
private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { c, data in
    Unmanaged<ParseState>.fromOpaque(data!).takeUnretainedValue().row(c)
}
