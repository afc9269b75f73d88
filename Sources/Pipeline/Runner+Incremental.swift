import Aggregate
import Clean
import Foundation
import Ingest
import MigstatCore
import Registry
import Store

/// The incremental parts of a run: what the plan is computed from, and what is taken over from the previous output.
extension Runner {
    /// The parts of the fingerprints that do not depend on data files: options, versions, spec files, the
    /// delivery files found.
    func planContext(_ config: PipelineConfig, hashes: InputHashes, store: StoreTarget) throws -> IncrementalPlan.Context {
        guard let configData = FileManager.default.contents(atPath: options.configPath) else {
            throw MigstatError.io(file: options.configPath, message: "cannot read the file")
        }
        var deliveryFiles: [String: [String]] = [:]
        for source in config.sources {
            for table in source.tables {
                guard let pattern = table.deliveries else { continue }
                deliveryFiles["\(source.id).\(table.id)"] = DeliveryFiles.list(rawDirectory: options.rawDirectory, pattern: pattern)
            }
        }
        let base = URL(fileURLWithPath: options.configPath).deletingLastPathComponent()
        func study(_ file: String) -> String { file.hasPrefix("/") ? file : base.appendingPathComponent(file).path }
        var specs: [String: String] = [:]
        for exhibit in config.exhibits {
            if let spec = exhibit.spec { specs[exhibit.id] = (try? hashes.sha256(study(spec))) ?? "missing" }
        }
        // Another store (SQLite or a database, another database or schema) holds none of what the output was built from.
        let global = Fingerprint.hash(["migstat", MigstatVersion.current, BuildIdentity.sha256, displayPrefix, options.verify ? "verify" : "no-verify",
                                       store.identity])
        let published = options.verify ? ((try? hashes.sha256(study(config.study.publishedValues))) ?? "missing") : "none"
        return IncrementalPlan.Context(config: config, declarations: Declarations(configData: configData), global: global,
                                       verification: Fingerprint.hash(["published", published]), deliveryFiles: deliveryFiles,
                                       specs: specs, storeFile: store.outputFile)
    }

    /// An input's hash for the plan: nil for a file that is not there, or for a delivery the previous output
    /// did not have (it is hashed as it is loaded rather than read twice).
    func inputHash(_ relative: String, hashes: InputHashes, previous: PreviousOutput?, context: IncrementalPlan.Context) -> String? {
        let path = (options.rawDirectory as NSString).appendingPathComponent(relative)
        if let recorded = hashes.recorded(path) { return recorded }
        let isDelivery = context.deliveryFiles.values.contains { $0.contains(relative) }
        if isDelivery, options.force || previous?.inputSha256(relative) == nil { return nil }
        return try? hashes.sha256(path)
    }

    /// Every exhibit's estimates in declaration order: recomputed ones, and the previous ones of the others.
    func mergedEstimates(_ config: PipelineConfig, plan: IncrementalPlan, fresh: [Estimate], previous: RunStore?) throws -> [Estimate] {
        let kept = Set(config.exhibits.map(\.id)).subtracting(plan.dirtyExhibits)
        let reused = try kept.isEmpty ? [] : previous?.estimates(of: kept) ?? []
        let byExhibit = Dictionary(grouping: fresh + reused, by: \.exhibit)
        return config.exhibits.flatMap { byExhibit[$0.id] ?? [] }
    }

    /// The quarantine and file accounts of the sources not read again, from the previous store.
    func keptFromPrevious(_ config: PipelineConfig, plan: IncrementalPlan, previous: RunStore?) throws -> (quarantine: [QuarantineRecord], files: [FileAccount]) {
        let deliverySources = Set(config.sources.filter { $0.tables.contains { $0.deliveries != nil } }.map(\.id))
        let unread = Set(config.sources.map(\.id)).subtracting(plan.sourcesToRead).subtracting(deliverySources)
        guard let previous, !unread.isEmpty else { return ([], []) }
        return (try previous.quarantine(of: unread), try previous.files(of: unread))
    }
}
