import Clean
import Foundation
import MigstatCore

/// For the benchmark (scripts/bench-registry.sh): the registry exhibits computed from a loaded store, each on
/// its own and all together, timed, so that each can be set beside the sqlite3 shell's GROUP BY for it.
public enum RegistryExhibitTiming {
    public static func measure(options: RunOptions, store: String, bySQL: Bool = false) throws -> [(exhibit: String, seconds: Double, estimates: Int)] {
        let config = try ConfigLoader.load(path: options.configPath)
        let deps = Dependencies(config: config)
        let over = config.exhibits.filter { config.deliveryTable(of: $0) != nil }
        var needed = Set<String>()
        for e in over { needed.formUnion(deps.sources(of: e)) }
        var cleaner = SourceCleaner(config: config, rawDirectory: options.rawDirectory,
                                    displayPrefix: options.rawDirectory.hasSuffix("/") ? options.rawDirectory : options.rawDirectory + "/")
        cleaner.only = deps.closure(needed)
        let tables = try cleaner.run().tables
        let target = SQLiteStoreTarget(path: store, exhibitsBySQL: bySQL)
        let stage = RegistryStage(config: config, rawDirectory: options.rawDirectory, displayPrefix: "", store: target,
                                  tables: tables, log: { _ in }, progress: nil)
        let engine = target.exhibitEngine()
        let work = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent(".registry-timing-\(getpid())").path
        var out: [(String, Double, Int)] = []
        for (source, table) in stage.deliveryTables {
            let mine = over.filter { config.deliveryTable(of: $0)?.table.id == table.id && config.deliveryTable(of: $0)?.source.id == source.id }
            for group in mine.map({ [$0] }) + [mine] where !group.isEmpty {
                let started = Date()
                let estimates = try stage.exhibits(group, over: source, table, engine: engine, workDirectory: work)
                out.append((group.count == 1 ? group[0].id : "all", Date().timeIntervalSince(started), estimates.count))
            }
        }
        return out
    }
}
