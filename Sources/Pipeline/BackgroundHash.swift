import Foundation
import Ingest
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256 of an output file that is final, taken on a thread of its own while the run renders: the SQLite
/// store (767 MB at 5 M registry rows, ~0.45 s to hash) is sealed before render, and hashing it with the other
/// files at the end held the run up by that much. The result is used only if the file is still the one hashed
/// (as `InputHashes` tells: inode, size, modification and change times); otherwise the manifest hashes it again.
final class BackgroundHash: Sendable {
    private let path: String
    private let identity: InputHashes.Entry?
    private let hash: BackgroundTask<String>

    init(path: String) {
        self.path = path
        identity = Self.identity(of: path)
        hash = BackgroundTask { try FileHash.sha256(path: path) }
    }

    /// The hash, once taken, if the file has not changed since; nil otherwise.
    func result() -> String? {
        guard case .success(let sha256) = hash.result(), let identity, identity == Self.identity(of: path) else { return nil }
        return sha256
    }

    /// The file as it is now (a link or anything but a regular file: nil), its hash left empty.
    static func identity(of path: String) -> InputHashes.Entry? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return InputHashes.Entry(st, sha256: "")
    }
}
