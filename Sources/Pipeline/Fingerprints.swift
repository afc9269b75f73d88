import Exhibits
import Foundation
import MigstatCore

/// What each part of the output was built from, as hashes kept in manifest.json: a part whose fingerprint
/// is unchanged since the last run need not be rebuilt.
struct Fingerprints: Codable, Equatable {
    /// migstat's version, the build's identity (BuildIdentity) and the run's options that shape every output.
    var global: String
    /// Per source: its declaration, its files' contents and the sources it references.
    var sources: [String: String]
    /// Per delivery table ("source.table"): its declaration and the sources it references, not its files
    /// (a new delivery is loaded on top; a changed declaration means loading every delivery again).
    var deliveries: [String: String]
    /// Per join: its declaration, the joins it goes through and the fingerprints of the sources it reads
    /// (a join no exhibit uses yet is still a table of the store). Absent in manifests of older builds.
    var joins: [String: String]?
    /// Per exhibit: its declaration, the joins it goes through and the fingerprints of the sources it reads.
    var exhibits: [String: String]
    /// The published values and whether they were compared.
    var verification: String
}

/// The declarations of pipeline.json as canonical JSON text (keys sorted), to hash each part on its own.
struct Declarations {
    private var parts: [String: String] = [:]

    init(configData: Data) {
        guard let root = try? JSONSerialization.jsonObject(with: configData) as? [String: Any] else { return }
        for (kind, items) in [("source", root["sources"]), ("join", root["joins"]), ("exhibit", root["exhibits"])] {
            for item in items as? [[String: Any]] ?? [] {
                guard let id = item["id"] as? String,
                      let data = try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys]) else { continue }
                parts["\(kind):\(id)"] = String(decoding: data, as: UTF8.self)
            }
        }
    }

    func text(_ kind: String, _ id: String) -> String { parts["\(kind):\(id)"] ?? "" }
}

/// Which sources, joins and tables each part of the study depends on.
struct Dependencies {
    let config: PipelineConfig

    func isDelivery(_ source: SourceConfig) -> Bool { source.tables.contains { $0.deliveries != nil } }

    /// Sources whose tables a source's columns reference or resolve through (declared before it).
    func referenced(by source: SourceConfig) -> Set<String> {
        let columns = source.tables.flatMap(\.columns)
        let names = columns.compactMap(\.references) + columns.compactMap { $0.resolve?.table }
        return Set(names.compactMap { $0.split(separator: ".").first.map(String.init) }).subtracting([source.id])
    }

    /// Sources the indicators are computed from.
    var indicatorSources: Set<String> { config.indicators.map { sources(of: $0.from) } ?? [] }

    /// Sources of the statistics and cross-tabulations, computed again on every rebuild.
    var alwaysReadSources: Set<String> { Set(config.alwaysComputedFrom.flatMap { sources(of: $0) }) }

    /// Sources a table or join reads.
    func sources(of name: String) -> Set<String> {
        if let join = config.joins.first(where: { $0.id == name }) {
            var out = sources(of: join.from)
            if let t = join.lookup?.table { out.formUnion(sources(of: t)) }
            if let t = join.count?.table { out.formUnion(sources(of: t)) }
            return out
        }
        return name.split(separator: ".").first.map { [String($0)] } ?? []
    }

    /// Joins a table or join goes through, itself included.
    func joins(of name: String) -> [JoinConfig] {
        guard let join = config.joins.first(where: { $0.id == name }) else { return [] }
        return joins(of: join.from) + (join.lookup.map { joins(of: $0.table) } ?? []) + (join.count.map { joins(of: $0.table) } ?? []) + [join]
    }

    /// Sources an exhibit reads: through `from`, long answer tables and `labels_from` (a source's table, never a join).
    func sources(of exhibit: ExhibitReads) -> Set<String> {
        var out = sources(of: exhibit.from)
        for table in exhibit.answerTables { out.formUnion(sources(of: table)) }
        for table in exhibit.labelTables { if let source = table.split(separator: ".").first { out.insert(String(source)) } }
        return out
    }

    func sources(of exhibit: ExhibitConfig) -> Set<String> { sources(of: ExhibitReads(exhibit)) }

    /// The sources and, recursively, those they reference.
    func closure(_ start: Set<String>) -> Set<String> {
        var out = start
        var changed = true
        while changed {
            changed = false
            for source in config.sources where out.contains(source.id) {
                let more = referenced(by: source).subtracting(out)
                if !more.isEmpty { out.formUnion(more); changed = true }
            }
        }
        return out
    }
}

enum Fingerprint {
    static func hash(_ parts: [String]) -> String { SHA256.hex(Array(parts.joined(separator: "\u{1F}").utf8)) }
}
