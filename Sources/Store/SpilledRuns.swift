import Foundation
import MigstatCore

/// A temporary file of sorted runs of held-back rows (PendingRows.writeRun), deleted when closed.
final class RunFile {
    let path: String
    /// Reads and writes retry EINTR and fail with the errno and the path (`PosixError`), in MigstatCore.
    let file: PosixFile
    private(set) var size = 0
    /// Where each run ends; a run starts where the one before ends.
    private(set) var runEnds: [Int] = []

    init(path: String) throws {
        self.path = path
        file = try PosixFile.open(path, O_RDWR | O_CREAT | O_TRUNC, mode: 0o600, for: .write)
    }

    deinit { try? file.close(); unlink(path) }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try file.writeAll(bytes, at: size)
        size += bytes.count
    }

    func endRun() throws { runEnds.append(size) }

    /// What the cursors' buffers may take together: a run's share of it, between 4 KB and 64 KB, so that the
    /// merge of 222 runs (20 M rows in random key order) reads through 28 KB each and stays under the load's
    /// memory of the read (64 KB each took 14 MB, and the tally's thread needs its own beside them).
    static let mergeBufferBytes = 6 << 20

    /// A cursor at the start of each run.
    func cursors(integerKeys: Bool) -> [RunCursor] {
        let capacity = min(1 << 16, max(1 << 12, RunFile.mergeBufferBytes / max(1, runEnds.count)))
        return zip([0] + runEnds.dropLast(), runEnds).map {
            RunCursor(file: self, start: $0, end: $1, integerKeys: integerKeys, capacity: capacity)
        }
    }
}

/// Reads one run's rows in order through a small buffer. The current row's bytes stay valid until `advance`;
/// the file stays open (and on disk) while a cursor reads it. One thread reads a cursor (the merge's), for every
/// row of a delivery: its state skips the dynamic exclusivity checks.
final class RunCursor {
    private let runs: RunFile
    @exclusivity(unchecked) private var offset: Int
    private let end: Int
    @exclusivity(unchecked) private var buffer: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private var filled = 0
    @exclusivity(unchecked) private var at = 0
    @exclusivity(unchecked) private(set) var line = 0
    @exclusivity(unchecked) private(set) var version: Int64 = 0
    @exclusivity(unchecked) private(set) var integerKey: Int64 = 0
    @exclusivity(unchecked) private(set) var key = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) private(set) var prefix = KeyPrefix(integer: 0)
    @exclusivity(unchecked) private(set) var bytes: UnsafeRawPointer?
    /// The length of the row's bytes.
    @exclusivity(unchecked) private(set) var length = 0
    static let header = 36

    private let integerKeys: Bool

    init(file: RunFile, start: Int, end: Int, integerKeys: Bool, capacity: Int) {
        runs = file; offset = start; self.end = end; self.integerKeys = integerKeys; self.capacity = capacity
        buffer = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// Moves to the next row; false at the end of the run.
    func advance() throws -> Bool {
        guard try ensure(RunCursor.header) else { return false }
        let p = buffer + at
        line = Int(p.loadUnaligned(fromByteOffset: 0, as: Int64.self))
        integerKey = p.loadUnaligned(fromByteOffset: 8, as: Int64.self)
        let keyStart = Int(p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        let keyLength = Int(p.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        let length = Int(p.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        version = p.loadUnaligned(fromByteOffset: 28, as: Int64.self)
        guard try ensure(RunCursor.header + length) else {
            throw MigstatError.output(path: runs.path, message: "a held-back run ends inside a row")
        }
        let row = UnsafeRawPointer(buffer + at + RunCursor.header)
        bytes = row
        self.length = length
        key = UnsafeRawBufferPointer(start: row + keyStart, count: keyLength)
        prefix = integerKeys ? KeyPrefix(integer: integerKey) : KeyPrefix(text: key)
        at += RunCursor.header + length
        return true
    }

    /// Makes `count` bytes from `at` available in the buffer; false if the run has fewer left.
    private func ensure(_ count: Int) throws -> Bool {
        if filled - at >= count { return true }
        // Keep what is left, then read more.
        let left = filled - at
        if count > capacity {
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: count * 2, alignment: 8)
            bigger.copyMemory(from: buffer + at, byteCount: left)
            buffer.deallocate()
            buffer = bigger
            capacity = count * 2
        } else if left > 0 {
            memmove(buffer, buffer + at, left)
        }
        filled = left; at = 0
        while filled < count && offset < end {
            let n = try runs.file.read(into: UnsafeMutableRawBufferPointer(start: buffer + filled, count: min(capacity - filled, end - offset)), at: offset)
            guard n > 0 else { throw MigstatError.output(path: runs.path, message: "unexpected end of file") }
            filled += n; offset += n
        }
        return filled >= count
    }
}

/// The rows of all sorted runs in key order, through a binary heap of their cursors. Rows with the same key
/// come in no particular order: the upsert keeps the newest whatever the order (UpsertRule).
final class RunMerge {
    /// Only the merge's thread touches it, per row: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var heap: [RunCursor]
    init(_ cursors: [RunCursor]) throws {
        heap = try cursors.filter { try $0.advance() }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    /// The cursor at the next row in key order (advance it with `consume`), or nil when all are done.
    var next: RunCursor? { heap.first }

    func consume() throws {
        if try !heap[0].advance() {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
    }

    private func siftDown(_ start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1, right = left + 1
            var least = i
            if left < heap.count && precedes(heap[left], heap[least]) { least = left }
            if right < heap.count && precedes(heap[right], heap[least]) { least = right }
            if least == i { return }
            heap.swapAt(i, least)
            i = least
        }
    }

    private func precedes(_ a: RunCursor, _ b: RunCursor) -> Bool { KeyPrefix.precedes(a.prefix, a.key, b.prefix, b.key) }
}
