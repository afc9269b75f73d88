import MigstatCore

/// Checks on a field's raw bytes that let the streaming path skip building a String: a field that passes is
/// exactly the text `TextDecoder` would give, in UTF-8; one that does not goes through `TextDecoder`.
public enum FieldBytes {
    /// Whether the bytes are already valid text in UTF-8 for this encoding: no NUL, and valid UTF-8
    /// (for windows-1251 only ASCII qualifies, since its other bytes need transcoding).
    public static func isPlainText(_ bytes: UnsafeRawBufferPointer, encoding: TextEncoding) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return true }
        var i = 0
        // Eight ASCII bytes at a time: no high bit set and no zero byte.
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & 0x8080_8080_8080_8080 != 0 || (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n {
            let b = bytes[i]
            if b == 0 { return false }
            if b < 0x80 { i += 1; continue }
            guard encoding == .utf8 else { return false }
            let need: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let second = bytes[i + 1]
            guard second >= low && second <= high else { return false }
            var k = 2
            while k <= need {
                guard bytes[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }
}
