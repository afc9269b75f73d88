import Exhibits
import Foundation
import MigstatCore

/// `export/<source>_<table>.dta|.sav`: every normalized table of the survey sources, labelled.
public enum SurveyExports {
    /// Survey sources: those whose rows an exhibit or a statistic counts (through joins, or as the long table of
    /// a multiple-response question). Reference tables, official aggregates and the registry (a delivery
    /// table streamed into the store, a census) are not survey tables.
    public static func surveySources(_ config: PipelineConfig) -> [String] {
        let joins = Dictionary(config.joins.map { ($0.id, $0.from) }, uniquingKeysWith: { a, _ in a })
        func base(_ from: String) -> String {
            var table = from, seen: Set<String> = []
            while let next = joins[table], seen.insert(table).inserted { table = next }
            return table
        }
        let exhibits = config.exhibits.map(ExhibitReads.init)
        var read = Set(exhibits.filter { !$0.from.isEmpty }.map { base($0.from) } + config.statistics.map { base($0.from) })
        for exhibit in exhibits { read.formUnion(exhibit.answerTables) }
        return config.sources.filter { source in
            source.tables.contains { $0.deliveries == nil && read.contains("\(source.id).\($0.id)") }
        }.map(\.id)
    }

    /// The export files of the given sources' tables (those in `tables`), in declaration order: the `.dta` and
    /// `.sav`, and the `.do` and `.R` that open them with the design declared; each handed to `body` as soon as it
    /// is made, so that a run writes it before making the next (all of them in memory at once: 5–8 MB).
    public static func forEachFile(_ config: PipelineConfig, sources: [String], tables: [String: DataTable],
                                   _ body: (_ path: String, _ data: Data) throws -> Void) throws {
        for source in config.sources where sources.contains(source.id) {
            for t in source.tables where t.deliveries == nil {
                guard let table = tables["\(source.id).\(t.id)"] else { continue }
                let name = "\(source.id)_\(t.id)"
                let identifiers = Set(t.key + (t.parent?.columns ?? []) + [t.design?.psu].compactMap { $0 })
                let labelled = try LabelledTable(table, name: name, label: "\(source.title): \(t.id)", identifiers: identifiers)
                for format in ReadStatWriter.Format.allCases {
                    try body("export/\(name).\(format.rawValue)", try ReadStatWriter.write(labelled, as: format))
                }
                let calibration = (t.design ?? t.parent.flatMap { p in source.tables.first { $0.id == p.table }?.design })?.calibration
                if let scripts = DesignScripts(source: source, table: t, totals: calibration.flatMap { tables[$0.totals] }) {
                    try body("export/\(name).do", Data(scripts.stata.utf8))
                    try body("export/\(name).R", Data(scripts.r.utf8))
                }
            }
        }
    }
}
