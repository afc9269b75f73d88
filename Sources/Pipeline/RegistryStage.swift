import Aggregate
import Clean
import Exhibits
import Foundation
import MigstatCore
import Registry
import Store

/// The delivery tables (the registry) in a run: new deliveries are loaded into the staged store on top of
/// what it holds, or every delivery again when one changed or disappeared or the declaration changed; then
/// the exhibits over them are computed from the store.
struct RegistryStage {
    let config: PipelineConfig
    let rawDirectory: String
    let displayPrefix: String
    /// Where the delivery tables are loaded and their exhibits computed (nil for `check`, which writes nothing).
    let store: StoreTarget?
    /// The in-memory tables cleaned this run: reference keys and labels come from them.
    let tables: [String: DataTable]
    let log: (RunEvent) -> Void
    let progress: ((LoadProgress) -> Void)?
    /// Exhibits tallied by a load as its merge emitted the rows (`ExhibitTallies`), by table: used once, instead of a scan.
    let tallied = TalliedExhibits()

    /// The delivery tables declared, as (source, table).
    var deliveryTables: [(SourceConfig, TableConfig)] {
        config.sources.flatMap { s in s.tables.filter { $0.deliveries != nil }.map { (s, $0) } }
    }

    /// Keys of every "source.table.column" the columns reference, from this run's tables.
    func referenceKeys(_ columns: [ColumnConfig]) -> [String: Set<String>] {
        var keys: [String: Set<String>] = [:]
        for ref in Set(columns.compactMap(\.references)) {
            let parts = ref.split(separator: ".").map(String.init)
            guard parts.count == 3, let t = tables["\(parts[0]).\(parts[1])"], let i = t.index(of: parts[2]) else { continue }
            keys[ref] = Set(t.rows.map { $0[i].key })
        }
        return keys
    }

    /// Loads what is new (or everything, when `reloadAll` or a loaded delivery changed) and returns the
    /// accounts of every delivery now in the store.
    func load(_ source: SourceConfig, _ table: TableConfig, reloadAll: Bool, hashes: InputHashes) throws -> [FileAccount] {
        guard let target = self.store else { preconditionFailure("a load needs a store") }
        let store = try target.deliverySink(source, table)
        let files = DeliveryFiles.list(rawDirectory: rawDirectory, pattern: table.deliveries!)
        var loaded = try store.loadedDeliveries()
        let onDisk = Set(files)
        let changed = try loaded.filter { delivery in
            guard onDisk.contains(delivery.file) else { return true }
            return try hashes.sha256(path(delivery.file)) != delivery.sha256
        }
        // A delivery sorting before one already loaded (sent late) is loaded in its place, as a full rebuild
        // would: deliveries are numbered in file order.
        let late = files.filter { file in !loaded.contains { $0.file == file } && loaded.contains { $0.file > file } }
        if !loaded.isEmpty && (reloadAll || !changed.isEmpty || !late.isEmpty) {
            let why = reloadAll ? "its declaration or references changed"
                : !changed.isEmpty ? "\(changed.map(\.file).joined(separator: ", ")) changed or disappeared"
                : "\(late.joined(separator: ", ")) came after later deliveries"
            log(RunEvent(.info, .registry, "deliveries_reloading", "reloading every delivery of \(source.id).\(table.id): \(why)",
                         ["table": .string("\(source.id).\(table.id)")]))
            try store.clear()
            loaded = []
        }
        let done = Set(loaded.map(\.file))
        let loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: referenceKeys(table.columns),
                                    rawDirectory: rawDirectory, displayPrefix: displayPrefix)
        let toLoad = files.filter { !done.contains($0) }
        // One delivery into an empty table: the merge after its last row emits the whole table, and the exhibits
        // are tallied from it there (on the merge's thread) instead of scanning the table afterwards.
        let observable = store as? ObservableDeliverySink
        let tallies = loaded.isEmpty && toLoad.count == 1 ? try observable.flatMap { try exhibitTallies(source, table, $0) } : nil
        tallied.set(nil, for: source, table)
        defer { observable?.finalRows = nil }
        for file in toLoad {
            let result = try loader.load(file, into: store, progress: progress ?? { _ in }, note: note)
            if let tallies, observable?.observed == true, tallies.tallies.usable { tallied.set(tallies, for: source, table) }
            hashes.record(path(file), sha256: result.delivery.sha256)
            let d = result.delivery
            log(RunEvent(.info, .registry, "delivery_loaded", "\(displayPrefix + file): " + Self.loadedSentence(result),
                ["file": .string(displayPrefix + file), "bytes": .int(d.bytes), "rows_read": .int(d.read), "rows_loaded": .int(d.loaded),
                 "rows_applied": .int(result.applied), "rows_quarantined": .int(d.quarantined), "rows_held_back": .int(result.heldBack),
                 "seconds": .double(result.seconds)]))
        }
        for file in files where done.contains(file) { _ = try hashes.sha256(path(file)) }
        return try store.loadedDeliveries().map {
            FileAccount(source: source.id, file: $0.file, bytes: $0.bytes, sha256: $0.sha256,
                        read: $0.read, loaded: $0.loaded, quarantined: $0.quarantined)
        }
    }

    /// Every delivery of a table read and cleaned as a load would, nothing written (`migstat check`).
    func check(_ source: SourceConfig, _ table: TableConfig, keepRejected: Bool = false) throws -> [DeliveryCheck] {
        let loader = DeliveryLoader(source: source, table: table, columns: table.columns, referenceKeys: referenceKeys(table.columns),
                                    rawDirectory: rawDirectory, displayPrefix: displayPrefix)
        return try DeliveryFiles.list(rawDirectory: rawDirectory, pattern: table.deliveries!).map { try loader.check($0, keepRejected: keepRejected, note: note) }
    }

    /// The estimates of the given exhibits over one delivery table: from the load's tallies when it made them
    /// for all of these, otherwise by the store's engine, their plans compiled here once.
    func exhibits(_ exhibits: [ExhibitConfig], over source: SourceConfig, _ table: TableConfig, engine: RegistryExhibitEngine,
                  workDirectory: String) throws -> [Estimate] {
        let ids = Set(exhibits.map(\.id))
        if let tallies = tallied.take(source, table) {
            if !ids.isEmpty && ids.isSubset(of: tallies.exhibits) { return try tallies.tallies.estimates(of: ids, tables: tables) }
            tallies.tallies.discard()
        }
        guard !exhibits.isEmpty else { return [] }
        let plans = try ExhibitPlan.compile(exhibits, over: table, referenceKeys: referenceKeys(table.columns))
        return try engine.estimates(plans, over: source, table, tables: tables, workDirectory: workDirectory)
    }

    /// A tally of every exhibit over the table, for a load into a sink that shows its rows as its merge emits
    /// them; nil without a scratch directory, or when the exhibits read a column the tally cannot read as the scan does.
    private func exhibitTallies(_ source: SourceConfig, _ table: TableConfig, _ observable: ObservableDeliverySink) throws
        -> (tallies: ExhibitTallies, exhibits: Set<String>)? {
        guard let scratch = self.store?.scratchDirectory else { return nil }
        let over = config.exhibits.filter { config.deliveryTable(of: $0).map { $0.source.id == source.id && $0.table.id == table.id } ?? false }
        guard !over.isEmpty else { return nil }
        let directory = scratch + "/.registry-tally-\(source.id)-\(table.id)"
        let plans = try ExhibitPlan.compile(over, over: table, referenceKeys: referenceKeys(table.columns))
        guard let tallies = try ExhibitTallies(plans: plans, table: table, workDirectory: directory) else { return nil }
        observable.finalRows = tallies
        return (tallies, Set(over.map(\.id)))
    }

    /// The loader's notes (a delivery read again with the full reader) arrive as text "registry: …".
    private func note(_ line: String) {
        let message = line.hasPrefix("registry: ") ? String(line.dropFirst("registry: ".count)) : line
        log(RunEvent(.warning, .registry, "delivery_reread", message))
    }

    private func path(_ file: String) -> String { (rawDirectory as NSString).appendingPathComponent(file) }

    /// The delivery_loaded message: the rows, the speed, then where the time went (each thread's CPU, each
    /// side's waiting, the rows held back for the sorted merge, the merge and the commit after the last row).
    static func loadedSentence(_ result: DeliveryResult) -> String {
        let d = result.delivery, elapsed = max(result.seconds, 1e-9)
        func time(_ seconds: Double) -> String { formatFixed(seconds, decimals: 2) }
        let rows = "\(d.read) rows read, \(d.loaded) loaded (\(result.applied) new or newer), \(d.quarantined) quarantined"
        let speed = "\(time(result.seconds)) s, \(Int((Double(d.read) / elapsed).rounded())) rows/s, "
            + "\(formatFixed(Double(d.bytes) / 1_000_000 / elapsed, decimals: 1)) MB/s"
        let cpu = "CPU: reading and cleaning \(time(result.readerCPU)) s, writing to the store \(time(result.writerCPU)) s"
        let waiting = "waiting for the other side: reader \(time(result.readerWaited)) s, store \(time(result.writerWaited)) s"
        let heldBack = "\(result.heldBack) rows held back in \(result.runs) sorted run\(result.runs == 1 ? "" : "s")"
        let after = "after the last row: \(time(result.mergeSeconds)) s merging and upserting them, commit \(time(result.commitSeconds)) s"
        return "\(rows); \(speed) (\(cpu); \(waiting); \(heldBack); \(after))"
    }
}

/// The load's tallies of each delivery table's exhibits, kept for the exhibits step (RegistryStage is a value
/// the run keeps between the two steps; this is shared by its copies).
final class TalliedExhibits {
    private var tallies: [String: (tallies: ExhibitTallies, exhibits: Set<String>)] = [:]

    private static func key(_ source: SourceConfig, _ table: TableConfig) -> String { "\(source.id).\(table.id)" }

    func set(_ tallies: (tallies: ExhibitTallies, exhibits: Set<String>)?, for source: SourceConfig, _ table: TableConfig) {
        self.tallies[Self.key(source, table)]?.tallies.discard()
        self.tallies[Self.key(source, table)] = tallies
    }

    /// A table's tallies, taken: they are used once.
    func take(_ source: SourceConfig, _ table: TableConfig) -> (tallies: ExhibitTallies, exhibits: Set<String>)? {
        defer { tallies[Self.key(source, table)] = nil }
        return tallies[Self.key(source, table)]
    }
}
