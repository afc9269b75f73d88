import Exhibits
import Foundation
import MigstatCore

/// What changed since the output was last built, and so what this run must redo: which exhibits to
/// recompute, which sources to read again. Everything else is taken from the previous output.
struct IncrementalPlan {
    var fingerprints: Fingerprints
    var dirtyExhibits: Set<String>
    /// Sources whose non-delivery tables are read and cleaned again.
    var sourcesToRead: Set<String>
    /// Delivery tables ("source.table") whose declaration or references changed: every delivery loaded again.
    var dirtyDeliveries: Set<String> = []
    /// The previous output is complete and nothing it was built from changed.
    var upToDate: Bool
    /// Why the run rebuilds what it does, for the log.
    var reason: String
    /// The previous output's store, estimates and accounts may be built on; false when everything is built
    /// from raw/ (forced, another build of migstat, a store that failed its checks).
    var reusesPrevious = true

    /// The parts of a fingerprint that are the same for every exhibit.
    struct Context {
        var config: PipelineConfig
        var declarations: Declarations
        var global: String
        var verification: String
        /// Delivery files per delivery table ("source.table"), relative to the raw directory.
        var deliveryFiles: [String: [String]]
        /// Hashes of the spec files diagrams and timelines are drawn from, by exhibit.
        var specs: [String: String] = [:]
        /// The output file the store is (checked before the previous output is trusted); nil for a database.
        var storeFile: String? = PreviousOutput.storeFile
    }

    static func fingerprints(_ context: Context, hash: (String) -> String?) -> Fingerprints {
        let deps = Dependencies(config: context.config)
        var sources: [String: String] = [:]
        var deliveries: [String: String] = [:]
        for source in context.config.sources {
            let refs = deps.referenced(by: source).sorted().map { "\($0)=\(sources[$0] ?? "")" }
            var files: [String] = []
            for table in source.tables {
                if table.deliveries != nil {
                    let qualified = "\(source.id).\(table.id)"
                    deliveries[qualified] = Fingerprint.hash(["delivery", context.declarations.text("source", source.id)] + refs)
                    files += (context.deliveryFiles[qualified] ?? []).map { "\($0)=\(hash($0) ?? "new")" }
                } else {
                    files.append("\(table.file)=\(hash(table.file) ?? "missing")")
                }
            }
            if let cb = source.codebook { files.append("\(cb.file)=\(hash(cb.file) ?? "missing")") }
            sources[source.id] = Fingerprint.hash(["source", context.declarations.text("source", source.id)] + files + refs)
        }
        func reads(_ names: Set<String>) -> [String] { names.sorted().map { "\($0)=\(sources[$0] ?? "")" } }
        var joins: [String: String] = [:]
        for join in context.config.joins {
            let through = deps.joins(of: join.id).map { context.declarations.text("join", $0.id) }
            joins[join.id] = Fingerprint.hash(["join", context.global] + through + reads(deps.sources(of: join.id)))
        }
        var exhibits: [String: String] = [:]
        for exhibit in context.config.exhibits.map(ExhibitReads.init) {
            let joins = deps.joins(of: exhibit.from).map { context.declarations.text("join", $0.id) }
            let spec = context.specs[exhibit.id].map { ["spec=\($0)"] } ?? []
            exhibits[exhibit.id] = Fingerprint.hash(["exhibit", context.global, context.declarations.text("exhibit", exhibit.id)] + spec + joins + reads(deps.sources(of: exhibit)))
        }
        return Fingerprints(global: context.global, sources: sources, deliveries: deliveries, joins: joins, exhibits: exhibits, verification: context.verification)
    }

    /// `distrusted`: why the store may not be built on, found before (a database's checksums), or nil.
    static func make(_ context: Context, hash: (String) -> String?, previous: PreviousOutput?, configSha256: String, force: Bool,
                     distrusted: String? = nil) -> IncrementalPlan {
        let current = fingerprints(context, hash: hash)
        let config = context.config
        let deps = Dependencies(config: config)
        let before: Fingerprints, damaged: [PreviousOutput.Failure]
        switch Basis(previous, current: current, force: force, storeFile: context.storeFile, distrusted: distrusted) {
        case .nothing(let reason):
            var everything = IncrementalPlan(fingerprints: current, dirtyExhibits: Set(config.exhibits.map(\.id)),
                                             sourcesToRead: Set(config.sources.map(\.id)), upToDate: false, reason: reason)
            everything.reusesPrevious = false
            everything.dirtyDeliveries = Set(current.deliveries.keys)
            return everything
        case let .previous(fingerprints, failures): (before, damaged) = (fingerprints, failures)
        }

        let dirtyExhibits = Set(config.exhibits.map(\.id).filter { before.exhibits[$0] != current.exhibits[$0] })
        let dirtySources = Set(config.sources.map(\.id).filter { before.sources[$0] != current.sources[$0] })
        let dirtyJoins = config.joins.filter { before.joins?[$0.id] != current.joins?[$0.id] }
        let dirtyDeliveries = Set(current.deliveries.keys.filter { before.deliveries[$0] != current.deliveries[$0] })
        if dirtyExhibits.isEmpty, dirtySources.isEmpty, dirtyJoins.isEmpty, damaged.isEmpty, before.verification == current.verification,
           previous?.manifest.configSha256 == configSha256 {
            return IncrementalPlan(fingerprints: current, dirtyExhibits: [], sourcesToRead: [], upToDate: true, reason: "nothing changed")
        }
        // Read again what changed, what the exhibits and joins to rebuild read, and what those are checked against.
        // The indicators (a few dozen official figures) are computed again on every rebuild.
        var read = dirtySources.union(deps.indicatorSources).union(deps.alwaysReadSources)
        for join in dirtyJoins { read.formUnion(deps.sources(of: join.id)) }
        for exhibit in config.exhibits where dirtyExhibits.contains(exhibit.id) { read.formUnion(deps.sources(of: exhibit)) }
        for source in config.sources where deps.isDelivery(source) && dirtySources.contains(source.id) { read.formUnion(deps.referenced(by: source)) }
        // A join over a changed source is rebuilt, so everything it joins is read too.
        var grown = true
        while grown {
            read = deps.closure(read)
            grown = false
            for join in config.joins {
                let joined = deps.sources(of: join.id)
                if !joined.isDisjoint(with: dirtySources), !joined.isSubset(of: read) { read.formUnion(joined); grown = true }
            }
        }
        let changes = dirtySources.sorted().map { "source \($0)" } + dirtyJoins.map { "join \($0.id)" }
            + (before.verification != current.verification ? ["published values"] : [])
        var reason = (changes.isEmpty ? "" : "changed: " + changes.joined(separator: ", ") + "; ")
            + "rebuilding \(dirtyExhibits.count) of \(config.exhibits.count) exhibits"
        if !damaged.isEmpty {
            reason = damaged.map(\.description).joined(separator: "; ") + ": rendering every output file again from the store; " + reason
        }
        return IncrementalPlan(fingerprints: current, dirtyExhibits: dirtyExhibits, sourcesToRead: read, dirtyDeliveries: dirtyDeliveries,
                               upToDate: false, reason: reason)
    }

    /// The joins this run can and must build: those over sources read again (the others stay in the store).
    func joinsToBuild(_ config: PipelineConfig) -> [JoinConfig] {
        let deps = Dependencies(config: config)
        return config.joins.filter { deps.sources(of: $0.id).isSubset(of: sourcesToRead) }
    }

    /// What a run builds on: nothing (and why), or the previous output, its store having passed its checks
    /// (the fingerprints it recorded, and its other files that did not pass).
    enum Basis {
        case nothing(String)
        case previous(Fingerprints, damaged: [PreviousOutput.Failure])

        init(_ previous: PreviousOutput?, current: Fingerprints, force: Bool, storeFile: String?, distrusted: String? = nil) {
            if force { self = .nothing("--force: rebuilding everything"); return }
            guard let previous, let before = previous.manifest.fingerprints else {
                self = .nothing("no previous output to build on: building everything"); return
            }
            if before.global != current.global {
                let recorded = previous.manifest.buildSha256 ?? "unrecorded"
                let what = recorded == BuildIdentity.sha256 ? "its options"
                    : "the migstat build (executable SHA-256 \(recorded.prefix(12)) → \(BuildIdentity.sha256.prefix(12)))"
                self = .nothing("\(what) changed: rebuilding everything from raw/"); return
            }
            if let distrusted { self = .nothing("\(distrusted): rebuilding everything from raw/"); return }
            switch previous.trust(storeFile: storeFile) {   // hashes every output file and checks the store
            case .untrusted(let failure): self = .nothing("\(failure): rebuilding everything from raw/")
            case .filesDamaged(let failures): self = .previous(before, damaged: failures)
            case .intact: self = .previous(before, damaged: [])
            }
        }
    }
}
