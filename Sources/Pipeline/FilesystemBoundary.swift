import CSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The filesystem a directory entry is on: its device, and its mount (a bind mount of a directory of the same
/// filesystem has the same device but a mount of its own).
struct FilesystemID: Equatable, Sendable {
    var device: UInt64
    var mount: UInt64

    /// The filesystem of the entry `name` of an open directory ("." for the directory itself); nil if it is gone.
    typealias Lookup = @Sendable (_ directory: Int32, _ name: String) -> FilesystemID?

    /// statx(2), never following a link. Tests that may not mount pass another lookup instead.
    static let system: Lookup = { directory, name in
        var device: UInt64 = 0, mount: UInt64 = 0
        return migstat_filesystem_of(directory, name, &device, &mount) == 0 ? FilesystemID(device: device, mount: mount) : nil
    }
}

/// Removal never crosses into another filesystem mounted inside what migstat removes (as `rm --one-file-system`
/// would not): a mount point met there is an error naming it, and nothing of the tree is removed.
enum FilesystemBoundary {
    /// The first entry under `name` of `directory` (or `name` itself) on another filesystem than `directory`,
    /// as a path relative to it; nil if every entry is on the directory's own.
    static func firstMountPoint(in directory: Int32, _ name: String, identify: FilesystemID.Lookup = FilesystemID.system) -> String? {
        guard let root = identify(directory, ".") else { return nil }
        return search(in: directory, name, relative: name, root: root, identify)
    }

    private static func search(in directory: Int32, _ name: String, relative: String, root: FilesystemID, _ identify: FilesystemID.Lookup) -> String? {
        guard let id = identify(directory, name) else { return nil }   // gone: nothing to cross
        if id != root { return relative }
        guard let opened = NoFollow.openDirectory(in: directory, name) else { return nil }   // a file or a link: nothing below it
        defer { opened.closeIgnoringErrors() }
        for entry in NoFollow.entries(of: opened.descriptor) {
            if let found = search(in: opened.descriptor, entry, relative: relative + "/" + entry, root: root, identify) { return found }
        }
        return nil
    }

    /// The refusal (exit 64) for a mount point found at `path`.
    static func refusal(_ path: String, removing what: String) -> UnsafeOutputError {
        UnsafeOutputError(subject: path, message: "is a mount point of another filesystem inside \(what); migstat never removes across a "
                          + "filesystem boundary, so nothing of it was removed: unmount it (then remove it, or run again)")
    }
}
