import Clean
import CSupport
import Foundation
import Ingest
import MigstatCore
import Store

/// Records as libcsv delivered them (fields as bytes, physical lines), copied into one block for the thread
/// that cleans them. Parsing and cleaning each take about half of the reading side's time: on threads of their
/// own they read a delivery in about half the time, on the core SQLite leaves while it has little to do (a
/// delivery in random key order is held back almost whole, and built into the table only after its last row).
final class ParsedBlock {
    private struct Entry { var line: Int; var lastLine: Int; var start: Int; var firstField: Int; var fields: Int }

    let capacity: Int
    /// The file's bytes read when the block's last record was parsed (for progress).
    var bytesRead = 0
    private var entries: [Entry] = []
    private var bytes: UnsafeMutablePointer<UInt8>
    private var bytesCapacity = 1 << 16
    private var used = 0
    private var ends: UnsafeMutablePointer<Int>
    private var nulls: UnsafeMutablePointer<Bool>
    private var fieldCapacity = 1 << 10
    private var fieldsUsed = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        entries.reserveCapacity(self.capacity)
        bytes = .allocate(capacity: bytesCapacity)
        ends = .allocate(capacity: fieldCapacity)
        nulls = .allocate(capacity: fieldCapacity)
    }

    deinit { bytes.deallocate(); ends.deallocate(); nulls.deallocate() }

    var count: Int { entries.count }
    var isFull: Bool { entries.count >= capacity }

    func reset() { entries.removeAll(keepingCapacity: true); used = 0; fieldsUsed = 0; bytesRead = 0 }

    /// Copies a record (its bytes last only as long as libcsv's callback): its fields' bytes in one piece, as the
    /// reader keeps them, and where each ends.
    func append(_ record: RawRecord) {
        if fieldsUsed + record.count > fieldCapacity { growFields(to: fieldsUsed + record.count) }
        let fieldBytes = record.fieldBytes
        if used + fieldBytes.count > bytesCapacity { growBytes(to: used + fieldBytes.count) }
        entries.append(Entry(line: record.line, lastLine: record.lastLine, start: used, firstField: fieldsUsed, fields: record.count))
        if let base = fieldBytes.baseAddress, fieldBytes.count > 0 {
            (bytes + used).update(from: base.assumingMemoryBound(to: UInt8.self), count: fieldBytes.count)
        }
        let ends = self.ends + fieldsUsed
        for (i, end) in record.fieldEnds.enumerated() { ends[i] = used + end }
        if let nulls = record.fieldNulls.baseAddress { (self.nulls + fieldsUsed).update(from: nulls, count: record.count) }
        used += fieldBytes.count
        fieldsUsed += record.count
    }

    /// Record `i`; valid until the block is reset.
    func record(_ i: Int, lines: RecordLines) -> ParsedRecord {
        let e = entries[i]
        return ParsedRecord(line: e.line, lastLine: e.lastLine, count: e.fields, start: e.start, bytes: bytes,
                            ends: ends + e.firstField, nulls: nulls + e.firstField, lines: lines)
    }

    private func growBytes(to needed: Int) {
        bytesCapacity = max(bytesCapacity * 2, needed)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: bytesCapacity)
        bigger.update(from: bytes, count: used)
        bytes.deallocate()
        bytes = bigger
    }

    private func growFields(to needed: Int) {
        fieldCapacity = max(fieldCapacity * 2, needed)
        let e = UnsafeMutablePointer<Int>.allocate(capacity: fieldCapacity), n = UnsafeMutablePointer<Bool>.allocate(capacity: fieldCapacity)
        e.update(from: ends, count: fieldsUsed); n.update(from: nulls, count: fieldsUsed)
        ends.deallocate(); nulls.deallocate()
        ends = e; nulls = n
    }
}

/// One record of a ParsedBlock, read by the cleaner as it reads a RawRecord.
struct ParsedRecord: DeliveryRecord {
    let line: Int
    let lastLine: Int
    let count: Int
    let start: Int
    let bytes: UnsafePointer<UInt8>
    let ends: UnsafePointer<Int>
    let nulls: UnsafePointer<Bool>
    unowned(unsafe) let lines: RecordLines

    init(line: Int, lastLine: Int, count: Int, start: Int, bytes: UnsafeMutablePointer<UInt8>, ends: UnsafeMutablePointer<Int>,
         nulls: UnsafeMutablePointer<Bool>, lines: RecordLines) {
        self.line = line; self.lastLine = lastLine; self.count = count; self.start = start
        self.bytes = UnsafePointer(bytes); self.ends = UnsafePointer(ends); self.nulls = UnsafePointer(nulls); self.lines = lines
    }

    func field(_ i: Int) -> UnsafeRawBufferPointer {
        let from = i == 0 ? start : ends[i - 1]
        return UnsafeRawBufferPointer(start: bytes + from, count: ends[i] - from)
    }

    func isNull(_ i: Int) -> Bool { nulls[i] }

    func text() throws -> String { try lines.text(lines: line, through: lastLine) }
}

/// The parsing thread: libcsv reads the file (`forEachRawRecord`) into blocks of records for the cleaning thread.
// Unchecked: its state is the parsing thread's until `done` is signalled; blocks cross only through the queues.
final class ParseThread: @unchecked Sendable {
    let reader: CSVReader
    let free: BlockingQueue<ParsedBlock>
    let full: BlockingQueue<ParsedBlock>
    let done = DispatchSemaphore(value: 0)
    private(set) var failure: Error?
    private(set) var cpu = 0.0
    private(set) var bytes = 0

    init(reader: CSVReader, blockRecords: Int, blocksInFlight: Int) {
        self.reader = reader
        free = BlockingQueue(capacity: blocksInFlight)
        full = BlockingQueue(capacity: blocksInFlight)
        for _ in 0..<blocksInFlight { free.put(ParsedBlock(capacity: blockRecords)) }
    }

    func start() { startNamedThread("migstat-parse") { self.run() } }

    /// Stops the thread at its next block (the cleaning side failed) and waits for it.
    func stop() {
        free.close(); full.close()
        done.wait()
        done.signal()
    }

    private func run() {
        defer { cpu = threadCPUSeconds(); full.close(); done.signal() }
        do {
            guard var block = free.take() else { return }
            var read = 0
            try reader.forEachRawRecord(chunk: { read += $0.count }) { record in
                block.append(record)
                if block.isFull {
                    block.bytesRead = read
                    full.put(block)
                    guard let next = free.take() else { throw Producer.Cancelled() }
                    block = next
                }
            }
            block.bytesRead = read
            bytes = read
            full.put(block)
        } catch is Producer.Cancelled {
        } catch {
            failure = error
        }
    }
}
