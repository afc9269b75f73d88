import Foundation
import Ingest
import MigstatCore

/// Content hashes of input files, remembered with each file's size, modification time, change time and inode
/// in `<output>.state.json` beside the output, so that a run with nothing new need not read hundreds of MB to
/// find that out: a file whose size, mtime, ctime and inode are unchanged keeps its recorded hash (as git's
/// index does); any other file is hashed again. The change time is what an in-place rewrite cannot hide: setting
/// the mtime back (`touch -r`) sets the ctime to now. `--force` hashes everything.
final class InputHashes {
    struct Entry: Codable, Equatable {
        var size: Int64
        var mtime: Int64
        var ctime: Int64
        var inode: UInt64
        var sha256: String

        /// What the file is on disk now, with `sha256` to record for it.
        init(_ st: stat, sha256: String) {
            size = Int64(st.st_size)
            mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            ctime = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
            inode = UInt64(st.st_ino)
            self.sha256 = sha256
        }

        /// The file is as it was when its hash was recorded.
        func describes(_ st: stat) -> Bool { Entry(st, sha256: sha256) == self }
    }

    /// The state file's first line: migstat's own (`SideFile`).
    static let marker = "migstat input state: the hashes of this output's inputs (each run rewrites this file)\n"

    let statePath: String
    private var known: [String: Entry]
    private(set) var current: [String: Entry] = [:]

    static func statePath(forOutput output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".state.json").path
    }

    /// Refuses a state file migstat did not write (exit 64); one a migstat before the marker wrote (a JSON object
    /// of entries) is migstat's, its entries not trusted.
    static func requireOursOrAbsent(output: String) throws { try requireOursOrAbsent(statePath(forOutput: output)) }

    private static func requireOursOrAbsent(_ path: String) throws {
        try SideFile.requireOursOrAbsent(path) { $0.hasPrefix(marker) || isUnmarkedState($0) }
    }

    private static func isUnmarkedState(_ text: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return false }
        return object.values.allSatisfy { ($0 as? [String: Any])?["sha256"] is String }
    }

    init(output: String, trustRecorded: Bool) {
        statePath = InputHashes.statePath(forOutput: output)
        let file = PosixFile.open(statePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        defer { file?.closeIgnoringErrors() }
        if trustRecorded, let file, let data = try? FileHandle(fileDescriptor: file.descriptor).readToEnd(),
           data.starts(with: Data(Self.marker.utf8)),
           let decoded = try? JSONDecoder().decode([String: Entry].self, from: data.dropFirst(Self.marker.utf8.count)) {
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
        if let entry = known[absolute], entry.describes(st) {
            current[absolute] = entry
            return entry.sha256
        }
        let entry = Entry(st, sha256: try FileHash.sha256(path: path))
        current[absolute] = entry
        return entry.sha256
    }

    /// The recorded hash if the file is unchanged on disk since it was recorded; nil otherwise (no reading).
    func recorded(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        // This run's own hashes first (a delivery hashed as it was loaded), then the previous run's.
        guard let entry = current[absolute] ?? known[absolute], entry.describes(st) else { return nil }
        current[absolute] = entry
        return entry.sha256
    }

    /// Records a hash computed elsewhere (a delivery hashed while it was loaded).
    func record(_ path: String, sha256: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        current[URL(fileURLWithPath: path).standardizedFileURL.path] = Entry(st, sha256: sha256)
    }

    /// Writes the hashes of this run's inputs into a new file renamed over the old one (a torn file would only
    /// cost a rehash). Nothing is written over a file that is not migstat's, nor through a link.
    func save() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = statePath + ".tmp-\(getpid())"
        guard let json = try? encoder.encode(current), (try? Self.requireOursOrAbsent(statePath)) != nil,
              let file = try? SideFile.create(temporary) else { return }
        let data = Data(Self.marker.utf8) + json
        var written = (try? data.withUnsafeBytes { try file.writeAll($0) }) != nil
        written = (try? file.close()) != nil && written
        if !written || rename(temporary, statePath) != 0 { unlink(temporary) }
    }
}
