import CSupport
import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// Copies a file inside the kernel (copy_file_range), so that carrying a store of hundreds of MB from the
/// previous output into the new one costs a fraction of a second. Neither end is reached through a link, and
/// the copy is a new file: nothing existing is truncated.
enum FileCopy {
    static func copy(_ from: String, to: String) throws {
        guard let reader = PosixFile.open(from, O_RDONLY | O_NOFOLLOW) else { throw MigstatError.io(file: from, message: NoFollow.lastError) }
        defer { reader.closeIgnoringErrors() }
        let writer = try NoFollow.createFile(to)
        defer { writer.closeIgnoringErrors() }
        let source = reader.descriptor, target = writer.descriptor
        var st = stat()
        fstat(source, &st)
        var left = Int(st.st_size)
        while left > 0 {
            let n = PosixFile.retryingInterrupts { migstat_copy_file_range(source, target, UInt(left)) }
            if n < 0 {
                if errno == ENOSYS || errno == EXDEV || errno == EINVAL { return try copyByReading(source, target, to) }
                throw MigstatError.output(path: to, message: NoFollow.lastError)
            }
            if n == 0 { break }
            left -= n
        }
    }

    /// Where the kernel cannot copy between the two files: from the start again, through a buffer.
    private static func copyByReading(_ source: Int32, _ target: Int32, _ to: String) throws {
        guard lseek(source, 0, SEEK_SET) == 0, lseek(target, 0, SEEK_SET) == 0, ftruncate(target, 0) == 0 else {
            throw MigstatError.output(path: to, message: NoFollow.lastError)
        }
        let reader = PosixFile(descriptor: source, path: to), writer = PosixFile(descriptor: target, path: to)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try reader.read(into: buffer)
            if n == 0 { return }
            try writer.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
