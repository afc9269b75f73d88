#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of byte strings (codes, reference keys) with a lookup that makes no String and touches no
/// reference count. Each member's first sixteen bytes are kept as two words, so a key of that size or less
/// (every code and key in practice) is compared in two word comparisons: linearly for a handful of members,
/// through an open-addressing table otherwise. Members are numbered
/// in sorted order. It owns its memory and frees it when the last reference goes.
// Unchecked: pointers to tables filled once in `init` and only read after.
public final class ByteSet: @unchecked Sendable {
    private let bytes: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<Int>
    /// Per member: its first sixteen bytes (zero-padded) as two words, and its length.
    private let words: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<Int>
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    private let count: Int

    public init(_ members: some Sequence<String>) {
        let unique = Array(Set(members)).sorted().map { Array($0.utf8) }
        let total = unique.reduce(0) { $0 + $1.count }
        bytes = .allocate(capacity: max(total, 1))
        offsets = .allocate(capacity: unique.count + 1)
        words = .allocate(capacity: max(1, 2 * unique.count))
        lengths = .allocate(capacity: max(1, unique.count))
        var size = 8
        while size < unique.count * 2 { size *= 2 }
        mask = size - 1
        count = unique.count
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        var at = 0
        for (i, member) in unique.enumerated() {
            offsets[i] = at
            for b in member { bytes[at] = b; at += 1 }
            let key = UnsafeRawBufferPointer(start: bytes + offsets[i], count: member.count)
            let (w0, w1) = ByteSet.pack(key)
            words[2 * i] = w0; words[2 * i + 1] = w1; lengths[i] = member.count
            var slot = ByteSet.hash(w0, w1, member.count) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
        offsets[unique.count] = at
    }

    deinit { bytes.deallocate(); offsets.deallocate(); words.deallocate(); lengths.deallocate(); slots.deallocate() }

    /// Nothing: the set frees its memory itself (`deinit`). Kept while callers from when it was a struct remain.
    @available(*, deprecated, message: "ByteSet frees its memory in deinit; drop the call")
    public func deallocate() {}

    public func contains(_ key: UnsafeRawBufferPointer) -> Bool { index(of: key) != nil }

    /// The member's number in sorted order, or nil.
    @inline(__always)
    public func index(of key: UnsafeRawBufferPointer) -> Int? {
        let (w0, w1) = ByteSet.pack(key)
        if count <= 8 {
            for i in 0..<count where matches(i, key, w0, w1) { return i }
            return nil
        }
        var slot = ByteSet.hash(w0, w1, key.count) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            if matches(i, key, w0, w1) { return i }
            slot = (slot + 1) & mask
        }
    }

    public var members: Int { count }

    public func member(_ i: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: bytes + offsets[i], count: offsets[i + 1] - offsets[i]), as: UTF8.self)
    }

    @inline(__always)
    private func matches(_ i: Int, _ key: UnsafeRawBufferPointer, _ w0: UInt64, _ w1: UInt64) -> Bool {
        guard lengths[i] == key.count, words[2 * i] == w0, words[2 * i + 1] == w1 else { return false }
        return key.count <= 16 || memcmp(bytes + offsets[i] + 16, key.baseAddress! + 16, key.count - 16) == 0
    }

    /// The first sixteen bytes of a key as two words, zero-padded.
    @inline(__always)
    static func pack(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var pair: (UInt64, UInt64) = (0, 0)
        let n = min(key.count, 16)
        if n > 0 { withUnsafeMutableBytes(of: &pair) { $0.baseAddress!.copyMemory(from: key.baseAddress!, byteCount: n) } }
        return pair
    }

    @inline(__always)
    static func hash(_ w0: UInt64, _ w1: UInt64, _ length: Int) -> Int {
        var h = (w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return Int(truncatingIfNeeded: h)
    }
}
