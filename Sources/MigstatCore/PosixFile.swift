#if canImport(Glibc)
import Glibc
#endif

/// A system call on a file that failed: which call, on which path, and its errno. It prints in migstat's one
/// error format ("cannot write PATH: …" for the writing calls, "PATH: …" for the others).
public struct PosixError: Error, Equatable, CustomStringConvertible {
    public enum Operation: String, Sendable { case read, write, fsync, close, copy }
    public let operation: Operation
    public let path: String
    public let code: Int32

    public init(_ operation: Operation, path: String, code: Int32) {
        self.operation = operation; self.path = path; self.code = code
    }

    public var message: String { PosixError.describe(code) }

    public var description: String {
        switch operation {
        case .write, .fsync, .copy: return "cannot write \(path): \(message)"
        case .read, .close: return "\(path): \(message)"
        }
    }

    /// The words a user reads for the common errnos, strerror's for the rest.
    public static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory, expected a file"
        case ENOTDIR: return "a component of the path is not a directory"
        default: return String(cString: strerror(code))
        }
    }
}

/// An open descriptor and its path: read, pread, write, pwrite and fsync retry EINTR here, in one place, and
/// fail with a `PosixError` carrying the errno and the path. The caller owns the descriptor (and closes it).
public struct PosixFile {
    public let descriptor: Int32
    public let path: String

    public init(descriptor: Int32, path: String) { self.descriptor = descriptor; self.path = path }

    /// Opens `path` as `open(_:_:mode:in:)` does (close-on-exec, EINTR retried: the one place a file is opened),
    /// but a failure is a `PosixError` of `operation`, what the file was opened for.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600, for operation: PosixError.Operation) throws -> PosixFile {
        guard let file = open(path, flags, mode: mode) else { throw PosixError(operation, path: path, code: errno) }
        return file
    }

    /// Runs `call` (a system call returning -1 with errno set on failure) again while a signal interrupts it;
    /// the last result is returned with errno as the call left it.
    public static func retryingInterrupts<R: BinaryInteger>(_ call: () -> R) -> R {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Up to `buffer.count` bytes from the current offset; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try checked(.read) { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
    }

    /// Up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        try checked(.read) { pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Fills `buffer` unless the file ends first; the number of bytes read.
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Writes all of `bytes` (a short write continues), so that a full disk or a file size limit is reported
    /// by its errno ("No space left on device").
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            done += try checked(.write) { Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done) }
        }
    }

    /// Writes all of `bytes` at `offset`, leaving the descriptor's own offset where it was.
    public func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            done += try checked(.write) { pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
        }
    }

    public func fsync() throws {
        _ = try checked(.fsync) { Glibc.fsync(descriptor) }
    }

    /// Closes the descriptor. Never retried: on Linux the descriptor is released even when close reports EINTR,
    /// and a retry could close a descriptor another thread has just opened.
    public func close() throws {
        if Glibc.close(descriptor) != 0 { throw PosixError(.close, path: path, code: errno) }
    }

    /// Closes a descriptor only read from, or one given up on after another error: there is nothing left to
    /// report that a reader would act on.
    public func closeIgnoringErrors() { _ = Glibc.close(descriptor) }

    private func checked<R: BinaryInteger>(_ operation: PosixError.Operation, _ call: () -> R) throws -> Int {
        let result = PosixFile.retryingInterrupts(call)
        guard result >= 0 else { throw PosixError(operation, path: path, code: errno) }
        return Int(result)
    }
}
