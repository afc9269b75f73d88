/// Accounting of one input file: every record read is loaded or quarantined.
public struct FileAccount: Sendable, Equatable {
    public var source: String
    public var file: String
    public var bytes: Int
    public var read: Int
    public var loaded: Int
    public var quarantined: Int
    public var sha256: String

    public init(source: String, file: String, bytes: Int, read: Int, loaded: Int, quarantined: Int, sha256: String) {
        self.source = source; self.file = file; self.bytes = bytes; self.read = read; self.loaded = loaded; self.quarantined = quarantined; self.sha256 = sha256
    }
}
