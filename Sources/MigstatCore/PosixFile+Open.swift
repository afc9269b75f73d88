#if canImport(Glibc)
import Glibc
#endif

extension PosixFile {
    /// Opens `path` (a name in the open directory `directory`, by openat, when given) with `flags`, and always
    /// O_CLOEXEC, so that no program the process starts inherits the descriptor; retries EINTR. Nil on failure,
    /// with errno as the call left it, for the caller's own message.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0, in directory: Int32? = nil) -> PosixFile? {
        let fd = retryingInterrupts {
            if let directory { return openat(directory, path, flags | O_CLOEXEC, mode) }
            return Glibc.open(path, flags | O_CLOEXEC, mode)
        }
        return fd >= 0 ? PosixFile(descriptor: fd, path: path) : nil
    }

    /// A second descriptor of the same open file (sharing its offset), O_CLOEXEC as well; nil on failure.
    public func duplicate() -> PosixFile? {
        let fd = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        return fd >= 0 ? PosixFile(descriptor: fd, path: path) : nil
    }
}
