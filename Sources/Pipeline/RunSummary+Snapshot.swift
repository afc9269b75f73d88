extension RunSummary {
    /// The summary as kept in manifest.json, so that a run with nothing new can report the output as it stands.
    struct Snapshot: Codable, Equatable {
        var exhibits: Int, estimates: Int, matched: Int, differs: Int, textDiffers: Int
        enum CodingKeys: String, CodingKey { case exhibits, estimates, matched, differs, textDiffers = "text_differs" }
    }

    var snapshot: Snapshot {
        Snapshot(exhibits: exhibits, estimates: estimates, matched: matched, differs: differs, textDiffers: textDiffers)
    }

    init(snapshot s: Snapshot, totals: PreviousOutput.ManifestSnapshot.Totals) {
        self.init(exhibits: s.exhibits, estimates: s.estimates, rowsRead: totals.rowsRead, rowsLoaded: totals.rowsLoaded,
                  rowsQuarantined: totals.rowsQuarantined, matched: s.matched, differs: s.differs, textDiffers: s.textDiffers)
    }
}
