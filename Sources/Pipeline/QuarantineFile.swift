import Foundation
import MigstatCore

/// quarantine.csv: sources in declaration order, each in file and line order, a delivery source's rows (read
/// from the store once, by the registry_load step) after those of its other tables.
enum QuarantineFile {
    static let header = "source,file,line,column,value,reason\n"

    static func write(to path: String, config: PipelineConfig, records: [QuarantineRecord], delivered: [String: [QuarantineRecord]] = [:]) throws {
        let handle = FileHandle(fileDescriptor: try NoFollow.createFile(path).descriptor, closeOnDealloc: true)
        defer { try? handle.close() }
        var buffer = header
        func add(_ q: QuarantineRecord) throws {
            buffer += [q.source, q.file, String(q.line), q.column, q.value, q.reason].map(CSVText.escape).joined(separator: ",") + "\n"
            if buffer.utf8.count > 1 << 16 { try flush() }
        }
        func flush() throws {
            do { try handle.write(contentsOf: Data(buffer.utf8)) } catch {
                throw MigstatError.output(path: path, message: OutputDirectory.reason(error))
            }
            buffer = ""
        }
        let bySource = Dictionary(grouping: records, by: \.source)
        for source in config.sources {
            for q in bySource[source.id] ?? [] { try add(q) }
            for q in delivered[source.id] ?? [] { try add(q) }
        }
        try flush()
    }
}
