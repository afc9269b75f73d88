import CSupport
import Foundation
import MigstatCore

/// Builds a new output directory beside the old one and swaps it in whole, so a run that fails or is killed
/// at any moment leaves the previous output as it was.
public struct OutputDirectory {
    public let target: URL
    /// This run's marked staging directory beside the output (see `StagingDirectory`).
    public let staging: URL
    /// The new output, built inside the staging directory and swapped with the output.
    public let building: URL
    /// The previous output's mode and owner, which the new output takes (`OutputModes`); nil on a first run.
    let previousOwner: OutputModes.Owner?

    public init(path: String) throws {
        target = URL(fileURLWithPath: path).standardizedFileURL
        staging = target.deletingLastPathComponent().appendingPathComponent("\(target.lastPathComponent).tmp-\(getpid())")
        building = staging.appendingPathComponent(target.lastPathComponent)
        try Self.checkLocation(target)
        previousOwner = OutputModes.owner(of: target.path)
        try StagingDirectory.removeStale(beside: target)
        let staging = staging
        Termination.shared.exclusive { $0.stagings.append(staging) }   // before it exists: a signal may come any time
        do { try StagingDirectory.create(staging) } catch {
            untrack()   // not discard(): what stands under that name may not be ours
            throw error
        }
        guard mkdir(building.path, 0o755) == 0 else {
            discard()
            throw MigstatError.output(path: building.path, message: NoFollow.lastError)
        }
        do {
            // The new output takes the previous one's mode and group before anything is written into it, so
            // that files inherit a setgid group and the swap changes neither; a first run's follow the umask.
            if let owner = previousOwner {
                try OutputModes.give(owner, to: staging.path, building: true)
                try OutputModes.give(owner, to: building.path, building: true)
            }
            try write(OutputOwnership.markerName, OutputOwnership.markerText)
        } catch { discard(); throw error }
    }

    /// The output can go there: its directory exists, and it is neither a file nor a link.
    static func checkLocation(_ target: URL) throws {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw MigstatError.output(path: target.path, message: "the directory \(parent.path) does not exist")
        }
        // Swapping a directory in for a link would replace the link itself and leave what it points to stale.
        var st = stat()
        if lstat(target.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            throw UnsafeOutputError(subject: target.path, message: "is a symbolic link; a run replaces its output whole and "
                                    + "never replaces a link: give --out the directory it points to")
        }
        // Swapping a directory in for a file would silently replace the user's file.
        if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
            throw MigstatError.output(path: target.path, message: "it exists and is not a directory")
        }
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    /// Writes a new file (never through a link, never over an existing file), with POSIX calls so that a full
    /// disk or a file size limit is reported by its errno.
    public func write(_ relative: String, _ data: Data) throws {
        let file = try NoFollow.createFile(under: building.path, relative)
        defer { file.closeIgnoringErrors() }
        try data.withUnsafeBytes { try file.writeAll($0) }
    }

    public func path(_ relative: String) -> String { building.appendingPathComponent(relative).path }

    /// Makes the staged directory the output: an atomic exchange when an output exists, a rename otherwise.
    /// Every staged file is on disk first, and the exchange itself after, so that a power cut never leaves an
    /// output whose names are swapped in but whose contents are not written yet.
    public func commit() throws {
        try OutputModes.withholdConfidential(in: building.path)
        if let owner = previousOwner { try OutputModes.give(owner, to: building.path) }
        try Self.syncTree(building)
        defer { try? Self.sync(target.deletingLastPathComponent().path, directory: true) }
        // Under the termination mutex: a SIGTERM's cleanup never removes a staging directory half swapped in.
        try Termination.shared.exclusive { tracked in
            var st = stat()
            if lstat(target.path, &st) == 0 {
                guard migstat_exchange_paths(building.path, target.path) == 0 else {
                    throw MigstatError.output(path: target.path, message: "cannot swap in the new output: \(NoFollow.lastError)")
                }
            } else if rename(building.path, target.path) != 0 {
                throw MigstatError.output(path: target.path, message: NoFollow.lastError)
            }
            tracked.swapped = true
        }
        // The staging directory, with the previous output in it now; a mount point in it is reported, kept.
        defer { untrack() }
        try StagingDirectory.remove(staging)
    }

    /// Removes the staging directory of a run that failed (its own error is the news: a mount point found
    /// inside keeps it, for the next run to report).
    public func discard() {
        try? StagingDirectory.remove(staging)
        untrack()
    }

    private func untrack() {
        Termination.shared.exclusive { $0.stagings.removeAll { $0 == staging } }
    }

    /// fsync of every file and directory under `root`, the root last.
    static func syncTree(_ root: URL) throws {
        let fm = FileManager.default
        var files: [String] = [], directories: [String] = []
        if let walk = fm.enumerator(atPath: root.path) {
            while let relative = walk.nextObject() as? String {
                let path = root.appendingPathComponent(relative).path
                let isDirectory = (walk.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory
                if isDirectory { directories.append(path) } else { files.append(path) }
            }
        }
        // Each file's writing is begun before the first fsync waits, so that the disk takes them together instead
        // of one round trip per file (a run's 175 files: 0.06 s of fsyncs one after another); 64 open at a time.
        for start in stride(from: 0, to: files.count, by: 64) {
            var open: [(file: PosixFile, path: String)] = []
            defer { open.forEach { $0.file.closeIgnoringErrors() } }
            for path in files[start..<min(start + 64, files.count)] {
                guard let file = PosixFile.open(path, O_RDONLY | O_NOFOLLOW) else {
                    throw MigstatError.output(path: path, message: NoFollow.lastError)
                }
                _ = migstat_start_writeback(file.descriptor)
                open.append((file, path))
            }
            for (file, path) in open where fsync(file.descriptor) != 0 {
                throw MigstatError.output(path: path, message: "cannot write it to disk: \(NoFollow.lastError)")
            }
        }
        for d in directories.reversed() + [root.path] { try sync(d, directory: true) }
    }

    static func sync(_ path: String, directory: Bool) throws {
        guard let file = PosixFile.open(path, O_RDONLY | O_NOFOLLOW | (directory ? O_DIRECTORY : 0)) else {
            throw MigstatError.output(path: path, message: NoFollow.lastError)
        }
        defer { file.closeIgnoringErrors() }
        guard fsync(file.descriptor) == 0 else { throw MigstatError.output(path: path, message: "cannot write it to disk: \(NoFollow.lastError)") }
    }

    /// Staging directories of killed runs (their pid gone, their marker naming it) are left-overs, never outputs.
    static func removeStale(in parent: URL, name: String) throws {
        try StagingDirectory.removeStale(beside: parent.appendingPathComponent(name))
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }
}
