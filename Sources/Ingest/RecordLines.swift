import MigstatCore

/// A record's physical lines as they are in its file, cut and shown as the String reader shows a bad record
/// (for the quarantine). It reads the file through a descriptor of its own, so the thread that cleans records
/// may ask for them while another thread parses the file further on.
public final class RecordLines {
    private let encoding: TextEncoding
    private let locator: LineLocator

    init(file: InputFile, encoding: TextEncoding) {
        self.encoding = encoding
        locator = LineLocator(file: file)
    }

    /// For the records `reader` delivers (`forEachRawRecord`).
    public convenience init(reader: CSVReader) throws {
        self.init(file: try InputFile(path: reader.path, displayPath: reader.displayPath), encoding: reader.options.encoding)
    }

    /// Lines `first` through `last` (asked in increasing order, as records come).
    public func text(lines first: Int, through last: Int) throws -> String {
        var (bytes, cut) = try locator.bytes(lines: first, through: last, limit: RecordDefect.valueLimit)
        if first == 1, encoding == .utf8, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = bytes.withUnsafeBytes { TextDecoder.display($0, as: encoding, limit: .max) }
        return cut ? text + "…" : text
    }
}
