import Aggregate
import Clean
import Disclosure
import Foundation
import MigstatCore
import Store

/// What the steps of one run hand on to each other: the plan and where the run writes, then each step's
/// outputs (RunStep's `outputs` name them), set by that step and read only by the steps after it.
final class RunState {
    let config: PipelineConfig
    let plan: IncrementalPlan
    let context: IncrementalPlan.Context
    let hashes: InputHashes
    let previous: PreviousOutput?
    /// The previous output when the plan found it fit to build on, else nil.
    var trusted: PreviousOutput? { plan.reusesPrevious ? previous : nil }
    let target: StoreTarget
    let configSha256: String
    let started: Date
    var timings: [String: Double]
    var stepStarted = Date()
    /// Seconds since the current step started (for its log event; the loop records the step's whole time).
    var stepSeconds: Double { Date().timeIntervalSince(stepStarted) }

    init(_ validated: ValidatedRun, plan: IncrementalPlan, context: IncrementalPlan.Context, hashes: InputHashes, previous: PreviousOutput?,
         target: StoreTarget, timings: [String: Double]) {
        config = validated.config; configSha256 = validated.configSha256; started = validated.started
        self.plan = plan; self.context = context; self.hashes = hashes; self.previous = previous; self.target = target; self.timings = timings
    }

    // ingest_clean, join, aggregate
    var cleaned = CleanedData()
    /// The cleaned tables and the joins built this run: let go by render, after the store step wrote them.
    var tables: [String: DataTable] = [:]
    var surveyEstimates: [Estimate] = []
    /// The contrasted exhibits' bases, counted with their estimates (aggregate), read by the contrasts step.
    var contrastBases: [String: ContrastBasis] = [:]
    var indicators: [Indicator] = []
    var statistics: [Statistic] = []
    var independence: [IndependenceTest] = []

    // registry_load: the staged output (discarded if the run fails), the store opened in it, the deliveries.
    var out: OutputDirectory?
    var carried = false
    var previousStore: RunStore?
    /// The store's output file, being hashed since it was sealed.
    var outputFileHash: (file: String, hash: BackgroundHash)?
    /// Let go after registry_exhibits (it holds the tables): the delivery tables stay in `deliveryTables`.
    var registry: RegistryStage? { didSet { if let registry { deliveryTables = registry.deliveryTables } } }
    /// How the exhibits over delivery tables are computed, chosen with the store.
    var exhibitEngine: RegistryExhibitEngine?
    var deliveryAccounts: [(source: SourceConfig, table: TableConfig, accounts: [FileAccount])] = []
    /// The rows the store's delivery tables quarantined, by source, read from the store once for every file
    /// that lists them.
    var deliveryQuarantine: [String: [QuarantineRecord]] = [:]

    // registry_exhibits, verify, disclosure
    var estimates: [Estimate] = []
    var contrasts: [Contrast] = []
    var verification: [VerificationRow] = []
    var published: [Estimate] = []
    var disclosure = DisclosureVerdict()

    // quarantine_limits: every source's rows quarantined and file accounts, this run's and those kept.
    var quarantine: [QuarantineRecord] = []
    var files: [FileAccount] = []
    var limits: [QuarantineThresholds.Finding] = []

    // render, store
    var written: [String] = []

    /// The staged output; the registry_load step makes it.
    var output: OutputDirectory {
        guard let out else { preconditionFailure("a step wrote before registry_load made the staged output") }
        return out
    }

    private(set) var deliveryTables: [(SourceConfig, TableConfig)] = []
}
