import CLibCSV
import CLibCSVUntrimmed
import MigstatCore

/// Owns one libcsv parser: strict RFC 4180, every line end reported, spaces kept, empty unquoted fields as NULL.
final class LibCSVParser {
    private let p = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
    private let delimiter: UInt8
    private let file: String
    /// libcsv grows a field's buffer by a fixed block; doubling the block keeps a field of many MiB linear.
    private static let minimumBlock = 1 << 16

    init(delimiter: UInt8, file: String) throws {
        self.delimiter = delimiter
        self.file = file
        try start()
    }

    deinit {
        csv_free(p)
        p.deallocate()
    }

    private func start() throws {
        guard csv_init(p, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL)) == 0 else {
            throw MigstatError.io(file: file, message: "cannot initialise the CSV parser")
        }
        csv_set_delim(p, delimiter)
        // libcsv trims spaces and tabs around unquoted fields by default: that would silently alter data, so every
        // parse goes through migstat_csv_parse_untrimmed, which keeps them.
        csv_set_blk_size(p, LibCSVParser.minimumBlock)
    }

    /// Starts again from scratch, as at the beginning of a file.
    func reset() throws {
        csv_free(p)
        try start()
    }

    /// Parses a chunk; returns how many bytes were consumed (fewer than all on an error).
    func parse(_ chunk: UnsafeRawBufferPointer, _ state: ParseState) -> Int {
        migstat_csv_parse_untrimmed(p, chunk.baseAddress, chunk.count, fieldCallback, rowCallback, Unmanaged.passUnretained(state).toOpaque())
    }

    /// Ends the last record; false when a quoted field is still open.
    func finish(_ state: ParseState) -> Bool {
        csv_fini(p, fieldCallback, rowCallback, Unmanaged.passUnretained(state).toOpaque()) == 0
    }

    /// The same for records read as bytes (CSVRawReader.swift).
    func parse(_ chunk: UnsafeRawBufferPointer, raw state: RawParseState) -> Int {
        migstat_csv_parse_untrimmed(p, chunk.baseAddress, chunk.count, rawFieldCallback, rawRowCallback, Unmanaged.passUnretained(state).toOpaque())
    }

    func finish(raw state: RawParseState) -> Bool {
        csv_fini(p, rawFieldCallback, rawRowCallback, Unmanaged.passUnretained(state).toOpaque()) == 0
    }

    var status: Int32 { csv_error(p) }
    var insideQuotes: Bool { p.pointee.quoted != 0 }
    var fieldBytes: Int { p.pointee.entry_pos }
    var pendingFieldIsBlank: Bool {
        let n = p.pointee.entry_pos
        guard n > 0, let buffer = p.pointee.entry_buf else { return false }
        return (0..<n).allSatisfy { buffer[$0] == 0x20 || buffer[$0] == 0x09 }
    }

    func growBuffer() {
        csv_set_blk_size(p, max(LibCSVParser.minimumBlock, csv_get_buffer_size(p)))
    }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { ptr, len, data in
    Unmanaged<ParseState>.fromOpaque(data!).takeUnretainedValue().field(ptr, len)
}
private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { c, data in
    Unmanaged<ParseState>.fromOpaque(data!).takeUnretainedValue().row(c)
}
