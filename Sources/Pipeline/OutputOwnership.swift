import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// migstat will not write there: the place is not migstat's to replace, truncate or delete (exit 64).
public struct UnsafeOutputError: Error, CustomStringConvertible {
    public var subject: String
    public var message: String
    public var description: String { "\(subject): \(message)" }

    public init(subject: String, message: String) { self.subject = subject; self.message = message }
}

/// A run replaces its output directory whole, so it must only ever replace one it made. The marker says so:
/// migstat writes it into every output, and a non-empty directory without it is refused, as is one that is or
/// holds the working directory, the configuration's or the raw extracts, or a link (the link itself would be
/// replaced by a directory, its target left stale).
public enum OutputOwnership {
    public static let markerName = ".migstat-output"
    /// Fixed, so that outputs stay byte-identical from run to run.
    public static let markerText = "This directory is an output of migstat: each run replaces it whole.\n"

    public static func check(output: String, raw: String, config: String) throws {
        guard !output.isEmpty else {
            throw UnsafeOutputError(subject: "--out", message: "is empty (an unset variable?): name the output directory")
        }
        let target = URL(fileURLWithPath: output).standardizedFileURL
        // Before the location's own checks: an output under raw/ is refused whatever is (not yet) there.
        if let realRaw = NoFollow.resolved(raw), resolvedNearest(target.path).hasPrefix(realRaw + "/") {
            throw UnsafeOutputError(subject: output, message: "is inside the raw directory (\(realRaw)); migstat writes nothing among "
                                    + "the extracts it reads: choose a directory outside it")
        }
        try OutputDirectory.checkLocation(target)
        let parent = NoFollow.resolved(target.deletingLastPathComponent().path) ?? target.deletingLastPathComponent().path
        let resolved = parent == "/" ? "/" + target.lastPathComponent : parent + "/" + target.lastPathComponent
        let protected = [("the working directory", FileManager.default.currentDirectoryPath),
                         ("the configuration's directory", URL(fileURLWithPath: config).deletingLastPathComponent().path),
                         ("the raw directory", raw)]
        for (what, path) in protected {
            guard let real = NoFollow.resolved(path) else { continue }   // missing raw/ is reported by the run itself
            if real == resolved { throw UnsafeOutputError(subject: output, message: "is \(what) (\(real)); a run would replace it whole") }
            if resolved == "/" || real.hasPrefix(resolved + "/") {
                throw UnsafeOutputError(subject: output, message: "holds \(what) (\(real)); a run would replace it whole")
            }
        }
        var st = stat()
        let exists = lstat(target.path, &st) == 0
        if exists, (try? FileManager.default.contentsOfDirectory(atPath: target.path))?.isEmpty != true, !isMarked(target) {
            throw UnsafeOutputError(subject: output, message: "is not empty and was not made by migstat (it has no \(markerName)); "
                                    + "a run replaces its output whole: choose a new or empty directory")
        }
        if exists { try requireOneFilesystem(target, named: output) }
        try RunLock.requireOursOrAbsent(output: output)
        try InputHashes.requireOursOrAbsent(output: output)
    }

    /// A run replaces the output whole and removes the previous one: a filesystem mounted in it (or on it) would
    /// be emptied, so it is refused, nothing touched.
    static func requireOneFilesystem(_ target: URL, named output: String) throws {
        guard let parent = PosixFile.open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY) else { return }
        defer { parent.closeIgnoringErrors() }
        if let mount = FilesystemBoundary.firstMountPoint(in: parent.descriptor, target.lastPathComponent) {
            throw FilesystemBoundary.refusal(target.deletingLastPathComponent().appendingPathComponent(mount).path,
                                             removing: "the output \(output), which a run replaces whole")
        }
    }

    /// `path` with every link resolved as far as it exists; the missing rest appended as given.
    static func resolvedNearest(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path), rest: [String] = []
        while NoFollow.resolved(existing.path) == nil && existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let base = NoFollow.resolved(existing.path) ?? existing.path
        return rest.reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
    }

    /// The directory holds migstat's marker: a regular file (not a link) of exactly the marker's text.
    static func isMarked(_ directory: URL) -> Bool {
        guard let opened = NoFollow.openDirectory(directory.path) else { return false }
        defer { opened.closeIgnoringErrors() }
        return NoFollow.readSmallFile(in: opened.descriptor, markerName) == markerText
    }
}
