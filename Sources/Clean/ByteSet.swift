#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of byte strings (codes, reference keys) with a lookup that makes no String and touches no
/// reference count: open addressing over FNV-1a hashes. Plain old data; `deallocate` frees it.
/// Members are numbered in sorted order.
public struct ByteSet: @unchecked Sendable {
    private let bytes: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<Int>
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    private let count: Int

    public init<S: Sequence>(_ members: S) where S.Element == String {
        let unique = Array(Set(members)).sorted().map { Array($0.utf8) }
        let total = unique.reduce(0) { $0 + $1.count }
        bytes = .allocate(capacity: max(total, 1))
        offsets = .allocate(capacity: unique.count + 1)
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
            var slot = ByteSet.hash(UnsafeRawBufferPointer(start: bytes + offsets[i], count: member.count)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
        offsets[unique.count] = at
    }

    public func deallocate() { bytes.deallocate(); offsets.deallocate(); slots.deallocate() }

    public func contains(_ key: UnsafeRawBufferPointer) -> Bool { index(of: key) != nil }

    /// The member's number in sorted order, or nil.
    public func index(of key: UnsafeRawBufferPointer) -> Int? {
        if count <= 8 {
            // A handful of codes: comparing is cheaper than hashing.
            for i in 0..<count where matches(i, key) { return i }
            return nil
        }
        var slot = ByteSet.hash(key) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            if matches(i, key) { return i }
            slot = (slot + 1) & mask
        }
    }

    public var members: Int { count }

    public func member(_ i: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: bytes + offsets[i], count: offsets[i + 1] - offsets[i]), as: UTF8.self)
    }

    private func matches(_ i: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = offsets[i], length = offsets[i + 1] - start
        return length == key.count && (length == 0 || memcmp(bytes + start, key.baseAddress!, length) == 0)
    }

    static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
