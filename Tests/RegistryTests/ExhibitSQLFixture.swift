import Aggregate
import Clean
import Exhibits
import Foundation
import MigstatCore
import Registry
import Store
import XCTest

/// A pipeline's delivery table loaded into a SQLite store from its raw directory as a run loads it, and its
/// exhibits computed by both engines: the scan (`DeliveryExhibits`) and SQL in the database (`ExhibitSQL`).
struct LoadedRegistry {
    let table: TableConfig
    var exhibits: [ExhibitConfig]
    let storePath: String
    let tableName: String
    let referenceKeys: [String: Set<String>]
    let tables: [String: DataTable]
    let work: URL

    init(configPath: String, raw: String, work: URL) throws {
        let config = try ConfigLoader.load(path: configPath)
        let (source, table) = try XCTUnwrap(config.sources.lazy.flatMap { s in s.tables.filter { $0.deliveries != nil }.map { (s, $0) } }.first)
        self.table = table
        exhibits = config.exhibits.filter { config.deliveryTable(of: $0) != nil }
        // The tables the delivery table references or takes labels from, cleaned as a run cleans them.
        let named = table.columns.compactMap(\.references) + exhibits.flatMap { $0.series.compactMap(\.labelsFrom) }
        var cleaner = SourceCleaner(config: config, rawDirectory: raw)
        cleaner.only = Set(named.compactMap { $0.split(separator: ".").first.map(String.init) })
        tables = try cleaner.run().tables
        var keys: [String: Set<String>] = [:]
        for ref in Set(table.columns.compactMap(\.references)) {
            let parts = ref.split(separator: ".").map(String.init)
            guard let t = tables["\(parts[0]).\(parts[1])"], let i = t.index(of: parts[2]) else { continue }
            keys[ref] = Set(t.rows.map { $0[i].key })
        }
        referenceKeys = keys
        self.work = work
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        storePath = work.appendingPathComponent("store.sqlite").path
        tableName = "stg_\(source.id)_\(table.id)"
        let store = try DeliveryStore(path: storePath, source: source.id, tableName: tableName, columns: table.columns, upsert: table.upsert!)
        let loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: keys, rawDirectory: raw, displayPrefix: "raw/")
        for file in DeliveryFiles.list(rawDirectory: raw, pattern: table.deliveries!) { _ = try loader.load(file, into: store) }
    }

    /// The scan's estimates, over many partitions as a large table would have.
    func scanned() throws -> [Estimate] {
        var exhibits = try DeliveryExhibits(plans: ExhibitPlan.compile(exhibits, over: table, referenceKeys: referenceKeys), table: table, storePath: storePath, tableName: tableName,
                                        tables: tables, workDirectory: work.path)
        exhibits.entriesPerPartition = 500
        return try exhibits.compute()
    }

    func sql(schema: String? = nil) throws -> ExhibitSQL {
        try ExhibitSQL(plans: ExhibitPlan.compile(exhibits, over: table, referenceKeys: referenceKeys), table: table, tableName: tableName, schema: schema, tables: tables)
    }

    func computedBySQL() throws -> [Estimate] { try sql().compute(on: Database(path: storePath)) }

    /// Runs a statement on the store (a test's change to the data).
    func execute(_ sql: String) throws { try Database(path: storePath).execute(sql) }

    func rows(_ sql: String) throws -> [[String?]] { try Database(path: storePath).rows(sql) }
}
