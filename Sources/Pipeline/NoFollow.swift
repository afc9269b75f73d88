import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// File operations for the directories migstat owns that never follow a symbolic link: where migstat creates,
/// truncates or deletes, a link planted in its way is refused (ELOOP) or removed itself, never its target.
enum NoFollow {
    static var lastError: String { String(cString: strerror(errno)) }

    /// Nil (errno set) if it is not a directory, a link, or cannot be opened.
    static func openDirectory(_ path: String) -> PosixFile? {
        PosixFile.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
    }

    static func openDirectory(in directory: Int32, _ name: String) -> PosixFile? {
        PosixFile.open(name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, in: directory)
    }

    /// A new file for writing: O_EXCL, so that no existing file (or the target of a link) is ever truncated.
    /// A confidential one (by its name, `OutputClass`) is made without the bits of other users.
    static func createFile(_ path: String) throws -> PosixFile {
        let confidential = OutputClass.of((path as NSString).lastPathComponent) == .confidential
        let mode = mode_t(confidential ? OutputClass.confidentialFileMode : 0o644)
        guard let file = PosixFile.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode) else {
            throw MigstatError.output(path: path, message: lastError)
        }
        if confidential { try withholdFromOthers(file, path: path) }
        return file
    }

    /// Takes the permission bits of "other" users off an open file or directory: the create mode already lacks
    /// them, but a default ACL can give them back; closes `fd` if it fails.
    static func withholdFromOthers(_ file: PosixFile, path: String) throws {
        var st = stat()
        guard fstat(file.descriptor, &st) == 0 else {
            let reason = lastError; file.closeIgnoringErrors(); throw MigstatError.output(path: path, message: reason)
        }
        guard UInt32(st.st_mode) & OutputClass.otherBits != 0 else { return }
        guard fchmod(file.descriptor, mode_t(UInt32(st.st_mode) & 0o7777 & ~OutputClass.otherBits)) == 0 else {
            let reason = lastError; file.closeIgnoringErrors()
            throw MigstatError.output(path: path, message: "cannot keep it from other users: \(reason)")
        }
    }

    /// A new file at `relative` under `root`, its directories made or entered one at a time without following a link.
    static func createFile(under root: String, _ relative: String) throws -> PosixFile {
        let parts = relative.split(separator: "/").map(String.init)
        let path = root + "/" + relative
        guard var directory = openDirectory(root) else { throw MigstatError.output(path: root, message: lastError) }
        defer { directory.closeIgnoringErrors() }
        // The class of everything under `export/` is the directory's: the first part decides.
        let confidential = OutputClass.of(relative) == .confidential
        for part in parts.dropLast() {
            let made = mkdirat(directory.descriptor, part, mode_t(confidential ? OutputClass.confidentialDirectoryMode : 0o755)) == 0
            if !made && errno != EEXIST { throw MigstatError.output(path: path, message: lastError) }
            guard let next = openDirectory(in: directory.descriptor, part) else { throw MigstatError.output(path: path, message: lastError) }
            if made && confidential { try withholdFromOthers(next, path: path) }
            directory.closeIgnoringErrors()
            directory = next
        }
        let mode = mode_t(confidential ? OutputClass.confidentialFileMode : 0o644)
        guard let file = PosixFile.open(parts.last ?? "", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode, in: directory.descriptor) else {
            throw MigstatError.output(path: path, message: lastError)
        }
        if confidential { try withholdFromOthers(file, path: path) }
        return PosixFile(descriptor: file.descriptor, path: path)
    }

    /// Removes the entry `name` of `directory` and, if it is a directory, all it holds, entry by entry relative to
    /// open descriptors: a link is unlinked, never followed, and an entry on another filesystem than `directory`
    /// (a mount point) is left, never entered (callers look for one first: `FilesystemBoundary`). `last`, if given,
    /// is removed after every other entry, and only if they all went (a marker that must outlive what it marks).
    /// False if anything is left.
    @discardableResult
    static func removeTree(in directory: Int32, _ name: String, last: String? = nil, identify: FilesystemID.Lookup = FilesystemID.system) -> Bool {
        guard let root = identify(directory, ".") else { return false }
        return removeTree(in: directory, name, last: last, root: root, identify)
    }

    private static func removeTree(in directory: Int32, _ name: String, last: String?, root: FilesystemID, _ identify: FilesystemID.Lookup) -> Bool {
        if let id = identify(directory, name), id != root { return false }
        guard let opened = openDirectory(in: directory, name) else {
            if errno == ENOENT { return true }
            return errno == ENOTDIR || errno == ELOOP ? unlinkat(directory, name, 0) == 0 : false
        }
        defer { opened.closeIgnoringErrors() }
        let fd = opened.descriptor
        var removed = true
        for entryName in entries(of: fd) where entryName != last {
            var st = stat()
            let isDirectory = fstatat(fd, entryName, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            if isDirectory { removed = removeTree(in: fd, entryName, last: nil, root: root, identify) && removed }
            else if unlinkat(fd, entryName, 0) != 0 && errno != ENOENT { removed = false }
        }
        if let last, removed, unlinkat(fd, last, 0) != 0 && errno != ENOENT { removed = false }
        return removed && (unlinkat(directory, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
    }

    /// The names in an open directory, but "." and "..".
    static func entries(of directory: Int32) -> [String] {
        guard let copy = PosixFile(descriptor: directory, path: "").duplicate() else { return [] }
        guard let stream = fdopendir(copy.descriptor) else { copy.closeIgnoringErrors(); return [] }
        defer { closedir(stream) }
        rewinddir(stream)   // the copy shares its offset with `directory`
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The whole content of a small regular file (at most `limit` bytes), read without following a link; nil otherwise.
    static func readSmallFile(in directory: Int32, _ name: String, limit: Int = 256) -> String? {
        guard let file = PosixFile.open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, in: directory) else { return nil }
        defer { file.closeIgnoringErrors() }
        var st = stat()
        guard fstat(file.descriptor, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) <= limit else { return nil }
        var buffer = [UInt8](repeating: 0, count: limit + 1)
        guard let n = try? buffer.withUnsafeMutableBytes({ try file.read(into: $0) }) else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    /// The real path of an existing file or directory, every link resolved; nil if it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
