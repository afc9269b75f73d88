import MigstatCore

/// What an earlier run wrote, read back so that an incremental run can keep the parts whose inputs did not
/// change instead of recomputing them, and the codebook's labels for the data package.
extension RunStore {
    /// The SQLite file of an earlier output, opened without writing to it.
    public static func sqliteReadOnly(path: String) throws -> RunStore {
        let database = try Database(path: path)
        try database.execute("PRAGMA query_only=1")
        return RunStore(reading: database)
    }

    /// The stored estimates of the given exhibits, in the order they were written.
    public func estimates(of exhibits: Set<String>) throws -> [Estimate] {
        try backend.rows(of: RunTables.estimates).filter { exhibits.contains($0[0].key) }.map(RunTables.estimate)
    }

    /// The quarantined records of the given sources, in the order they were written.
    public func quarantine(of sources: Set<String>) throws -> [QuarantineRecord] {
        try backend.rows(of: RunTables.quarantine).filter { sources.contains($0[0].key) }.map(RunTables.quarantineRecord)
    }

    /// Streams one source's quarantined records in file and line order (a delivery's may be many).
    public func forEachQuarantined(source: String, _ body: (QuarantineRecord) throws -> Void) throws {
        try backend.forEachRow(of: RunTables.quarantine, where: ("source", source), orderBy: ["file", "line"]) { try body(RunTables.quarantineRecord($0)) }
    }

    /// The accounts of the input files of the given sources.
    public func files(of sources: Set<String>) throws -> [FileAccount] {
        try backend.rows(of: RunTables.inputFiles).filter { sources.contains($0[0].key) }.map(RunTables.fileAccount)
    }

    /// The labels of every category that has a code in the codebook: category name → language → label. A name
    /// used by several variables with different labels gets them joined with " | ", in the order of
    /// (category, English label, Russian label), a missing label first.
    public func categoryLabels() throws -> [String: [String: String]] {
        struct Labelled: Hashable, Comparable {
            let category: String, en: String?, ru: String?
            static func < (a: Labelled, b: Labelled) -> Bool {
                func order(_ s: String?) -> (Int, String) { (s == nil ? 0 : 1, s ?? "") }
                return (a.category, order(a.en).0, order(a.en).1, order(a.ru).0, order(a.ru).1)
                    < (b.category, order(b.en).0, order(b.en).1, order(b.ru).0, order(b.ru).1)
            }
        }
        var distinct = Set<Labelled>()
        for row in try backend.rows(of: RunTables.codebook) where !row[2].isNull && row[5].number == 0 && !(row[6].isNull && row[7].isNull) {
            distinct.insert(Labelled(category: row[3].key, en: row[6].isNull ? nil : row[6].key, ru: row[7].isNull ? nil : row[7].key))
        }
        var labels: [String: [String: [String]]] = [:]
        for row in distinct.sorted() {
            for (language, value) in [("en", row.en), ("ru", row.ru)] {
                guard let value, !(labels[row.category]?[language] ?? []).contains(value) else { continue }
                labels[row.category, default: [:]][language, default: []].append(value)
            }
        }
        return labels.mapValues { $0.mapValues { $0.joined(separator: " | ") } }
    }
}
