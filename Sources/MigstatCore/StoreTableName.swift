/// The store's name of a declared table, by its layer (dbt's convention): a source's table is staged as
/// `stg_<source>_<table>`, a join is intermediate as `int_<join>`. Built here only, so that the validator that
/// refuses two tables of one name and the run that writes them cannot disagree.
public enum StoreTableName {
    /// `stg_<source>_<table>`: a source's table (a delivery table's too).
    public static func staged(source: String, table: String) -> String { "stg_\(source)_\(table)" }

    /// `int_<join>`: a joined table.
    public static func joined(_ join: String) -> String { "int_\(join)" }

    /// The store table of an in-memory table of a run: "source.table" is staged, a join's id intermediate.
    public static func of(_ name: String, in config: PipelineConfig) -> String {
        if config.joins.contains(where: { $0.id == name }) { return joined(name) }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? staged(source: parts[0], table: parts[1]) : "stg_" + name.replacingOccurrences(of: ".", with: "_")
    }

    /// Every data table a run of `config` makes: the sources' tables, then the joins.
    public static func all(_ config: PipelineConfig) -> [String] {
        config.sources.flatMap { s in s.tables.map { staged(source: s.id, table: $0.id) } } + config.joins.map { joined($0.id) }
    }
}
