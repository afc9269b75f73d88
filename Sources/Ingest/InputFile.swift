import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// An input file opened for reading at explicit offsets, so that the reader can resume at any line.
final class InputFile {
    let file: PosixFile
    let displayPath: String
    let size: Int

    init(path: String, displayPath: String) throws {
        self.displayPath = displayPath
        file = try RegularFile.openForReading(path, displayPath: displayPath)
        var info = stat()
        fstat(file.descriptor, &info)
        size = Int(info.st_size)
    }

    deinit { file.closeIgnoringErrors() }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        try file.read(into: buffer, at: offset)
    }
}
