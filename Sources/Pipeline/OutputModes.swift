import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// The output directory keeps the mode and group its owner gave it (a `chmod 750; chgrp analysts` output stays
/// so), and its confidential files are never readable by other users (../shared/extracts.md, "Confidentiality").
enum OutputModes {
    /// A directory's permission bits (setgid included) and owner.
    struct Owner: Equatable {
        var mode: mode_t
        var uid: uid_t
        var gid: gid_t
    }

    /// The mode and owner of the previous output, if there is one (a directory, not followed through a link).
    static func owner(of path: String) -> Owner? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return Owner(mode: st.st_mode & 0o7777, uid: st.st_uid, gid: st.st_gid)
    }

    /// Gives a directory of this run the previous output's owner (as far as this user may: its group if the owner
    /// cannot be, nothing if neither) and then its mode: the owner first, as a change of owner may clear setgid.
    /// While the run builds in it, its owner may always enter and write it (`building`); the exact mode is given
    /// again just before the swap.
    static func give(_ owner: Owner, to path: String, building: Bool = false) throws {
        guard let directory = NoFollow.openDirectory(path) else { throw MigstatError.output(path: path, message: NoFollow.lastError) }
        defer { directory.closeIgnoringErrors() }
        let fd = directory.descriptor
        if fchown(fd, owner.uid, owner.gid) != 0 && errno == EPERM {
            _ = fchown(fd, uid_t.max, owner.gid)   // (uid_t)-1 keeps the owner; EPERM again: the group is not ours
        }
        guard fchmod(fd, building ? owner.mode | S_IRWXU : owner.mode) == 0 else {
            throw MigstatError.output(path: path, message: "cannot give it the mode of the previous output: \(NoFollow.lastError)")
        }
    }

    /// Takes the bits of other users off every confidential entry of `root` (and all under a confidential
    /// directory), whatever made it (SQLite's journal, a library writing a file): the last word before the swap.
    static func withholdConfidential(in root: String) throws {
        guard let directory = NoFollow.openDirectory(root) else { throw MigstatError.output(path: root, message: NoFollow.lastError) }
        defer { directory.closeIgnoringErrors() }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where OutputClass.of(name) == .confidential {
            try withholdTree(in: directory.descriptor, name, path: root + "/" + name)
        }
    }

    private static func withholdTree(in directory: Int32, _ name: String, path: String) throws {
        var st = stat()
        guard fstatat(directory, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        let kind = st.st_mode & S_IFMT
        guard kind == S_IFDIR || kind == S_IFREG else { return }   // a link is not followed
        let opened = kind == S_IFDIR ? NoFollow.openDirectory(in: directory, name) : PosixFile.open(name, O_RDONLY | O_NOFOLLOW, in: directory)
        guard let opened else { throw MigstatError.output(path: path, message: NoFollow.lastError) }
        try NoFollow.withholdFromOthers(opened, path: path)
        defer { opened.closeIgnoringErrors() }
        guard kind == S_IFDIR else { return }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            try withholdTree(in: opened.descriptor, entry, path: path + "/" + entry)
        }
    }
}
