import MigstatCore

/// A row read elsewhere than from a SQLite store (PostgreSQL's `COPY … TO STDOUT`): its fields' bytes in the
/// order of the columns asked for, NULL as no bytes, as a SQLite scan reads them (an integer in decimal).
public struct FieldRow: ScanRowBytes {
    public let fields: UnsafeBufferPointer<UnsafeRawBufferPointer>

    public init(_ fields: UnsafeBufferPointer<UnsafeRawBufferPointer>) { self.fields = fields }

    func bytes(_ column: Int) -> UnsafeRawBufferPointer { fields[column] }

    /// The decimal text's value, as SQLite reads an integer column (0 if it is not one).
    func integer(_ column: Int) -> Int64 {
        let text = fields[column]
        var value: Int64 = 0, negative = false
        for (i, b) in text.enumerated() {
            if i == 0 && b == UInt8(ascii: "-") { negative = true; continue }
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return 0 }
            value = value &* 10 &+ Int64(b - UInt8(ascii: "0"))
        }
        return negative ? 0 &- value : value
    }
}

extension DeliveryExhibits {
    /// The exhibits from rows read elsewhere, tallied as a scan of the store tallies them (same estimates):
    /// `source` is given the columns to read, in order, and the table's key, and returns the rows loaded (at
    /// least as many as the table holds) and one scan per thread, each giving its share of the rows as
    /// `FieldRow`s; nil for an empty table. `storePath` is not read.
    public func compute(fieldRows source: (_ columns: [String], _ key: String) throws
        -> (rows: Int, scans: [@Sendable (_ body: (FieldRow) throws -> Void) throws -> Void])?) throws -> [Estimate] {
        try compute(source)
    }
}
