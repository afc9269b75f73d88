import Foundation
import MigstatCore

/// The largest key stored so far: an integer, or text ordered byte by byte as SQLite's BINARY collation
/// orders it. A row whose key is above it cannot replace a stored row, so it is appended without a lookup.
final class LargestKey {
    private let textKeys: Bool
    private var integer = Int64.min
    private var text: UnsafeMutableRawPointer
    private var length = 0
    private var capacity = 256
    /// Whether any key is stored yet (for text: the empty key sorts first, but is still a key).
    private var any = false

    init(textKeys: Bool) {
        self.textKeys = textKeys
        text = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { text.deallocate() }

    /// Starts from the table's largest key (nil for an empty table).
    func reset(to stored: Value?) {
        any = false; integer = .min; length = 0
        switch stored {
        case .integer(let value)? where !textKeys: integer = value; any = true
        case .text(let value)? where textKeys: set(Array(value.utf8))
        default: break
        }
    }

    /// Whether the row's key is above every key so far, and if so it becomes the largest. Keys of the other
    /// kind (an integer in a text column) never are: they take the upsert's path.
    func admits(_ batch: RowBatch, _ row: Int, column: Int) -> Bool {
        switch batch.kind(row, column) {
        case .integer where !textKeys:
            let key = batch.integer(row, column)
            guard !any || key > integer else { return false }
            integer = key; any = true
            return true
        case .text where textKeys:
            let key = batch.text(row, column)
            if any {
                let common = memcmp(key.baseAddress ?? UnsafeRawPointer(text), text, min(key.count, length))
                guard common > 0 || (common == 0 && key.count > length) else { return false }
            }
            set(key)
            return true
        default:
            return false
        }
    }

    private func set(_ key: UnsafeRawBufferPointer) {
        if key.count > capacity {
            text.deallocate()
            capacity = key.count * 2
            text = .allocate(byteCount: capacity, alignment: 8)
        }
        if let base = key.baseAddress { text.copyMemory(from: base, byteCount: key.count) }
        length = key.count
        any = true
    }

    private func set(_ key: [UInt8]) { key.withUnsafeBytes { set($0) } }
}
