import CSupport
import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// Copies a file inside the kernel (copy_file_range), so that carrying a store of hundreds of MB from the
/// previous output into the new one costs a fraction of a second.
enum FileCopy {
    static func copy(_ from: String, to: String) throws {
        let source = open(from, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw MigstatError.io(file: from, message: String(cString: strerror(errno))) }
        defer { close(source) }
        let target = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard target >= 0 else { throw MigstatError.output(path: to, message: String(cString: strerror(errno))) }
        defer { close(target) }
        var st = stat()
        fstat(source, &st)
        var left = Int(st.st_size)
        while left > 0 {
            let n = migstat_copy_file_range(source, target, UInt(left))
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSYS || errno == EXDEV || errno == EINVAL { return try copyByReading(from, to) }
                throw MigstatError.output(path: to, message: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            left -= n
        }
    }

    private static func copyByReading(_ from: String, _ to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch {
            throw MigstatError.output(path: to, message: OutputDirectory.reason(error))
        }
    }
}
