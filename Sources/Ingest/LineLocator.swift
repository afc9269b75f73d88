/// Finds where physical lines start and end in a file, counting line ends as the parser does
/// (LF, CRLF and a lone CR each end one line). It is asked only about malformed records, always further on
/// in the file than the last time, so it scans forward from a cursor and costs nothing on a clean file.
final class LineLocator {
    private let file: InputFile
    private var window: [UInt8] = []
    private var windowStart = 0
    private static let windowSize = 1 << 16
    /// The cursor: a line number and the offset its first byte is at.
    private(set) var line = 1
    private(set) var start = 0

    init(file: InputFile) { self.file = file }

    /// Moves the cursor forward to line `n` (or to the end of the file if it has fewer lines).
    func move(toLine n: Int) throws {
        while line < n {
            let (_, next) = try end(ofLineAt: start)
            guard let next else { return }
            line += 1
            start = next
        }
    }

    /// The line that holds byte `offset`, counted from the cursor (which `offset` must not precede).
    func line(containing offset: Int) throws -> Int {
        var l = line, s = start
        while true {
            let (_, next) = try end(ofLineAt: s)
            guard let next, offset >= next else { return l }
            l += 1
            s = next
        }
    }

    /// The bytes of lines `first` through `last` (line ends between them included), at most `limit` of them,
    /// and whether there were more. Moves the cursor to `first`.
    func bytes(lines first: Int, through last: Int, limit: Int) throws -> (bytes: [UInt8], cut: Bool) {
        try move(toLine: first)
        var from = start, l = line, stop = start
        while true {
            let (e, next) = try end(ofLineAt: from)
            stop = e
            guard l < last, let next else { break }
            l += 1
            from = next
        }
        let count = min(stop - start, limit)
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = try out.withUnsafeMutableBytes { buf in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buf[got...]), at: start + got)
            }
            if n == 0 { break }
            got += n
        }
        return (Array(out[0..<got]), stop - start > limit)
    }

    /// Where the content of the line starting at `offset` ends, and where the next line starts
    /// (nil when the file ends without a line end).
    func end(ofLineAt offset: Int) throws -> (end: Int, next: Int?) {
        var i = offset
        while let b = try byte(at: i) {
            if b == 0x0A { return (i, i + 1) }
            if b == 0x0D { return (i, try byte(at: i + 1) == 0x0A ? i + 2 : i + 1) }
            i = nextLineEndCandidate(after: i)
        }
        return (i, nil)
    }

    /// The offset of the next CR or LF in the window after `offset` (or the window's end): the bytes between
    /// are skipped eight at a time, since a whole file may be crossed to reach a bad record near its end.
    private func nextLineEndCandidate(after offset: Int) -> Int {
        var i = offset + 1 - windowStart
        let n = window.count
        return window.withUnsafeBytes { w in
            while i + 8 <= n {
                let x = w.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if FieldScan.hasZeroByte(x ^ 0x0A0A_0A0A_0A0A_0A0A) || FieldScan.hasZeroByte(x ^ 0x0D0D_0D0D_0D0D_0D0D) { break }
                i += 8
            }
            while i < n, w[i] != 0x0A, w[i] != 0x0D { i += 1 }
            return windowStart + i
        }
    }

    private func byte(at offset: Int) throws -> UInt8? {
        if offset < windowStart || offset >= windowStart + window.count {
            window = [UInt8](repeating: 0, count: LineLocator.windowSize)
            let n = try window.withUnsafeMutableBytes { try file.read(into: $0, at: offset) }
            window.removeSubrange(n...)
            windowStart = offset
            if n == 0 { return nil }
        }
        return window[offset - windowStart]
    }
}
