import Aggregate
import Clean
import Join
import MigstatCore

/// `migstat explain`: the units behind one estimate, each with the raw file and physical line it came from.
/// It reads and cleans raw/ as a run does and asks the aggregation for the rows it counted, so it agrees with
/// estimates.csv by construction: the `in_category` column sums to `n`, the rows number `base_n`.
public struct Explainer {
    /// One unit of an estimate's base.
    public struct Unit: Equatable, Sendable {
        /// The raw file, relative to the raw directory (as in quarantine.csv and the store's `source_file`).
        public var file: String
        /// The physical line the unit's record starts on (1 = the header).
        public var line: Int
        /// The unit's key; the columns of a composite key joined with `+` (a member is `hh_id+line_no`).
        public var unit: String
        public var inCategory: Bool
    }

    public let config: PipelineConfig
    let aggregator: Aggregator

    /// Reads, cleans and joins the survey tables once; every question after that is answered from memory.
    public init(options: RunOptions) throws {
        config = try ConfigLoader.load(path: options.configPath)
        let raw = options.rawDirectory.hasSuffix("/") ? options.rawDirectory : options.rawDirectory + "/"
        let cleaned = try SourceCleaner(config: config, rawDirectory: options.rawDirectory, displayPrefix: raw).run()
        aggregator = Aggregator(tables: try Joiner.run(config.joins, tables: cleaned.tables))
    }

    public func units(exhibit id: String, series: String, category: String) throws -> [Unit] {
        guard let exhibit = config.exhibits.first(where: { $0.id == id }) else {
            throw MigstatError.config(path: "exhibit", message: "no exhibit \"\(id)\" in pipeline.json")
        }
        if exhibit.kind.isDrawnFromSpec {
            throw MigstatError.config(path: "exhibit", message: "\(id) is a diagram drawn from its spec: it has no estimates to explain")
        }
        if config.deliveryTable(of: exhibit) != nil {
            throw MigstatError.config(path: "exhibit", message: "\(id) counts registry records (a census in the store): explain covers survey "
                                      + "exhibits; trace it in migration.sqlite, whose stg_ table keeps each record's delivery and source_line")
        }
        let bases = try aggregator.bases(for: exhibit)
        guard let base = bases.first(where: { $0.series == series && $0.category == category }) else {
            let known = bases.filter { $0.series == series }.map(\.category)
            let what = known.isEmpty ? "no series \"\(series)\" (series: \(Set(bases.map(\.series)).sorted().joined(separator: ", ")))"
                                     : "no category \"\(category)\" in series \(series) (categories: \(known.joined(separator: ", ")))"
            throw MigstatError.config(path: "exhibits.\(id)", message: what)
        }
        let table = try aggregator.table(of: exhibit)
        let key = table.key.compactMap(table.index(of:))
        return zip(base.rows, base.hits).map { row, hit in
            Unit(file: table.file ?? table.name, line: row < table.lines.count ? table.lines[row] : 0,
                 unit: key.map { table.rows[row][$0].key }.joined(separator: "+"), inCategory: hit)
        }
    }

    /// The CSV `migstat explain` prints: `file,line,unit,in_category`.
    public static func csv(_ units: [Unit]) -> String {
        var csv = CSVText(header: ["file", "line", "unit", "in_category"])
        for u in units { csv.append([u.file, String(u.line), u.unit, u.inCategory ? "1" : "0"]) }
        return csv.text
    }
}
