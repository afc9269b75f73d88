import Foundation
import MigstatCore

/// The rows that may replace a stored version (their key is not above every stored key), upserted in passes
/// in key order so that a pass visits the table's pages once each, in order.
///
/// Two halves of a fixed memory: one fills while the other, sorted, is upserted a slice at a time — after
/// each batch at the pace the filling half grows, and more whenever the writer would otherwise wait for the
/// reader — so that no pass stops the load while it runs.
final class HeldBackRows {
    private var filling: PendingRows
    private var draining: PendingRows
    private var order: [Int] = []
    private var next = 0
    /// Bytes of one half.
    let halfBytes: Int
    private(set) var passes = 0
    private(set) var seconds = 0.0

    init(columns: Int, keyColumn: Int, integerKeys: Bool, bytes: Int) {
        halfBytes = bytes / 2
        // One row larger than the rest still fits in a half.
        filling = PendingRows(columns: columns, keyColumn: keyColumn, integerKeys: integerKeys, bytes: halfBytes + (1 << 20))
        draining = PendingRows(columns: columns, keyColumn: keyColumn, integerKeys: integerKeys, bytes: halfBytes + (1 << 20))
    }

    func reset() {
        filling.removeAll(); draining.removeAll()
        order = []; next = 0; passes = 0; seconds = 0
    }

    func hold(_ batch: RowBatch, row: Int) { filling.append(batch, row: row) }

    var filledBytes: Int { filling.byteCount }
    /// Rows of the current pass not upserted yet.
    var remaining: Int { order.count - next }

    /// After a batch added `added` bytes: upserts enough of the current pass that it ends before the filling
    /// half is full; when it is full, ends the pass and starts the next with it.
    func keepUp(added: Int, upsert: (PendingRows, Int) throws -> Void) throws {
        if filling.byteCount >= halfBytes {
            try drain(remaining, upsert)
            startPass()
            return
        }
        guard remaining > 0, added > 0 else { return }
        let room = max(1, halfBytes - filling.byteCount + added)
        try drain(Int((Double(remaining) * Double(added) / Double(room)).rounded(.up)), upsert)
    }

    /// While the writer would wait for the reader: upserts a slice of the current pass, or, with none under
    /// way and the end of the delivery near, starts the next one once the filling half is half full — so that
    /// what is left after the last row is small, without adding passes (each walks the table) before.
    func drainWhileIdle(_ rows: Int, nearEnd: Bool, _ upsert: (PendingRows, Int) throws -> Void) throws {
        if remaining == 0 && nearEnd && filling.byteCount >= halfBytes / 2 { startPass() }
        try drain(rows, upsert)
    }

    /// Whether `drainWhileIdle` has work.
    func hasIdleWork(nearEnd: Bool) -> Bool { remaining > 0 || (nearEnd && filling.byteCount >= halfBytes / 2) }

    /// Upserts up to `rows` rows of the current pass.
    func drain(_ rows: Int, _ upsert: (PendingRows, Int) throws -> Void) throws {
        guard rows > 0, remaining > 0 else { return }
        let started = Date()
        defer { seconds += Date().timeIntervalSince(started) }
        let end = min(order.count, next + rows)
        while next < end {
            try upsert(draining, order[next])
            next += 1
        }
        if next == order.count { passes += 1 }
    }

    /// Upserts every row held back in one last pass: what is left of the current pass merged in key order
    /// with the filling half (of two rows with the same key, the one held back first goes first).
    func drainAll(_ upsert: (PendingRows, Int) throws -> Void) throws {
        let started = Date()
        defer { seconds += Date().timeIntervalSince(started) }
        let newer = filling.keyOrder()
        var i = next, j = 0
        while i < order.count || j < newer.count {
            if j == newer.count || (i < order.count && !filling.keyPrecedes(newer[j], draining, order[i])) {
                try upsert(draining, order[i]); i += 1
            } else {
                try upsert(filling, newer[j]); j += 1
            }
        }
        if !order.isEmpty || !newer.isEmpty { passes += 1 }
        next = order.count
        filling.removeAll()
    }

    private func startPass() {
        swap(&filling, &draining)
        filling.removeAll()
        order = draining.keyOrder()
        next = 0
    }
}
