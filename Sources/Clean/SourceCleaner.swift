import Ingest
import MigstatCore

/// Everything cleaning produced, in declaration order.
public struct CleanedData: Sendable {
    /// "source.table" → cleaned table.
    public var tables: [String: DataTable] = [:]
    public var quarantine: [QuarantineRecord] = []
    public var files: [FileAccount] = []
    public init() {}
}


/// Ingests and cleans every table of every source, in the order pipeline.json declares them,
/// so references and parents are clean before the tables that point at them.
public struct SourceCleaner {
    public let config: PipelineConfig
    public let rawDirectory: String
    /// How input paths are shown in errors and the quarantine (relative to the raw directory by default).
    public let displayPrefix: String
    /// Only these sources (an incremental run reads again only what changed); nil for all.
    public var only: Set<String>? = nil

    public init(config: PipelineConfig, rawDirectory: String, displayPrefix: String = "raw/") {
        self.config = config; self.rawDirectory = rawDirectory; self.displayPrefix = displayPrefix
    }

    public func run() throws -> CleanedData {
        var data = CleanedData()
        for source in config.sources where only?.contains(source.id) ?? true {
            var codebook: Codebook?
            var codebookFile = ""
            if let cb = source.codebook {
                codebookFile = displayPrefix + cb.file
                let loaded = try Codebook.load(path: path(cb.file), displayPath: codebookFile, source: source, config: cb)
                codebook = loaded.codebook
                data.quarantine += loaded.quarantined
                data.files.append(try account(source: source.id, file: cb.file, bytes: loaded.stats.bytes,
                                              read: loaded.read, loaded: loaded.loaded, quarantined: loaded.quarantined.count))
            }
            // Delivery tables (the registry) are streamed into the store by the Registry module instead.
            for table in source.tables where table.deliveries == nil {
                let qualified = "\(source.id).\(table.id)"
                let columns = try table.columns.map { try codebook?.resolve($0, table: qualified, codebookFile: codebookFile) ?? $0 }
                var refs: [String: Set<String>] = [:]
                var resolvers: [String: AliasResolver] = [:]
                for c in columns {
                    if let r = c.references { refs[r] = try keySet(r, in: data) }
                    if let r = c.resolve {
                        guard let reference = data.tables[r.table] else {
                            throw MigstatError.config(path: "\(qualified).\(c.name).resolve.table", message: "\"\(r.table)\" is not a table cleaned before this one")
                        }
                        resolvers[c.name] = try AliasResolver(r, reference: reference)
                    }
                }
                var parentKeys: Set<[String]>?
                if let parent = table.parent, let p = data.tables["\(source.id).\(parent.table)"] {
                    let idx = source.tables.first { $0.id == parent.table }!.key.map { p.index(of: $0)! }
                    parentKeys = Set(p.rows.map { row in idx.map { row[$0].key } })
                }
                let display = displayPrefix + table.file
                var cleaner = TableCleaner(source: source, table: table, columns: columns, displayPath: display,
                                           referenceKeys: refs, parentKeys: parentKeys, resolvers: resolvers)
                let reader = CSVReader(path: path(table.file), displayPath: display, source: source.id, options: CSVOptions(source.format),
                                       lenient: source.mode == .lenient)
                let stats = try reader.forEachRecord { try cleaner.consume($0) }
                var result = try cleaner.finish()
                result.table.design = try DesignBuilder.design(of: result.table, table: table, source: source,
                                                               parent: table.parent.flatMap { data.tables["\(source.id).\($0.table)"] }, displayPath: display)
                data.tables[qualified] = result.table
                data.quarantine += result.quarantine
                data.files.append(try account(source: source.id, file: table.file, bytes: stats.bytes,
                                              read: result.read, loaded: result.loaded, quarantined: result.quarantine.count))
            }
        }
        return data
    }

    private func account(source: String, file: String, bytes: Int, read: Int, loaded: Int, quarantined: Int) throws -> FileAccount {
        FileAccount(source: source, file: file, bytes: bytes, read: read, loaded: loaded, quarantined: quarantined,
                    sha256: try FileHash.sha256(path: path(file)))
    }

    private func path(_ file: String) -> String {
        rawDirectory.hasSuffix("/") ? rawDirectory + file : rawDirectory + "/" + file
    }

    private func keySet(_ ref: String, in data: CleanedData) throws -> Set<String> {
        let parts = ref.split(separator: ".").map(String.init)
        guard parts.count == 3, let t = data.tables["\(parts[0]).\(parts[1])"], let i = t.index(of: parts[2]) else {
            throw MigstatError.config(path: "references", message: "\"\(ref)\" is not a table cleaned before this one")
        }
        return Set(t.rows.map { $0[i].key })
    }
}
