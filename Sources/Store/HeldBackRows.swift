import Foundation
import MigstatCore

/// The rows that may replace a stored version (their key is not above every stored key), upserted in passes
/// in key order so that a pass visits the table's pages once each, in order.
///
/// Rows are held in a small buffer; when it is full they are sorted and written to a temporary file as a run.
/// A pass merges the runs written since the pass before and is upserted a slice at a time — after each batch at
/// the pace the next pass's runs grow, and more whenever the writer would otherwise wait for the reader — so
/// that no pass stops the load. The memory is the buffer's, whatever the delivery's size; how many rows a pass
/// takes (hence how many passes walk the table) is set by `passBytes`, on disk.
final class HeldBackRows {
    private let filling: PendingRows
    private let integerKeys: Bool
    /// The buffer's bytes, and the bytes of runs that make a pass.
    let bufferBytes: Int
    let passBytes: Int
    private let spillPath: String
    private var files = 0
    /// The runs of the next pass, and the merge of the pass under way (its cursors keep its runs' file).
    private var nextRuns: RunFile?
    private var nextRows = 0
    private var merge: RunMerge?
    private(set) var passes = 0
    private(set) var seconds = 0.0

    init(columns: Int, keyColumn: Int, integerKeys: Bool, bufferBytes: Int, passBytes: Int, spillPath: String) {
        self.integerKeys = integerKeys
        self.bufferBytes = bufferBytes
        self.passBytes = passBytes
        self.spillPath = spillPath
        // One row larger than the rest still fits.
        filling = PendingRows(columns: columns, keyColumn: keyColumn, integerKeys: integerKeys, bytes: bufferBytes + (1 << 20))
    }

    func reset() {
        filling.removeAll()
        nextRuns = nil; nextRows = 0; merge = nil
        passes = 0; seconds = 0
    }

    func hold(_ batch: RowBatch, row: Int) { filling.append(batch, row: row) }

    var filledBytes: Int { filling.byteCount }
    /// Rows of the current pass not upserted yet.
    var remaining: Int { merge?.remaining ?? 0 }
    /// Bytes waiting for the next pass.
    private var waitingBytes: Int { (nextRuns?.size ?? 0) + filling.byteCount }

    /// After a batch added `added` bytes: spills a full buffer, upserts enough of the current pass that it
    /// ends before the next one has its bytes, and when it has them, ends the pass and starts the next.
    func keepUp(added: Int, upsert: (UnsafeRawPointer, Int) throws -> Void) throws {
        if filling.byteCount >= bufferBytes { try spill() }
        if (nextRuns?.size ?? 0) >= passBytes {
            try drain(remaining, upsert)
            try startPass()
            return
        }
        guard remaining > 0, added > 0 else { return }
        let room = max(1, passBytes - waitingBytes + added)
        try drain(Int((Double(remaining) * Double(added) / Double(room)).rounded(.up)), upsert)
    }

    /// While the writer would wait for the reader: upserts a slice of the current pass, or, with none under
    /// way and the end of the delivery near, starts the next one once half its bytes are there — so that what
    /// is left after the last row is small, without adding passes (each walks the table) before.
    func drainWhileIdle(_ rows: Int, nearEnd: Bool, _ upsert: (UnsafeRawPointer, Int) throws -> Void) throws {
        if remaining == 0 && nearEnd && waitingBytes >= passBytes / 2 {
            try spill()
            try startPass()
        }
        try drain(rows, upsert)
    }

    /// Whether `drainWhileIdle` has work.
    func hasIdleWork(nearEnd: Bool) -> Bool { remaining > 0 || (nearEnd && waitingBytes >= passBytes / 2) }

    /// Upserts up to `rows` rows of the current pass.
    func drain(_ rows: Int, _ upsert: (UnsafeRawPointer, Int) throws -> Void) throws {
        guard rows > 0, let merge, merge.remaining > 0 else { return }
        let started = Date()
        defer { seconds += Date().timeIntervalSince(started) }
        var left = rows
        while left > 0, let cursor = merge.next() {
            try upsert(cursor.bytes!, cursor.line)
            try merge.consume(cursor)
            left -= 1
        }
        if merge.next() == nil { endPass() }
    }

    /// Upserts every row held back in one last pass: what is left of the current pass merged in key order with
    /// the rows since (of two rows with the same key, the one held back first goes first).
    func drainAll(_ upsert: (UnsafeRawPointer, Int) throws -> Void) throws {
        try spill()
        let current = merge?.positioned ?? []
        let rows = remaining + nextRows
        guard rows > 0 else { endPass(); return }
        let fresh = nextRuns?.cursors() ?? []
        merge = try RunMerge(positioned: current, fresh: fresh, rows: rows, integerKeys: integerKeys)
        nextRuns = nil; nextRows = 0
        try drain(rows, upsert)
    }

    private func spill() throws {
        guard filling.count > 0 else { return }
        if nextRuns == nil {
            files += 1
            nextRuns = try RunFile(path: "\(spillPath)-\(files)")
        }
        try filling.writeRun(to: nextRuns!)
        nextRows += filling.count
        filling.removeAll()
    }

    private func startPass() throws {
        guard let runs = nextRuns else { return }
        merge = try RunMerge(positioned: [], fresh: runs.cursors(), rows: nextRows, integerKeys: integerKeys)
        nextRuns = nil; nextRows = 0
    }

    private func endPass() {
        if merge != nil { passes += 1 }
        merge = nil
    }
}
