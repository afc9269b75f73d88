import MigstatCore

/// The store's layout, numbered: each step brings a store from the layout before it to its own. A store records
/// the number it has (SQLite's `user_version`), so that a new migstat on an old output updates it by these steps
/// and nothing compares table definitions. A step that shipped is never edited: a change of layout is a new step.
public enum StoreLayout {
    struct Step: Sendable {
        let why: String
        let apply: @Sendable (StoreBackend) throws -> Void
    }

    static let steps: [Step] = [
        Step(why: "A store made before layouts were numbered (without row_version or the codebook's labels) is emptied: "
                + "the run then rebuilds every table and loads every delivery again.") { backend in
            for table in try backend.tableNames() { try backend.drop(table: table) }
        },
        Step(why: "A database store keeps a checksum of each table migstat owns (`migstat_checksums`), compared before a run "
                + "builds on them; a store made before it holds none and is rebuilt once. SQLite's file is hashed whole instead.") { backend in
            try (backend as? StoreChecksums)?.createChecksumTable()
        },
        Step(why: "The estimates table gains `weighted_se` (the standard error of a weighted count). The table is dropped, not "
                + "altered: every run writes it whole, and no run reuses an older migstat's estimates (its build identity is in "
                + "every exhibit's fingerprint). A database store's recorded checksum of the table then no longer matches, so "
                + "its first run after the update loads the deliveries again, once, as after the step before.") { backend in
            try backend.drop(table: RunTables.estimates.name)
        },
    ]

    /// The layout this migstat writes.
    public static var current: Int { steps.count }

    /// Brings the store up to the current layout, each step in a transaction of its own. A store of a later
    /// layout (made by a newer migstat) is refused rather than guessed at.
    public static func migrate(_ backend: StoreBackend) throws {
        let version = try backend.layoutVersion()
        if version > current { throw StoreLayoutError.newer(found: version, known: current) }
        for number in version..<current {
            try backend.transaction {
                try steps[number].apply(backend)
                try backend.setLayoutVersion(number + 1)
            }
        }
    }
}

public enum StoreLayoutError: Error, CustomStringConvertible, Equatable {
    case newer(found: Int, known: Int)
    public var description: String {
        switch self {
        case .newer(let found, let known):
            return "the store has layout \(found), made by a newer migstat; this one knows layouts up to \(known)"
        }
    }
}
