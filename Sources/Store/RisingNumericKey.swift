import Foundation
import MigstatCore

/// Text keys that are plain numbers (`1`, `2`, … `1000000`: a registry that does not zero-pad) rising as
/// numbers within a delivery. As text they do not rise ("10" < "9"), so `LargestKey` holds nearly all of them
/// back; but among keys of one length numeric order is text order, so numbers that rise walk the table's
/// B-tree forward (one forward walk per length of key), as the merged upsert does. Such a row is upserted
/// straight away (`UpsertRule`: any order gives the same table, so this changes what is stored in no way);
/// only the rows that do not rise are held back. The stored order stays the text order (SQLite's BINARY).
///
/// A number here is canonical: digits only, no leading zero, at most 18 digits; so two different texts are
/// two different numbers, and a number above every one before it is a key not yet seen in this delivery.
final class RisingNumericKey {
    private var largest: Int64 = -1

    /// Starts a delivery: nothing has risen yet.
    func reset() { largest = -1 }

    /// Whether the row's key is a canonical number above every number admitted so far; if so it is the largest.
    func admits(_ batch: RowBatch, _ row: Int, column: Int) -> Bool {
        guard batch.kind(row, column) == .text, let number = RisingNumericKey.number(batch.text(row, column)),
              number > largest else { return false }
        largest = number
        return true
    }

    /// The value of a canonical decimal number, or nil for any other text.
    static func number(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard text.count > 0, text.count <= 18, text[0] != UInt8(ascii: "0") || text.count == 1 else { return nil }
        var value: Int64 = 0
        for byte in text {
            let digit = Int64(byte) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
