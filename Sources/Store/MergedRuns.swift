import CSupport
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
    private let runs: RunFile
    private let columns: Int
    private let integerKeys: Bool

    init(runs: RunFile, columns: Int, integerKeys: Bool) {
        self.runs = runs; self.columns = columns; self.integerKeys = integerKeys
        for _ in 0..<3 { free.put(Slot(columns: columns)) }
    }

    func start() {
        let thread = Thread {
            migstat_name_thread("migstat-merge")
            self.run()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func run() {
        defer { full.close(); done.signal() }
        do {
            let merge = try RunMerge(runs.cursors(), integerKeys: integerKeys)
            guard var slot = free.take() else { return }
            while let row = merge.next {
                PendingRows.decode(row.bytes!, columns: columns, line: row.line, into: slot.batch)
                slot.versions.append(row.version)
                try merge.consume()
                if slot.batch.isFull {
                    full.put(slot)
                    guard let next = free.take() else { return }   // the upsert failed
                    slot = next
                }
            }
            if slot.batch.count > 0 { full.put(slot) }
        } catch {
            failure = error
        }
    }
}
