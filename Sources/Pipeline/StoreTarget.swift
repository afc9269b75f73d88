import Aggregate
import Exhibits
import Foundation
import MigstatCore
import Registry
import Store

/// Where a run keeps its store: the SQLite file in the output (the default) or a database `--store` names. The
/// run sees only this: how the store is opened for a run, what a delivery table loads into, the engine that
/// computes the registry exhibits over it, and where the run's tables are written.
protocol StoreTarget: AnyObject {
    /// The output file the store is, if it is one: hashed in the manifest and checked before it is trusted.
    var outputFile: String? { get }
    /// What the store is, for the log and the fingerprints (never a password).
    var identity: String { get }
    /// Opens the store for a run writing into `out`, carrying over what `previous` (when fit to build on) holds.
    /// Returns true when deliveries loaded before are kept, false when every delivery is to be loaded.
    func open(previous: PreviousOutput?, config: PipelineConfig, out: OutputDirectory) throws -> Bool
    func deliverySink(_ source: SourceConfig, _ table: TableConfig) throws -> DeliverySink
    /// What computes the exhibits over the delivery tables where this store keeps their rows (after `open`).
    func exhibitEngine() throws -> RegistryExhibitEngine
    /// The run's tables (normalized tables, codebook, quarantine, estimates, …).
    func runStore() throws -> RunStore
    /// What the run that wrote `previous` stored, for the parts an incremental run keeps.
    func previousRunStore(_ previous: PreviousOutput) throws -> RunStore
    /// Turns a database error into the run's error, naming the store.
    func runError(_ error: Error, outputDirectory: String) -> Error?
    /// For `check`: the store can be reached and written by this user, nothing written.
    func check() throws
    /// Why the store may not be built on although the manifest would trust it (a database changed behind
    /// migstat's back), or nil; when not nil, `open` then starts it anew (every delivery loaded again).
    func distrust() throws -> String?
    /// Records what `distrust` will compare: called once the run has written everything into the store.
    func seal() throws
    /// A directory of this run's beside the store for scratch files (the exhibits' tallies); nil for a database
    /// server, whose sinks cannot show their rows (`ObservableDeliverySink`). Known after `open`.
    var scratchDirectory: String? { get }
}

/// `migration.sqlite` in the output: built in the staging directory, from a copy of the previous one when it may
/// be built on, and swapped in with the rest of the output.
final class SQLiteStoreTarget: StoreTarget {
    let outputFile: String? = PreviousOutput.storeFile
    let identity = "sqlite"
    let force: Bool
    private(set) var path = ""

    init(force: Bool) { self.force = force }

    /// Computes the registry exhibits by SQL (`ExhibitSQL`) instead of the byte scan: the benchmark's comparison only.
    private(set) var exhibitsBySQL = false

    /// A store file already there (the benchmark's, or a test's).
    init(path: String, exhibitsBySQL: Bool = false) { self.force = false; self.path = path; self.exhibitsBySQL = exhibitsBySQL }

    func open(previous: PreviousOutput?, config: PipelineConfig, out: OutputDirectory) throws -> Bool {
        path = out.path(PreviousOutput.storeFile)
        guard !force, let previous, FileManager.default.fileExists(atPath: previous.databasePath) else { try createEmpty(); return false }
        try FileCopy.copy(previous.databasePath, to: path)
        do {
            try RunStore.sqlite(path: path).dropStale(config)
        } catch let error as StoreLayoutError {
            // Made by a newer migstat: not carried, the run builds a store of its own layout from nothing.
            try FileManager.default.removeItem(atPath: path)
            try createEmpty()
            throw StoreNotCarried(reason: "\(error)")
        }
        return true
    }

    /// An empty file SQLite takes as a new database: made by migstat without the bits of other users, so that
    /// the store and the journal files SQLite gives the store's mode are confidential from their first byte.
    private func createEmpty() throws {
        try NoFollow.createFile(path).close()
    }

    func deliverySink(_ source: SourceConfig, _ table: TableConfig) throws -> DeliverySink {
        try DeliveryStore(path: path, source: source.id, tableName: StoreTableName.staged(source: source.id, table: table.id), columns: table.columns, upsert: table.upsert!)
    }

    var scratchDirectory: String? { path.isEmpty ? nil : (path as NSString).deletingLastPathComponent }

    func exhibitEngine() -> RegistryExhibitEngine {
        exhibitsBySQL ? SQLiteSQLExhibits(storePath: path) : SQLiteScanExhibits(storePath: path)
    }

    func runStore() throws -> RunStore { try RunStore.sqlite(path: path) }

    /// The file is made in the run's staging directory: nothing to check before.
    func check() throws {}

    /// The file is hashed whole in the manifest (`PreviousOutput.trust`), like every output file.
    func distrust() throws -> String? { nil }
    func seal() throws {}

    func previousRunStore(_ previous: PreviousOutput) throws -> RunStore { try RunStore.sqliteReadOnly(path: previous.databasePath) }

    func runError(_ error: Error, outputDirectory: String) -> Error? {
        // Name the store a full disk or a read-only directory stopped, not only the SQL it was running.
        guard let error = error as? SQLiteError else { return nil }
        return MigstatError.output(path: "\(outputDirectory)/\(PreviousOutput.storeFile)", message: error.description)
    }
}

/// The previous store could not be built on (see the reason): the run starts a new one.
struct StoreNotCarried: Error { let reason: String }

extension RunStore {
    /// Drops what the configuration no longer declares (see `dropStale(keepingTables:…)`), before anything is
    /// loaded, so that a delivery loaded afterwards is numbered as in a new store.
    func dropStale(_ config: PipelineConfig) throws {
        let tables = config.sources.flatMap { s in s.tables.map { "\(s.id).\($0.id)" } }
        try dropStale(keepingTables: Set(StoreTableName.all(config)), sources: Set(config.sources.map(\.id)), codebookTables: Set(tables))
    }
}

/// Every table a run of `config` makes in its store.
func storeTableNames(_ config: PipelineConfig) -> [String] { RunTables.names + StoreTableName.all(config) }
