import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// An input file opened for reading at explicit offsets, so that the reader can resume at any line.
final class InputFile {
    let fd: Int32
    let displayPath: String
    let size: Int

    init(path: String, displayPath: String) throws {
        self.displayPath = displayPath
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MigstatError.io(file: displayPath, message: PosixError.describe(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw MigstatError.io(file: displayPath, message: PosixError.describe(code))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw MigstatError.io(file: displayPath, message: PosixError.describe(EISDIR))
        }
        size = Int(info.st_size)
    }

    deinit { close(fd) }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        try PosixFile(descriptor: fd, path: displayPath).read(into: buffer, at: offset)
    }
}
