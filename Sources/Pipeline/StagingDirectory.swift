import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// `<output>.tmp-<pid>` beside the output: a run's own directory, marked with its pid. The new output is built
/// inside it (`<staging>/<output name>`) and exchanged with the output, so the previous output lands in it and
/// goes with it, its marker removed last: a staging directory a killed run leaves is always marked (or empty,
/// if the run died between making it and marking it), and only such directories are ever removed as stale.
public enum StagingDirectory {
    public static let markerName = ".migstat-staging"
    public static func markerText(pid: Int32) -> String { "migstat staging directory of pid \(pid)\n" }

    /// Makes this process's staging directory, marked. A leftover of a dead run that had the same pid is removed
    /// first; anything else under that name is refused.
    static func create(_ staging: URL) throws {
        let opened = try openParent(of: staging), parent = opened.descriptor, name = staging.lastPathComponent
        defer { opened.closeIgnoringErrors() }
        if mkdirat(parent, name, 0o755) != 0 {
            let exists = errno == EEXIST
            guard exists, try removeIfMarked(staging, in: parent, pid: getpid()), mkdirat(parent, name, 0o755) == 0 else {
                let reason = exists ? "it exists and is not a staging directory of migstat; remove it" : NoFollow.lastError
                throw MigstatError.output(path: staging.path, message: reason)
            }
        }
        guard let directory = NoFollow.openDirectory(in: parent, name) else { throw MigstatError.output(path: staging.path, message: NoFollow.lastError) }
        defer { directory.closeIgnoringErrors() }
        let markerPath = staging.path + "/" + markerName
        guard let marker = PosixFile.open(markerName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644, in: directory.descriptor) else {
            throw MigstatError.output(path: markerPath, message: NoFollow.lastError)
        }
        defer { marker.closeIgnoringErrors() }
        try Array(markerText(pid: getpid()).utf8).withUnsafeBytes { try PosixFile(descriptor: marker.descriptor, path: markerPath).writeAll($0) }
    }

    /// Removes this run's own staging directory and what it holds (the new output, or the previous one after the
    /// swap). Another thread of the run may still be writing into it (a signal's cleanup), so a pass that leaves
    /// something is repeated; what is still left then keeps its marker, for the next run to remove. A mount
    /// point inside (mounted there during the run) is an error naming it, and nothing is removed.
    static func remove(_ staging: URL) throws {
        guard let opened = try? openParent(of: staging) else { return }
        defer { opened.closeIgnoringErrors() }
        let parent = opened.descriptor
        // The writing thread fails once its directory is gone; a short pause lets it, so that a pass catches up
        // with it (five passes back to back left files behind on a loaded machine: KillTests).
        var passes = 1
        while try !removeIfMarked(staging, in: parent, pid: getpid()) && passes < 50 { passes += 1; usleep(2_000) }
    }

    /// Removes the staging directories of `output` whose run is dead: marked with their pid, or empty. A directory
    /// of the user's named like one (`output.tmp-backup`, or an unmarked `output.tmp-123`) is left alone, and one
    /// holding a mount point is an error naming it (exit 64), left whole.
    static func removeStale(beside output: URL, identify: FilesystemID.Lookup = FilesystemID.system) throws {
        guard let opened = try? openParent(of: output),
              let entries = try? FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path) else { return }
        defer { opened.closeIgnoringErrors() }
        let parent = opened.descriptor
        let prefix = output.lastPathComponent + ".tmp-"
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }   // not a pid, or a run still under way
            try removeIfMarked(output.deletingLastPathComponent().appendingPathComponent(entry), in: parent, pid: pid, identify: identify)
        }
    }

    /// Removes `name` if it is a staging directory of `pid` (marked, or still empty), never following a link
    /// nor crossing into another filesystem; true if it is gone.
    @discardableResult
    private static func removeIfMarked(_ staging: URL, in parent: Int32, pid: Int32,
                                       identify: FilesystemID.Lookup = FilesystemID.system) throws -> Bool {
        let name = staging.lastPathComponent
        guard let directory = NoFollow.openDirectory(in: parent, name) else { return errno == ENOENT }
        let marked = NoFollow.readSmallFile(in: directory.descriptor, markerName) == markerText(pid: pid)
        directory.closeIgnoringErrors()
        guard marked else { return unlinkat(parent, name, AT_REMOVEDIR) == 0 }   // only an empty directory: killed before its marker
        if let mount = FilesystemBoundary.firstMountPoint(in: parent, name, identify: identify) {
            let path = staging.deletingLastPathComponent().appendingPathComponent(mount).path
            throw FilesystemBoundary.refusal(path, removing: "the staging directory \(staging.path)")
        }
        return NoFollow.removeTree(in: parent, name, last: markerName, identify: identify)
    }

    /// The directory the output goes in, as the user named it (links in that path are the user's to make).
    private static func openParent(of url: URL) throws -> PosixFile {
        let path = url.deletingLastPathComponent().path
        guard let parent = PosixFile.open(path, O_RDONLY | O_DIRECTORY) else { throw MigstatError.output(path: path, message: NoFollow.lastError) }
        return parent
    }
}
