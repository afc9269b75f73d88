import MigstatCore

/// Content hashes of input files, for the manifest and for skipping unchanged inputs.
public enum FileHash {
    public static func sha256(path: String) throws -> String {
        let file = try RegularFile.openForReading(path, displayPath: path)
        defer { file.closeIgnoringErrors() }
        var hash = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try file.read(into: buffer)
            if n == 0 { break }
            hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return hash.finalize()
    }
}
