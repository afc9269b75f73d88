#if canImport(Glibc)
import Glibc
#endif

/// Inputs are read only from regular files. Opening a FIFO for reading blocks until a writer comes (a run would
/// hang until killed) and a device or a socket is no extract: each is opened with O_NONBLOCK, so that the open
/// itself never waits, checked with fstat, and refused by name.
public enum RegularFile {
    /// `path` open for reading (the caller closes it), or an error naming `displayPath`. `followingLinks`
    /// false refuses a symbolic link at `path` itself (ELOOP), for files migstat wrote and reads back.
    public static func openForReading(_ path: String, displayPath: String, followingLinks: Bool = true) throws -> PosixFile {
        let file: PosixFile
        do { file = try PosixFile.open(path, O_RDONLY | O_NONBLOCK | (followingLinks ? 0 : O_NOFOLLOW), for: .read) } catch let error as PosixError {
            throw MigstatError.io(file: displayPath, message: error.message)
        }
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else {
            let code = errno
            file.closeIgnoringErrors()
            throw MigstatError.io(file: displayPath, message: PosixError.describe(code))
        }
        if let kind = notRegular(info.st_mode) {
            file.closeIgnoringErrors()
            let message = kind == "a directory" ? PosixError.describe(EISDIR) : "is \(kind), not a regular file; migstat reads only regular files"
            throw MigstatError.io(file: displayPath, message: message)
        }
        // Regular files ignore O_NONBLOCK; cleared all the same, so that the reads are the ordinary kind.
        _ = fcntl(file.descriptor, F_SETFL, fcntl(file.descriptor, F_GETFL) & ~O_NONBLOCK)
        // Read errors name the file as the user knows it.
        return PosixFile(descriptor: file.descriptor, path: displayPath)
    }

    /// What a file of this mode is, if it is not a regular file.
    public static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a file"
        }
    }
}
