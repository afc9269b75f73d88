import Foundation
import MigstatCore
import Registry
import Store
import Verify

public struct RunOptions: Sendable {
    public var configPath: String
    public var rawDirectory: String
    public var outputDirectory: String
    public var verify: Bool
    /// Rebuild everything, ignoring what the previous output was built from.
    public var force = false
    /// `check --quarantine FILE`: where check writes the rows a run would quarantine.
    public var checkQuarantine: String?
    /// `--store` and `--store-schema`: a PostgreSQL database for the store (winning over pipeline.json's).
    public var store: String?
    public var storeSchema: String?
    public init(configPath: String = "pipeline.json", rawDirectory: String = "raw", outputDirectory: String = "output", verify: Bool = true) {
        self.configPath = configPath; self.rawDirectory = rawDirectory; self.outputDirectory = outputDirectory; self.verify = verify
    }
}

/// What a run did, for the CLI's summary line and exit code.
public struct RunSummary: Sendable {
    public var exhibits: Int
    public var estimates: Int
    public var rowsRead: Int
    public var rowsLoaded: Int
    public var rowsQuarantined: Int
    public var matched: Int
    public var differs: Int
    public var textDiffers: Int
    /// Nothing changed since the output was built: it was left as it was.
    public var upToDate = false
}

/// Sequences the stages: plans what changed since the output was built, performs the declared steps
/// (Runner+Steps.swift) in order, each told by the plan what to redo, and swaps the output in. It computes nothing.
public struct Runner {
    public let options: RunOptions
    /// Each event of the run as it happens (RunEvent.swift); the CLI formats them.
    public var log: (RunEvent) -> Void
    /// Called as a delivery loads (for a progress bar).
    public var progress: ((LoadProgress) -> Void)?

    public init(options: RunOptions, log: @escaping (RunEvent) -> Void = { _ in }) {
        self.options = options; self.log = log
    }

    /// Checks the run once (ValidatedRun): `migstat run` does it before it takes the lock.
    public func validate() throws -> ValidatedRun { try ValidatedRun(options) }

    /// Validates, then runs.
    public func run() throws -> RunSummary { try run(validate()) }

    /// Runs what `validate()` checked (the options must be this runner's).
    public func run(_ validated: ValidatedRun) throws -> RunSummary {
        let run = try planned(validated)
        log(RunEvent(.info, .plan, "plan_made", run.plan.reason))
        if run.plan.upToDate, let previous = run.previous, let snapshot = previous.manifest.summary {
            return try leftUnchanged(previous, snapshot: snapshot, hashes: run.hashes)
        }
        do {
            try run.plan.perform(steps, on: run)
            return try commit(run)
        } catch {
            run.out?.discard()
            throw run.target.runError(error, outputDirectory: options.outputDirectory) ?? error
        }
    }

    /// What changed since the output was built decides what is read and recomputed (Runner+Incremental.swift).
    private func planned(_ validated: ValidatedRun) throws -> RunState {
        let started = Date()
        let config = validated.config
        let hashes = InputHashes(output: options.outputDirectory, trustRecorded: !options.force)
        let previous = PreviousOutput(directory: options.outputDirectory)
        let target = try storeTarget(config)
        // A database edited behind migstat's back is not built on, as a damaged SQLite file is not.
        let distrusted = try options.force ? nil : target.distrust()
        let context = try planContext(config, hashes: hashes, store: target)
        let plan = IncrementalPlan.make(context, hash: { inputHash($0, hashes: hashes, previous: previous, context: context) },
                                        previous: previous, configSha256: validated.configSha256, force: options.force, distrusted: distrusted)
        return RunState(validated, plan: plan, context: context, hashes: hashes, previous: previous, target: target,
                        timings: ["config": validated.seconds, "plan": Date().timeIntervalSince(started)])
    }

    /// Nothing changed: the output stays as it was. Even so the staging directories killed runs left are cleared.
    private func leftUnchanged(_ previous: PreviousOutput, snapshot: RunSummary.Snapshot, hashes: InputHashes) throws -> RunSummary {
        let target = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL
        try OutputDirectory.removeStale(in: target.deletingLastPathComponent(), name: target.lastPathComponent)
        hashes.save()
        RejectedFile.removeStale(output: options.outputDirectory)
        log(RunEvent(.info, .output, "output_unchanged", "\(options.outputDirectory) is up to date (built \(previous.manifest.startedAt)); left as it was",
                     ["directory": .string(options.outputDirectory)]))
        var summary = RunSummary(snapshot: snapshot, totals: previous.manifest.totals)
        summary.upToDate = true
        return summary
    }

    /// Where this run's store is.
    func storeTarget(_ config: PipelineConfig) throws -> StoreTarget {
        switch try StoreLocation.choose(option: options.store, schemaOption: options.storeSchema, config: config) {
        case .sqlite: return SQLiteStoreTarget(force: options.force)
        case .postgresql(let url, let schema): return PostgresStoreTarget(url: url, schema: schema, force: options.force, tables: storeTableNames(config))
        }
    }

    var displayPrefix: String { options.displayPrefix }

    func loadPublished(_ config: PipelineConfig) throws -> [PublishedValue] {
        let declared = config.study.publishedValues
        let base = URL(fileURLWithPath: options.configPath).deletingLastPathComponent()
        let path = declared.hasPrefix("/") ? declared : base.appendingPathComponent(declared).path
        return try PublishedValues.load(path: path, displayPath: config.study.publishedValues)
    }
}
