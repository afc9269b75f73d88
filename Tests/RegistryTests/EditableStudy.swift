import Foundation
import Generate
import XCTest

/// A scratch copy of the robustness tests' clean study (a strict reference source; a lenient windows-1251
/// survey with a codebook, households and members) with the registry of RegistryStudy beside it, whose
/// pipeline.json and raw/ a test edits as a user would.
struct EditableStudy {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../RobustnessTests/Fixtures/studies/clean").standardizedFileURL

    let root: URL
    var raw: URL { root.appendingPathComponent("raw") }
    var output: URL { root.appendingPathComponent("output") }
    var full: URL { root.appendingPathComponent("full") }
    var runner: StudyRunner { StudyRunner(config: root.appendingPathComponent("pipeline.json"), raw: raw) }
    /// pipeline.json as JSON objects, written back by `save`.
    var config: [String: Any]

    /// `withRegistry`: the reference source, the registry source, one delivery and an exhibit over it too.
    init(name: String = #function, withRegistry: Bool = false) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = RegistryStudy.scratchRoot.appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        config = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture.appendingPathComponent("pipeline.json"))) as! [String: Any]
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent("raw"), to: raw)
        if withRegistry {
            let registry = try RegistryStudy(name: name)   // its reference files and declarations
            try FileManager.default.copyItem(at: registry.raw.appendingPathComponent("reference"), to: raw.appendingPathComponent("reference"))
            let declared = try JSONSerialization.jsonObject(with: Data(RegistryStudy.pipeline(numericIds: false).utf8)) as! [String: Any]
            let sources = declared["sources"] as! [[String: Any]], exhibits = declared["exhibits"] as! [[String: Any]]
            self.sources += [sources[0], sources[2]]
            self.exhibits += exhibits.filter { $0["id"] as? String == "registered" }
            try delivery("registry_20140101.csv", seed: 1, firstId: 1)
        }
        try save()
    }

    var sources: [[String: Any]] {
        get { config["sources"] as? [[String: Any]] ?? [] }
        set { config["sources"] = newValue }
    }
    var joins: [[String: Any]] {
        get { config["joins"] as? [[String: Any]] ?? [] }
        set { config["joins"] = newValue }
    }
    var exhibits: [[String: Any]] {
        get { config["exhibits"] as? [[String: Any]] ?? [] }
        set { config["exhibits"] = newValue }
    }

    func save() throws {
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys]).write(to: root.appendingPathComponent("pipeline.json"))
    }

    /// Appends lines to a raw file (ASCII, so windows-1251 files stay what they are).
    func append(_ relative: String, _ lines: String) throws {
        let handle = try FileHandle(forWritingTo: raw.appendingPathComponent(relative))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.utf8))
    }

    /// A small generated delivery in raw/registry/.
    func delivery(_ name: String, seed: UInt64, firstId: Int, rows: Int = 150) throws {
        try FileManager.default.createDirectory(at: raw.appendingPathComponent("registry"), withIntermediateDirectories: true)
        let options = RegistryGenerator.Options(rows: rows, seed: seed, firstRecordId: firstId, persons: 100, recordPrefix: "R", personPrefix: "P")
        _ = try RegistryGenerator(options).write(to: raw.appendingPathComponent("registry/\(name)").path, replacing: true)
    }

    /// The id of the source holding the survey tables (it may have been renamed).
    var surveyId: String { sourceId { $0["id"] as? String == "households" } }
    /// The id of the source holding the registry's delivery table.
    var registryId: String { sourceId { $0["deliveries"] != nil } }

    private func sourceId(holding table: ([String: Any]) -> Bool) -> String {
        sources.first { ($0["tables"] as? [[String: Any]])?.contains(where: table) ?? false }!["id"] as! String
    }

    /// Renames a source and every table name that points into it ("old.table" → "new.table").
    mutating func renameSource(_ old: String, to new: String) {
        func renamed(_ name: Any?) -> Any? {
            guard let name = name as? String, name.hasPrefix(old + ".") else { return name }
            return new + name.dropFirst(old.count)
        }
        sources = sources.map { source in
            var source = source
            if source["id"] as? String == old { source["id"] = new }
            return source
        }
        exhibits = exhibits.map { exhibit in
            var exhibit = exhibit
            exhibit["from"] = renamed(exhibit["from"])
            return exhibit
        }
        joins = joins.map { join in
            var join = join
            join["from"] = renamed(join["from"])
            for kind in ["lookup", "count"] {
                guard var part = join[kind] as? [String: Any] else { continue }
                part["table"] = renamed(part["table"])
                join[kind] = part
            }
            return join
        }
    }
}
