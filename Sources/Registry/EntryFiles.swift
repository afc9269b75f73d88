import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// Person-level entries (a unit key and a packed word per row) spread over partition files by the unit's
/// hash, so that each partition can later be sorted and counted in memory: counting distinct persons of
/// millions of rows then needs memory for one partition, not for all persons.
final class EntryFiles {
    let directory: String
    let name: String
    let partitions: Int
    @exclusivity(unchecked) private var buffers: [[UInt64]]
    private var descriptors: [Int32]
    /// Words a partition's buffer holds before it is written: all buffers together take at most 2 MB (and at
    /// least 4 KB each), however many partitions a large table needs.
    private let flushAt: Int

    init(directory: String, name: String, partitions: Int) throws {
        self.directory = directory; self.name = name; self.partitions = partitions
        flushAt = max(512, (2 << 20) / 8 / max(1, partitions))
        buffers = Array(repeating: [], count: partitions)
        descriptors = []
        for p in 0..<partitions {
            let path = EntryFiles.path(directory, name, p)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard fd >= 0 else { throw MigstatError.output(path: path, message: String(cString: strerror(errno))) }
            descriptors.append(fd)
        }
    }

    deinit { for fd in descriptors { close(fd) } }

    static func path(_ directory: String, _ name: String, _ p: Int) -> String { "\(directory)/\(name)-\(p).bin" }

    /// The partition of a unit key: its top bits after mixing.
    static func partition(_ key: UInt64, of partitions: Int) -> Int {
        var z = key &* 0x9E37_79B9_7F4A_7C15
        z ^= z >> 29
        return Int(z % UInt64(partitions))
    }

    func append(key: UInt64, payload: UInt64) throws {
        let p = EntryFiles.partition(key, of: partitions)
        buffers[p].append(key)
        buffers[p].append(payload)
        if buffers[p].count >= flushAt { try flush(p) }
    }

    /// An entry of a unit whose id is text that does not fit a word: its length and payload, then its bytes in
    /// whole 16-byte pairs. The partition is chosen by a hash of the text; within it, ids are compared whole.
    func append(text: UnsafeRawBufferPointer, payload: UInt64) throws {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a: only spreads ids over partitions
        for b in text { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let p = EntryFiles.partition(hash, of: partitions)
        buffers[p].append(UInt64(text.count))
        buffers[p].append(payload)
        var word: UInt64 = 0
        let padded = (text.count + 15) / 16 * 16
        for i in 0..<padded {
            if i < text.count { word |= UInt64(text[i]) << UInt64(8 * (i % 8)) }
            if i % 8 == 7 { buffers[p].append(word); word = 0 }
        }
        if buffers[p].count >= flushAt { try flush(p) }
    }

    /// A partition's text entries (`append(text:)`) as (number, payload) pairs sorted by number, where ids that
    /// are the same text, and only those, share a number.
    static func numberedByText(_ pairs: [(UInt64, UInt64)]) -> [(UInt64, UInt64)] {
        var entries: [(start: Int, length: Int, payload: UInt64)] = []
        var bytes: [UInt8] = []
        var at = 0
        while at < pairs.count {
            let (length, payload) = pairs[at]
            let words = (Int(length) + 15) / 16
            entries.append((bytes.count, Int(length), payload))
            for pair in pairs[(at + 1)..<(at + 1 + words)] {
                withUnsafeBytes(of: pair.0) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: pair.1) { bytes.append(contentsOf: $0) }
            }
            at += 1 + words
        }
        func text(_ e: (start: Int, length: Int, payload: UInt64)) -> ArraySlice<UInt8> { bytes[e.start..<(e.start + e.length)] }
        entries.sort { text($0).lexicographicallyPrecedes(text($1)) }
        var out: [(UInt64, UInt64)] = []
        out.reserveCapacity(entries.count)
        var number: UInt64 = 0
        for (i, e) in entries.enumerated() {
            if i > 0 && text(e) != text(entries[i - 1]) { number += 1 }
            out.append((number, e.payload))
        }
        return out
    }

    func finish() throws { for p in 0..<partitions { try flush(p) } }

    private func flush(_ p: Int) throws {
        let file = PosixFile(descriptor: descriptors[p], path: EntryFiles.path(directory, name, p))
        try buffers[p].withUnsafeBytes { try file.writeAll($0) }
        buffers[p].removeAll(keepingCapacity: true)
    }

    /// Reads one partition's entries from several writers' files as (key, payload) pairs straight into one
    /// array, and deletes the files.
    static func read(directory: String, names: [String], partition p: Int) throws -> [(UInt64, UInt64)] {
        var sizes: [Int] = []
        for name in names {
            var st = stat()
            sizes.append(stat(EntryFiles.path(directory, name, p), &st) == 0 ? Int(st.st_size) : 0)
        }
        let total = sizes.reduce(0, +) / 16
        var out = [(UInt64, UInt64)](repeating: (0, 0), count: total)
        var filled = 0
        try out.withUnsafeMutableBytes { raw in
            for name in names {
                let path = EntryFiles.path(directory, name, p)
                let fd = open(path, O_RDONLY)
                guard fd >= 0 else { throw MigstatError.io(file: path, message: String(cString: strerror(errno))) }
                defer { close(fd); unlink(path) }
                filled += try PosixFile(descriptor: fd, path: path).readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
        }
        out.removeLast(total - filled / 16)
        return out
    }
}
