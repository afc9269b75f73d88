/// A store others can write to behind migstat's back (a database they log into, unlike the SQLite file whose
/// SHA-256 the manifest records): it records a checksum of each table migstat owns once a run has written them,
/// and a run compares them before it builds on the tables. A mismatch is never trusted: the run rebuilds from raw/.
public protocol StoreChecksums: AnyObject {
    /// Creates the table the checksums are kept in (a `StoreLayout` step).
    func createChecksumTable() throws
    /// Records the checksum of every table migstat owns, as they are now.
    func recordChecksums() throws
    /// What does not match what was recorded (the table named), or nil when every table does.
    func checksumMismatch() throws -> String?
}
