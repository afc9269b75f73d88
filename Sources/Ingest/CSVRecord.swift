import MigstatCore

/// How a delimited file is read: its delimiter and encoding. Quoting is always RFC 4180.
public struct CSVOptions: Sendable {
    public var delimiter: UInt8
    public var encoding: TextEncoding
    /// A field longer than this is taken for an opening quote that never closes: the file cannot be read safely.
    public var maxFieldBytes: Int
    public static let defaultMaxFieldBytes = 128 << 20
    /// A record of more fields, or whose fields hold more bytes together, is a bad record (RecordDefect): its
    /// fields past the bound are counted, not kept, so that one line cannot take unbounded memory.
    public var maxRecordFields = FormatConfig.defaultMaxFields
    public var maxRecordBytes = FormatConfig.defaultMaxRecordBytes

    public init(delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8, maxFieldBytes: Int = CSVOptions.defaultMaxFieldBytes) {
        self.delimiter = delimiter; self.encoding = encoding; self.maxFieldBytes = maxFieldBytes
    }
    public init(_ format: FormatConfig) {
        self.init(delimiter: format.delimiter.utf8.first ?? UInt8(ascii: ","), encoding: format.encoding)
        maxRecordFields = format.maxFields
        maxRecordBytes = format.maxRecordBytes
    }
}

/// Why a record cannot be taken as it is: where, the raw text, and what was expected.
public struct RecordDefect: Sendable, Equatable {
    /// The column (a header name, or `#n` past the header) where it was found; nil for the whole record.
    public var column: String?
    /// The raw text: the undecodable field, or the record's lines as they are in the file
    /// (bytes that are not text shown as `\xNN`, cut after `RecordDefect.valueLimit` bytes).
    public var value: String
    public var reason: String
    public static let valueLimit = 1024

    public init(column: String?, value: String, reason: String) {
        self.column = column; self.value = value; self.reason = reason
    }
}

/// One record as read: `nil` is an empty unquoted field, `""` an empty quoted one.
public struct CSVRecord: Sendable, Equatable {
    /// The physical line the record starts on (1 = the first line of the file).
    public var line: Int
    /// The physical line it ends on (after the line breaks inside its quoted fields).
    public var lastLine: Int
    /// The fields; empty for a record whose quoting is malformed.
    public var fields: [String?]
    /// Set when the record is bad: a lenient reader still delivers it, so that it can be quarantined.
    public var defect: RecordDefect?

    public init(line: Int, lastLine: Int? = nil, fields: [String?], defect: RecordDefect? = nil) {
        self.line = line; self.lastLine = lastLine ?? line; self.fields = fields; self.defect = defect
    }
}

/// What a whole read saw: every record (the header included) is delivered once, good or bad.
public struct CSVStats: Sendable, Equatable {
    public var bytes: Int = 0
    public var records: Int = 0
    public var defects: Int = 0
    /// Empty lines between records: not records, so neither loaded nor quarantined.
    public var blankLines: Int = 0
    public init() {}
}
