import Ingest
import MigstatCore

/// A record the delivery cleaner can read: raw bytes from `forEachRawRecord`, or a record the full reader
/// decoded (used when a delivery has malformed quoting).
public protocol DeliveryRecord {
    var line: Int { get }
    var count: Int { get }
    func field(_ i: Int) -> UnsafeRawBufferPointer
    func isNull(_ i: Int) -> Bool
    /// The record's lines as they are in the file.
    func text() throws -> String
}

extension RawRecord: DeliveryRecord {}

/// A record the full reader decoded, seen as bytes (UTF-8) by the delivery cleaner.
public final class DecodedRecord: DeliveryRecord {
    public let line: Int
    public let count: Int
    private let storage: UnsafeMutablePointer<UInt8>
    private var ranges: [(start: Int, count: Int)?] = []
    private let rawText: String

    public init(_ record: CSVRecord, text: String) {
        line = record.line
        count = record.fields.count
        rawText = text
        storage = .allocate(capacity: max(1, record.fields.reduce(0) { $0 + ($1?.utf8.count ?? 0) }))
        var at = 0
        for f in record.fields {
            guard let f else { ranges.append(nil); continue }
            let bytes = Array(f.utf8)
            for (k, b) in bytes.enumerated() { storage[at + k] = b }
            ranges.append((at, bytes.count))
            at += bytes.count
        }
    }

    deinit { storage.deallocate() }

    public func field(_ i: Int) -> UnsafeRawBufferPointer {
        guard let r = ranges[i] else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: storage + r.start, count: r.count)
    }
    public func isNull(_ i: Int) -> Bool { ranges[i] == nil }
    public func text() throws -> String { rawText }
}
