import MigstatCore

/// Where a delivery table's cleaned rows go: the SQLite file (`DeliveryStore`) or another database. The loader
/// reads and cleans; a sink keeps the newest version of each key by `UpsertRule`, one transaction per delivery.
public protocol DeliverySink: AnyObject {
    /// The deliveries completely loaded, by file name.
    func loadedDeliveries() throws -> [LoadedDelivery]
    /// Empties the table, its deliveries and their quarantine (a changed or removed delivery means a full reload).
    func clear() throws
    /// Starts loading a delivery in a transaction of its own; its earlier quarantine (if reloaded) is dropped.
    func begin(file: String) throws
    /// Takes every row of a batch and its quarantined records.
    func write(_ batch: RowBatch) throws
    /// Applies what is pending, records the delivery as complete and commits; returns the rows that changed the table.
    @discardableResult func finish(_ delivery: LoadedDelivery) throws -> Int
    /// Abandons a delivery begun but not finished.
    func rollback()
    /// The last delivery's figures for the log: rows held back and their sorted runs, seconds after the last row
    /// applying them and committing.
    var heldBackRows: Int { get }
    var runCount: Int { get }
    var mergeSeconds: Double { get }
    var commitSeconds: Double { get }
}
