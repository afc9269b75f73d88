import CSupport
import Foundation
import MigstatCore

/// Builds a new output directory beside the old one and swaps it in whole, so a run that fails or is killed
/// at any moment leaves the previous output as it was.
public struct OutputDirectory {
    public let target: URL
    public let staging: URL

    public init(path: String) throws {
        target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        staging = parent.appendingPathComponent("\(target.lastPathComponent).tmp-\(getpid())")
        let fm = FileManager.default
        try Self.checkLocation(target)
        Self.removeStale(in: parent, name: target.lastPathComponent)
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw MigstatError.output(path: staging.path, message: Self.reason(error))
        }
    }

    /// The output can go there: its directory exists, and it is not a file.
    static func checkLocation(_ target: URL) throws {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw MigstatError.output(path: target.path, message: "the directory \(parent.path) does not exist")
        }
        // Swapping a directory in for a file would silently replace the user's file.
        if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
            throw MigstatError.output(path: target.path, message: "it exists and is not a directory")
        }
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    public func write(_ relative: String, _ data: Data) throws {
        let url = staging.appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw MigstatError.output(path: url.path, message: Self.reason(error))
        }
        try Self.writeFile(url.path, data)
    }

    /// Writes with POSIX calls, so that a full disk or a file size limit is reported by its errno
    /// ("No space left on device") rather than as an opaque Foundation error.
    static func writeFile(_ path: String, _ data: Data) throws {
        func fail() -> MigstatError { .output(path: path, message: String(cString: strerror(errno))) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail() }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    let error = fail()
                    close(fd)
                    throw error
                }
                done += n
            }
        }
        guard close(fd) == 0 else { throw fail() }
    }

    public func path(_ relative: String) -> String { staging.appendingPathComponent(relative).path }

    /// Makes the staged directory the output: an atomic exchange when an output exists, a rename otherwise.
    /// Every staged file is on disk first, and the exchange itself after, so that a power cut never leaves an
    /// output whose names are swapped in but whose contents are not written yet.
    public func commit() throws {
        let fm = FileManager.default
        try Self.syncTree(staging)
        defer { try? Self.sync(target.deletingLastPathComponent().path, directory: true) }
        if fm.fileExists(atPath: target.path) {
            guard migstat_exchange_paths(staging.path, target.path) == 0 else {
                throw MigstatError.output(path: target.path, message: "cannot swap in the new output: \(String(cString: strerror(errno)))")
            }
            try? fm.removeItem(at: staging)   // now the previous output
        } else if rename(staging.path, target.path) != 0 {
            throw MigstatError.output(path: target.path, message: String(cString: strerror(errno)))
        }
    }

    public func discard() { try? FileManager.default.removeItem(at: staging) }

    /// fsync of every file and directory under `root`, the root last.
    static func syncTree(_ root: URL) throws {
        let fm = FileManager.default
        var directories: [String] = []
        if let walk = fm.enumerator(atPath: root.path) {
            while let relative = walk.nextObject() as? String {
                let path = root.appendingPathComponent(relative).path
                let isDirectory = (walk.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory
                if isDirectory { directories.append(path) } else { try sync(path, directory: false) }
            }
        }
        for d in directories.reversed() + [root.path] { try sync(d, directory: true) }
    }

    static func sync(_ path: String, directory: Bool) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0))
        guard fd >= 0 else { throw MigstatError.output(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw MigstatError.output(path: path, message: "cannot write it to disk: \(String(cString: strerror(errno)))") }
    }

    /// Staging directories of killed runs (their pid gone) are left-overs, never outputs.
    static func removeStale(in parent: URL, name: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for e in entries where e.hasPrefix("\(name).tmp-") {
            if let pid = Int32(e.dropFirst(name.count + 5)), kill(pid, 0) == 0 || errno == EPERM { continue }
            try? fm.removeItem(at: parent.appendingPathComponent(e))
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }
}
