#if canImport(Glibc)
import Glibc
#endif

/// Whether a file stays inside the directory it is read from once symbolic links are resolved: a symbolic link in
/// raw/ (or a linked folder) to a file elsewhere must be refused before a byte of it is read.
public enum ContainedPath {
    /// The real path (every symbolic link resolved), or nil when it does not exist.
    public static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `path` exists and resolves outside `root` (itself resolved). A path that does not exist does not
    /// leave: opening it fails with "no such file" and reads nothing.
    public static func leaves(_ path: String, root: String) -> Bool {
        guard let file = real(path), let base = real(root) else { return false }
        return file != base && !file.hasPrefix(base == "/" ? base : base + "/")
    }

    /// `relative` joined to `directory` as the file system would.
    public static func join(_ directory: String, _ relative: String) -> String {
        directory.isEmpty ? relative : (directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
    }
}
