import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// A buffered writer of bytes to a new file: the generator writes hundreds of MB without building Strings.
/// The bytes go to a temporary file beside `path`, made with O_EXCL|O_NOFOLLOW, and `finish` gives it the name:
/// nothing is ever written through a link or into a file that has other names (a hard link), and a file
/// already there is replaced (by a rename: the old file itself is not touched) only when asked.
final class ByteWriter {
    private let file: PosixFile
    private let path: String
    private let temporary: String
    private var named = false
    private let capacity = 1 << 20
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private(set) var written = 0
    /// The first write error; reported by `finish()` so that the per-byte path stays non-throwing.
    private var failure: Error?

    init(path: String) throws {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        temporary = String(path[..<slash]) + "." + String(path[slash...]) + ".tmp-\(getpid())"
        guard let opened = PosixFile.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644) else {
            throw MigstatError.output(path: temporary, message: PosixError.describe(errno))
        }
        file = opened
        self.path = path
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        file.closeIgnoringErrors()
        if !named { unlink(temporary) }
    }

    func byte(_ b: UInt8) {
        if count == capacity { drain() }
        buffer[count] = b
        count += 1
    }

    func bytes(_ s: [UInt8]) { for b in s { byte(b) } }

    /// A non-negative integer in decimal.
    func integer(_ value: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value, n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 } while v > 0
            while n > 0 { n -= 1; byte(d[n]) }
        }
    }

    /// An integer zero-padded to `width` digits.
    func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 { byte(UInt8(48 + (v / divisor) % 10)); v %= divisor; divisor /= 10 }
    }

    /// Writes what is buffered, reports the first error met since opening, and names the file `path`:
    /// `replacing` renames it over what is there (a link is replaced, not followed); otherwise a file already
    /// there is an error, left as it was (link(2) never replaces).
    func finish(replacing: Bool) throws {
        drain()
        if let failure { throw failure }
        if replacing ? rename(temporary, path) != 0 : link(temporary, path) != 0 {
            let reason = errno == EEXIST ? "exists; give --force to replace it" : PosixError.describe(errno)
            throw MigstatError.output(path: path, message: reason)
        }
        if !replacing { unlink(temporary) }
        named = true
    }

    // A write error names the file asked for, not its temporary.
    private func drain() {
        if failure == nil {
            do { try PosixFile(descriptor: file.descriptor, path: path).writeAll(UnsafeRawBufferPointer(start: buffer, count: count)) } catch { failure = error }
        }
        written += count
        count = 0
    }
}
