import Foundation
import Ingest
import MigstatCore

/// Content hashes of input files, remembered with each file's size, modification time and inode in
/// `<output>.state.json` beside the output, so that a run with nothing new need not read hundreds of MB to
/// find that out: a file whose size, mtime and inode are unchanged keeps its recorded hash (as git's index
/// does); any other file is hashed again. `--force` hashes everything.
final class InputHashes {
    struct Entry: Codable, Equatable {
        var size: Int64
        var mtime: Int64
        var inode: UInt64
        var sha256: String
    }

    let statePath: String
    private var known: [String: Entry]
    private(set) var current: [String: Entry] = [:]

    static func statePath(forOutput output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".state.json").path
    }

    init(output: String, trustRecorded: Bool) {
        statePath = InputHashes.statePath(forOutput: output)
        if trustRecorded, let data = FileManager.default.contents(atPath: statePath),
           let decoded = try? JSONDecoder().decode([String: Entry].self, from: data) {
            known = decoded
        } else {
            known = [:]
        }
    }

    /// The file's SHA-256, from the record if the file is unchanged on disk.
    func sha256(_ path: String) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw MigstatError.io(file: path, message: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        if let entry = known[absolute], entry.size == Int64(st.st_size), entry.mtime == mtime, entry.inode == UInt64(st.st_ino) {
            current[absolute] = entry
            return entry.sha256
        }
        let entry = Entry(size: Int64(st.st_size), mtime: mtime, inode: UInt64(st.st_ino), sha256: try FileHash.sha256(path: path))
        current[absolute] = entry
        return entry.sha256
    }

    /// The recorded hash if the file is unchanged on disk since it was recorded; nil otherwise (no reading).
    func recorded(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        // This run's own hashes first (a delivery hashed as it was loaded), then the previous run's.
        guard let entry = current[absolute] ?? known[absolute], entry.size == Int64(st.st_size), entry.mtime == mtime,
              entry.inode == UInt64(st.st_ino) else { return nil }
        current[absolute] = entry
        return entry.sha256
    }

    /// Records a hash computed elsewhere (a delivery hashed while it was loaded).
    func record(_ path: String, sha256: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        current[absolute] = Entry(size: Int64(st.st_size), mtime: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                                  inode: UInt64(st.st_ino), sha256: sha256)
    }

    /// Writes the hashes of this run's inputs (atomically: a torn file would only cost a rehash, but still).
    func save() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(current) else { return }
        let temporary = statePath + ".tmp-\(getpid())"
        if FileManager.default.createFile(atPath: temporary, contents: data), rename(temporary, statePath) != 0 {
            unlink(temporary)
        }
    }
}
