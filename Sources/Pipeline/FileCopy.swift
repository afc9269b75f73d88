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
        let source = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard source >= 0 else { throw MigstatError.io(file: from, message: NoFollow.lastError) }
        defer { close(source) }
        let target = try NoFollow.createFile(to)
        defer { close(target) }
        var st = stat()
        fstat(source, &st)
        var left = Int(st.st_size)
        while left > 0 {
            let n = migstat_copy_file_range(source, target, UInt(left))
            if n < 0 {
                if errno == EINTR { continue }
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
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = read(source, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw MigstatError.output(path: to, message: NoFollow.lastError) }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try NoFollow.writeAll(target, UnsafeRawBufferPointer(rebasing: $0[0..<n]), path: to) }
        }
    }
}
