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
        guard fd >= 0 else { throw MigstatError.io(file: displayPath, message: describeErrno(errno, opening: true)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw MigstatError.io(file: displayPath, message: describeErrno(code, opening: true))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw MigstatError.io(file: displayPath, message: describeErrno(EISDIR, opening: true))
        }
        size = Int(info.st_size)
    }

    deinit { close(fd) }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw MigstatError.io(file: displayPath, message: describeErrno(errno, opening: false))
        }
    }
}

func describeErrno(_ code: Int32, opening: Bool) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case EISDIR: return "is a directory, expected a file"
    case ENOTDIR: return "a component of the path is not a directory"
    default: return String(cString: strerror(code))
    }
}
