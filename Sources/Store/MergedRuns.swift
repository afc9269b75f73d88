import Foundation
import MigstatCore

/// The held-back rows of a delivery merged from their sorted runs in key order and unpacked into batches, on a
/// thread of its own: after the last row is read the reader's core is free, and merging there lets SQLite
/// spend its core on the upsert alone.
// Unchecked: the merging thread and SQLite's exchange batches only through a BlockingQueue.
final class MergedRuns: @unchecked Sendable {
    /// A batch of merged rows and each row's version.
    final class Slot {
        let batch: RowBatch
        var versions: [Int64] = []
        init(columns: Int) { batch = RowBatch(columns: columns) }
        func reset() { batch.reset(); versions.removeAll(keepingCapacity: true) }
    }

    let free = BlockingQueue<Slot>(capacity: 3)
    let full = BlockingQueue<Slot>(capacity: 3)
    let done = DispatchSemaphore(value: 0)
    private(set) var failure: Error?
    private let runs: RunFile?
    private let columns: Int
    private let integerKeys: Bool
    /// The rows appended while the delivery was read, as one run (when `observer` is set): each key's newest
    /// row is then what the table holds, and an appended row that stays newest needs no upsert.
    private let appended: RunFile?
    private let observer: FinalRowObserver?

    init(runs: RunFile?, columns: Int, integerKeys: Bool, appended: RunFile? = nil, observer: FinalRowObserver? = nil) {
        self.runs = runs; self.columns = columns; self.integerKeys = integerKeys
        self.appended = appended; self.observer = observer
        for _ in 0..<3 { free.put(Slot(columns: columns)) }
    }

    func start() { startNamedThread("migstat-merge") { self.run() } }

    private func run() {
        defer { full.close(); done.signal() }
        do {
            let appendedCursor = appended?.cursors(integerKeys: integerKeys).first
            let merge = try RunMerge((runs?.cursors(integerKeys: integerKeys) ?? []) + (appendedCursor.map { [$0] } ?? []))
            guard var slot = free.take() else { return }
            // Of the rows of one key only the newest is passed on: the others could not change the table.
            let newest = NewestRow()
            let feed = observer.map { ObserverThread(observer: $0, columns: columns) }
            feed?.start()
            defer { feed?.stop() }
            /// Hands the newest row of a key on: to the observer, and to the upsert unless it is in the table already.
            func emit() throws -> Bool {
                if let feed, !feed.add(newest.row, length: newest.length) {
                    try feed.finish()   // throws the observer's failure
                    return false
                }
                guard !newest.appended else { newest.drop(); return true }
                newest.decode(columns: columns, into: slot)
                guard slot.batch.isFull else { return true }
                full.put(slot)
                guard let next = free.take() else { return false }   // the upsert failed
                slot = next
                return true
            }
            while let row = merge.next {
                if !newest.holds || !newest.hasKey(of: row) {
                    if newest.holds { guard try emit() else { return } }
                    newest.copy(row, appended: row === appendedCursor)
                } else if UpsertRule.isNewer(version: row.version, line: row.line, than: newest.version, line: newest.line) {
                    newest.copy(row, appended: row === appendedCursor)
                }
                try merge.consume()
            }
            if newest.holds { guard try emit() else { return } }
            try feed?.finish()
            if slot.batch.count > 0 { full.put(slot) }
        } catch {
            failure = error
        }
    }
}

/// A copy of one merged row (its cursor's bytes last only until it advances), kept while later rows of the
/// same key may replace it. The merge's thread alone touches it, per row: no dynamic exclusivity checks.
private final class NewestRow {
    @exclusivity(unchecked) private(set) var holds = false
    /// Whether the row is one appended while the delivery was read (it is in the table already).
    @exclusivity(unchecked) private(set) var appended = false
    @exclusivity(unchecked) private(set) var line = 0
    @exclusivity(unchecked) private(set) var version: Int64 = 0
    @exclusivity(unchecked) private(set) var length = 0
    @exclusivity(unchecked) private var prefix = KeyPrefix(integer: 0)
    @exclusivity(unchecked) private var bytes = UnsafeMutableRawPointer.allocate(byteCount: 1 << 12, alignment: 8)
    @exclusivity(unchecked) private var capacity = 1 << 12
    @exclusivity(unchecked) private var keyOffset = 0, keyLength = 0

    deinit { bytes.deallocate() }

    private var key: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes + keyOffset, count: keyLength) }

    func hasKey(of row: RunCursor) -> Bool { KeyPrefix.same(prefix, key, row.prefix, row.key) }

    var row: UnsafeRawPointer { UnsafeRawPointer(bytes) }

    func copy(_ row: RunCursor, appended: Bool) {
        self.appended = appended
        if row.length > capacity {
            bytes.deallocate()
            capacity = row.length * 2
            bytes = .allocate(byteCount: capacity, alignment: 8)
        }
        bytes.copyMemory(from: row.bytes!, byteCount: row.length)
        keyOffset = row.key.count == 0 ? 0 : row.key.baseAddress! - row.bytes!
        keyLength = row.key.count
        line = row.line; version = row.version; prefix = row.prefix; length = row.length
        holds = true
    }

    func decode(columns: Int, into slot: MergedRuns.Slot) {
        PendingRows.decode(bytes, columns: columns, line: line, into: slot.batch)
        slot.versions.append(version)
        holds = false
    }

    func drop() { holds = false }
}
