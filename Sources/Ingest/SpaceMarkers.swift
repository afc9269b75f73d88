/// libcsv trims spaces and tabs around unquoted fields unless it is given a space test, which it then
/// calls for nearly every byte: a fifth of its time. In UTF-8, which never uses the bytes FE and FF, the
/// byte path instead hides spaces and tabs from libcsv as those two bytes and puts them back in each field.
/// From the first block that holds FE or FF itself (not UTF-8), the file is read the usual way.
enum SpaceMarkers {
    static let space: UInt8 = 0xFF, tab: UInt8 = 0xFE

    /// Whether the trick applies: UTF-8, and the delimiter is neither a space nor a tab.
    static func apply(to options: CSVOptions) -> Bool {
        options.encoding == .utf8 && options.delimiter != 0x20 && options.delimiter != 0x09
    }

    @inline(__always) static func hasZeroByte(_ w: UInt64) -> Bool { (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 }
    /// Whether a word holds FE or FF (a byte whose seven high bits are set).
    @inline(__always) static func holdsMarker(_ w: UInt64) -> Bool { hasZeroByte(~w & 0xFEFE_FEFE_FEFE_FEFE) }

    /// Replaces spaces and tabs with their markers in place; false, leaving the block as it was, if it holds
    /// a marker byte of its own.
    static func hide(_ block: UnsafeMutableRawBufferPointer) -> Bool {
        guard let base = block.baseAddress else { return true }
        let n = block.count
        let words = n / 8
        for w in 0..<words where holdsMarker(base.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)) { return false }
        for i in words * 8..<n where base.load(fromByteOffset: i, as: UInt8.self) >= tab { return false }
        for w in 0..<words {
            let word = base.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
            guard hasZeroByte(word ^ 0x2020_2020_2020_2020) || hasZeroByte(word ^ 0x0909_0909_0909_0909) else { continue }
            for i in w * 8..<w * 8 + 8 { hideByte(base, i) }
        }
        for i in words * 8..<n { hideByte(base, i) }
        return true
    }

    @inline(__always) private static func hideByte(_ base: UnsafeMutableRawPointer, _ at: Int) {
        switch base.load(fromByteOffset: at, as: UInt8.self) {
        case 0x20: base.storeBytes(of: space, toByteOffset: at, as: UInt8.self)
        case 0x09: base.storeBytes(of: tab, toByteOffset: at, as: UInt8.self)
        default: break
        }
    }

    /// Puts the spaces and tabs of one field back.
    static func restore(_ field: UnsafeMutablePointer<UInt8>, count n: Int) {
        for i in 0..<n {
            if field[i] == space { field[i] = 0x20 } else if field[i] == tab { field[i] = 0x09 }
        }
    }
}

/// What one pass over a field's bytes finds, eight bytes at a time: a line end (nearly no field holds one)
/// and, when spaces are hidden, a SpaceMarkers byte.
struct FieldScan {
    var holdsLineEnd = false
    var holdsMarker = false

    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer, markers: Bool) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if SpaceMarkers.hasZeroByte(w ^ 0x0A0A_0A0A_0A0A_0A0A) || SpaceMarkers.hasZeroByte(w ^ 0x0D0D_0D0D_0D0D_0D0D) { holdsLineEnd = true }
            if markers && SpaceMarkers.holdsMarker(w) { holdsMarker = true }
            i += 8
        }
        while i < n {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x0A || b == 0x0D { holdsLineEnd = true }
            if markers && b >= SpaceMarkers.tab { holdsMarker = true }
            i += 1
        }
    }
}
