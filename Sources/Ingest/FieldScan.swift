/// Whether a field's bytes hold a line end (CR or LF), eight bytes at a time: nearly no field holds one, and
/// the line count must know when one does (LineCounter).
struct FieldScan {
    var holdsLineEnd = false

    /// Whether any byte of a word is zero.
    @inline(__always) static func hasZeroByte(_ w: UInt64) -> Bool { (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 }

    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if FieldScan.hasZeroByte(w ^ 0x0A0A_0A0A_0A0A_0A0A) || FieldScan.hasZeroByte(w ^ 0x0D0D_0D0D_0D0D_0D0D) { holdsLineEnd = true; return }
            i += 8
        }
        while i < n {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x0A || b == 0x0D { holdsLineEnd = true; return }
            i += 1
        }
    }
}
