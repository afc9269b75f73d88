import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// The files migstat keeps beside its output, `<out>.lock`, `<out>.state.json` and `<out>.rejected.csv`, begin with a line of their
/// own, so that migstat knows them. A file of either name that migstat did not make (other content, a link, a
/// directory, a file with other names) is never truncated, replaced or written: the run is refused (exit 64),
/// the file left as it was.
enum SideFile {
    /// Files written by a migstat without markers are still migstat's: at most this big.
    static let readLimit = 16 << 20

    /// As `requireOursOrAbsent`, for a file known by its first bytes alone (`<out>.rejected.csv`, which starts
    /// with migstat's quarantine header and can be large): only `head` is read.
    static func requireOursOrAbsent(_ path: String, startingWith head: String) throws {
        guard let file = try openExisting(path) else { return }
        defer { file.closeIgnoringErrors() }
        let fd = file.descriptor
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw refusal(path, PosixError.describe(errno)) }
        if let kind = RegularFile.notRegular(st.st_mode) { throw refusal(path, "is \(kind)") }
        if st.st_nlink > 1 { throw refusal(path, "has other names (hard links)") }
        guard let text = try? read(fd, path: path, size: min(Int(st.st_size), head.utf8.count)), text == head else {
            throw refusal(path, "was not made by migstat (it lacks migstat's first line)")
        }
    }

    /// Refuses `path` unless it is absent or a regular file with one name whose content `isOurs` accepts.
    static func requireOursOrAbsent(_ path: String, _ isOurs: (String) -> Bool) throws {
        guard let file = try openExisting(path) else { return }
        defer { file.closeIgnoringErrors() }
        try requireOurs(file.descriptor, path: path, isOurs)
    }

    /// The file for reading, never through a link; nil if there is none; refused if it cannot be opened.
    private static func openExisting(_ path: String) throws -> PosixFile? {
        if let file = PosixFile.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) { return file }
        if errno == ENOENT { return nil }
        throw refusal(path, errno == ELOOP ? "is a symbolic link" : PosixError.describe(errno))
    }

    /// Refuses the open file unless it is a regular file with one name whose content `isOurs` accepts.
    static func requireOurs(_ fd: Int32, path: String, _ isOurs: (String) -> Bool) throws {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw refusal(path, PosixError.describe(errno)) }
        if let kind = RegularFile.notRegular(st.st_mode) { throw refusal(path, "is \(kind)") }
        if st.st_nlink > 1 { throw refusal(path, "has other names (hard links)") }
        guard Int(st.st_size) <= readLimit, let text = try? read(fd, path: path, size: Int(st.st_size)), isOurs(text) else {
            throw refusal(path, "was not made by migstat (it lacks migstat's first line)")
        }
    }

    /// Creates `path`, which must not exist, never through a link.
    static func create(_ path: String) throws -> PosixFile {
        guard let file = PosixFile.open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644) else {
            throw MigstatError.output(path: path, message: PosixError.describe(errno))
        }
        return file
    }

    private static func read(_ fd: Int32, path: String, size: Int) throws -> String {
        var bytes = [UInt8](repeating: 0, count: size)
        let n = try bytes.withUnsafeMutableBytes { try PosixFile(descriptor: fd, path: path).readFully(into: $0) }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }

    private static func refusal(_ path: String, _ problem: String) -> UnsafeOutputError {
        UnsafeOutputError(subject: path, message: "\(problem); migstat keeps its own file under this name and never truncates or "
                          + "replaces another: move it away")
    }
}
