import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// Another run holds the lock: the caller exits at once with its own code.
public struct LockedError: Error, CustomStringConvertible {
    public var lockFile: String
    public var holderPid: Int32?
    public var holderStarted: String?
    public var description: String {
        let who = holderPid.map { "pid \($0)" } ?? "another process"
        let when = holderStarted.map { ", started \($0)" } ?? ""
        return "another migstat run holds \(lockFile) (\(who)\(when)); not starting a second one"
    }
}

/// One run at a time per output directory: an exclusive `flock` on `<output>.lock` beside it. The kernel
/// releases the lock when its holder dies, however it dies, so a lock left by a killed run is taken over
/// by the next one; the file keeps the pid and start time of the last holder for messages and logs.
public final class RunLock {
    public let path: String
    private let fd: Int32
    /// The holder before us, if it was killed rather than finishing (its pid and start time are still in the file).
    public private(set) var takenOver: (pid: Int32, started: String)?

    public static func path(forOutput output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".lock").path
    }

    /// Takes the lock or throws `LockedError` without waiting.
    public init(output: String, started: Date = Date()) throws {
        path = RunLock.path(forOutput: output)
        try OutputDirectory.checkLocation(URL(fileURLWithPath: output).standardizedFileURL)
        fd = try RunLock.open(path)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = RunLock.readHolder(fd)
            close(fd)
            throw LockedError(lockFile: path, holderPid: holder?.pid, holderStarted: holder?.started)
        }
        // Locked. A holder still named in the file ended without clearing it: killed (or crashed).
        if let previous = RunLock.readHolder(fd), previous.pid != getpid() { takenOver = previous }
        let line = "\(getpid()) \(ISO8601DateFormatter().string(from: started))\n"
        ftruncate(fd, 0)
        _ = line.withCString { pwrite(fd, $0, strlen($0), 0) }
        let held = fd
        Termination.shared.exclusive { $0.lockDescriptors.append(held) }
    }

    /// Clears the holder and releases the lock (also released by the kernel if the process dies first).
    public func release() {
        Termination.shared.exclusive { tracked in
            tracked.lockDescriptors.removeAll { $0 == fd }
            ftruncate(fd, 0)
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// The lock file, never through a link: it is truncated, so a link (or a hard link) planted in its place
    /// would cost the file it points to its contents.
    private static func open(_ path: String) throws -> Int32 {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ELOOP {
            throw UnsafeOutputError(subject: path, message: "is a symbolic link; migstat follows no link where it writes: remove it")
        }
        guard fd >= 0 else { throw MigstatError.output(path: path, message: String(cString: strerror(errno))) }
        var st = stat()
        let problem = fstat(fd, &st) != 0 ? String(cString: strerror(errno))
            : (st.st_mode & S_IFMT) != S_IFREG ? "is not a regular file; remove it"
            : st.st_nlink > 1 ? "has other names (hard links), which truncating it would empty too; remove it" : nil
        if let problem {
            close(fd)
            throw UnsafeOutputError(subject: path, message: problem)
        }
        return fd
    }

    private static func readHolder(_ fd: Int32) -> (pid: Int32, started: String)? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let pid = Int32(parts[0]) else { return nil }
        return (pid, parts[1])
    }
}
