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
    private let file: PosixFile
    private var fd: Int32 { file.descriptor }
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
        file = try RunLock.open(path)
        if flock(file.descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = RunLock.readHolder(file.descriptor)
            file.closeIgnoringErrors()
            throw LockedError(lockFile: path, holderPid: holder?.pid, holderStarted: holder?.started)
        }
        // Locked. A holder still named in the file ended without clearing it: killed (or crashed).
        if let previous = RunLock.readHolder(fd), previous.pid != getpid() { takenOver = previous }
        let text = RunLock.marker + "\(getpid()) \(ISO8601DateFormatter().string(from: started))\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        ftruncate(fd, off_t(text.utf8.count))
        let held = fd
        Termination.shared.exclusive { $0.lockDescriptors.append(held) }
    }

    /// Clears the holder and releases the lock (also released by the kernel if the process dies first).
    public func release() {
        Termination.shared.exclusive { tracked in
            tracked.lockDescriptors.removeAll { $0 == fd }
            ftruncate(fd, off_t(RunLock.marker.utf8.count))   // the marker stays: the file is migstat's
            flock(fd, LOCK_UN)
            file.closeIgnoringErrors()
        }
    }

    /// The first line of the lock file: migstat's own (`SideFile`). The holder's pid and start time follow it.
    public static let marker = "migstat run lock: one run at a time for this output\n"

    /// A lock file of a migstat before the marker: empty, or the holder's line alone.
    private static func isOurs(_ text: String) -> Bool {
        if text.hasPrefix(marker) || text.isEmpty { return true }
        let parts = text.split(separator: " ")
        return text.hasSuffix("\n") && parts.count == 2 && Int32(parts[0]) != nil && ISO8601DateFormatter().date(from: String(parts[1].dropLast())) != nil
    }

    /// Refuses a lock file migstat did not make (exit 64), leaving it as it was.
    static func requireOursOrAbsent(output: String) throws {
        try SideFile.requireOursOrAbsent(path(forOutput: output), isOurs)
    }

    /// The lock file, made by migstat or refused, never through a link: it is written, so a link (or a hard
    /// link) planted in its place would cost the file it points to its contents.
    private static func open(_ path: String) throws -> PosixFile {
        if let file = try? SideFile.create(path) {
            _ = marker.withCString { pwrite(file.descriptor, $0, strlen($0), 0) }
            return file
        }
        guard let file = PosixFile.open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK) else {
            if errno == ELOOP {
                throw UnsafeOutputError(subject: path, message: "is a symbolic link; migstat follows no link where it writes: remove it")
            }
            throw MigstatError.output(path: path, message: String(cString: strerror(errno)))
        }
        do { try SideFile.requireOurs(file.descriptor, path: path, isOurs) } catch { file.closeIgnoringErrors(); throw error }
        return file
    }

    private static func readHolder(_ fd: Int32) -> (pid: Int32, started: String)? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        var text = String(decoding: buffer[0..<n], as: UTF8.self)
        if text.hasPrefix(marker) { text.removeFirst(marker.count) }
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let pid = Int32(parts[0]) else { return nil }
        return (pid, parts[1])
    }
}
