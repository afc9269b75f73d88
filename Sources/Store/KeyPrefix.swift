import Foundation

/// A key reduced to two words that order as the keys do: an integer key (its sign flipped, so that it orders
/// unsigned), or the first 16 bytes of a text key, big-endian and padded with zeros. Two keys whose prefixes
/// differ order as their prefixes (BINARY collation, byte by byte); only on a tie are the whole texts compared.
/// Sorting and merging held-back rows compare two words instead of calling memcmp through a closure, which
/// made the sort of each run a third of the writer's time while the delivery is read.
struct KeyPrefix: Equatable {
    var high: UInt64
    var low: UInt64

    init(integer: Int64) {
        high = UInt64(bitPattern: integer) ^ (1 << 63); low = 0
    }

    init(text: UnsafeRawBufferPointer) {
        high = KeyPrefix.word(text, from: 0); low = KeyPrefix.word(text, from: 8)
    }

    private static func word(_ text: UnsafeRawBufferPointer, from start: Int) -> UInt64 {
        var word: UInt64 = 0
        for i in start..<start + 8 { word = word << 8 | UInt64(i < text.count ? text[i] : 0) }
        return word
    }

    /// Whether key `a` sorts before key `b`: prefixes first, then (text keys only) the whole texts.
    static func precedes(_ a: KeyPrefix, _ aText: UnsafeRawBufferPointer, _ b: KeyPrefix, _ bText: UnsafeRawBufferPointer) -> Bool {
        if a.high != b.high { return a.high < b.high }
        if a.low != b.low { return a.low < b.low }
        return textPrecedes(aText, bText)
    }

    /// BINARY collation: bytes, then the shorter first. Integer keys have no text (count 0): equal here.
    static func textPrecedes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let common = min(a.count, b.count)
        guard common > 0, a.count > 16 || b.count > 16 else { return a.count < b.count }
        let c = memcmp(a.baseAddress!, b.baseAddress!, common)
        return c != 0 ? c < 0 : a.count < b.count
    }

    /// Whether two keys are equal (their prefixes are, and their texts).
    static func same(_ a: KeyPrefix, _ aText: UnsafeRawBufferPointer, _ b: KeyPrefix, _ bText: UnsafeRawBufferPointer) -> Bool {
        a == b && aText.count == bText.count && (aText.count <= 16 || memcmp(aText.baseAddress!, bText.baseAddress!, aText.count) == 0)
    }
}
