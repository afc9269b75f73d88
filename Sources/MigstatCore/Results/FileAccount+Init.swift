extension FileAccount {
    /// An account made outside cleaning: a delivery loaded into the store, or one read back from it.
    public init(source: String, file: String, bytes: Int, sha256: String, read: Int, loaded: Int, quarantined: Int) {
        self.init(source: source, file: file, bytes: bytes, read: read, loaded: loaded, quarantined: quarantined, sha256: sha256)
    }
}
