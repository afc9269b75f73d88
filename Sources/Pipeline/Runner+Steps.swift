import Aggregate
import Clean
import Foundation
import Join
import MigstatCore
import Verify
import Disclosure

/// The run as declared steps, in order (docs/design.md, "Run as declared steps"). Each names what it reads and
/// makes, and the fingerprints that decide what it redoes; `IncrementalPlan.perform` is the loop over them.
extension Runner {
    var steps: [RunStep] {
        [RunStep(name: "ingest_clean", inputs: ["pipeline.json", "raw/ survey files"], outputs: ["cleaned tables", "survey quarantine"],
                 fingerprint: .sources, perform: clean),
         RunStep(name: "join", inputs: ["cleaned tables"], outputs: ["tables"], fingerprint: .joins, perform: join),
         RunStep(name: "aggregate", inputs: ["tables"], outputs: ["survey estimates", "contrast bases", "indicators", "statistics", "tests"],
                 fingerprint: .exhibits, perform: aggregate),
         RunStep(name: "registry_load", inputs: ["raw/ deliveries", "tables", "previous output", "store"],
                 outputs: ["staged output", "delivery tables", "delivery accounts", "delivery quarantine", "previous store"],
                 fingerprint: .deliveries, perform: loadDeliveries),
         RunStep(name: "registry_exhibits", inputs: ["delivery tables", "tables", "survey estimates", "previous store"], outputs: ["estimates"],
                 fingerprint: .exhibits, perform: registryExhibits),
         RunStep(name: "contrasts", inputs: ["estimates", "contrast bases"], outputs: ["contrasts"], fingerprint: .rebuild, perform: contrast)]
        + (options.verify ? [RunStep(name: "verify", inputs: ["estimates", "indicators", "published values"], outputs: ["verification"],
                                     fingerprint: .rebuild, perform: verify)] : [])
        + [RunStep(name: "disclosure", inputs: ["estimates"], outputs: ["published estimates"], fingerprint: .rebuild, perform: disclose),
           RunStep(name: "quarantine_limits", inputs: ["survey quarantine", "delivery accounts", "delivery quarantine", "previous store"],
                   outputs: ["quarantine", "file accounts"], fingerprint: .rebuild, perform: enforceLimits),
           RunStep(name: "store", inputs: ["tables", "cleaned tables", "survey quarantine", "estimates", "statistics", "tests", "file accounts"],
                   outputs: ["store tables"], fingerprint: .rebuild, perform: writeStore),
           RunStep(name: "render", inputs: ["published estimates", "estimates", "quarantine", "indicators", "statistics", "tests", "tables",
                                            "contrasts", "staged output"] + (options.verify ? ["verification"] : []),
                   outputs: ["output files"], fingerprint: .rebuild, perform: render)]
    }

    /// Reads and cleans the sources the plan names (the others keep their tables in the store).
    func clean(_ run: RunState, sources: Set<String>) throws {
        var cleaner = SourceCleaner(config: run.config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix)
        cleaner.only = sources
        run.cleaned = try cleaner.run()
        let read = run.cleaned.files.map(\.read).reduce(0, +), quarantined = run.cleaned.quarantine.count
        logSourcesCleaned(run.config, run.cleaned)
        log(RunEvent(.info, .clean, "sources_cleaned", "\(run.cleaned.files.count) files, \(read) rows read, \(read - quarantined) loaded, \(quarantined) quarantined",
                     ["files": .int(run.cleaned.files.count), "rows_read": .int(read), "rows_loaded": .int(read - quarantined),
                      "rows_quarantined": .int(quarantined), "seconds": .double(run.stepSeconds)]))
    }

    func join(_ run: RunState, joins: Set<String>) throws {
        // Designs that calibrate their weights for every estimate get them before anything is estimated.
        let built = run.config.joins.filter { joins.contains($0.id) }
        run.tables = try Calibrator.applyDeclared(Joiner.run(built, tables: run.cleaned.tables))
        log(RunEvent(.info, .join, "tables_joined", "\(built.count) joined tables", ["tables": .int(built.count)]))
    }

    /// The survey exhibits to recompute; the indicators, statistics and cross-tabulation tests are cheap and
    /// recomputed on every rebuild from the tables they read.
    func aggregate(_ run: RunState, exhibits: Set<String>) throws {
        let config = run.config
        let survey = config.exhibits.filter { exhibits.contains($0.id) && config.deliveryTable(of: $0) == nil }
        // The contrasted exhibits' bases are kept from the same count as their estimates, for the contrasts step.
        let contrasted = config.exhibits.filter { e in config.contrasts.contains { $0.exhibit == e.id } }
        (run.surveyEstimates, run.contrastBases) = try Aggregator(tables: run.tables).estimates(for: survey, contrasted: contrasted)
        log(RunEvent(.info, .aggregate, "exhibits_computed", "\(survey.count) exhibits, \(run.surveyEstimates.count) estimates",
                     ["exhibits": .int(survey.count), "estimates": .int(run.surveyEstimates.count), "seconds": .double(run.stepSeconds)]))
        run.indicators = try config.indicators.map { try IndicatorCalculator.compute($0, tables: run.tables) } ?? []
        run.statistics = try StatisticsCalculator.compute(config.statistics, tables: run.tables)
        run.independence = try CrossTabulation.tests(for: config.exhibits.filter { config.deliveryTable(of: $0) == nil }, tables: run.tables)
    }

    /// Opens the staged output and the store in it (the previous one carried over when fit: deliveries loaded
    /// before stay loaded), loads what is new, and reads the deliveries' quarantine once for every file listing it.
    func loadDeliveries(_ run: RunState, reloading: Set<String>) throws {
        let out = try OutputDirectory(path: options.outputDirectory)
        run.out = out
        do {
            run.carried = try run.target.open(previous: run.trusted, config: run.config, out: out)
        } catch let notCarried as StoreNotCarried {
            log(RunEvent(.warning, .output, "store_not_carried", "the previous store is not carried over: \(notCarried.reason)"))
            run.carried = false
        }
        run.previousStore = try run.trusted.map(run.target.previousRunStore)
        let registry = RegistryStage(config: run.config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix,
                                     store: run.target, tables: run.tables, log: log, progress: progress)
        run.registry = registry
        run.exhibitEngine = try run.target.exhibitEngine()
        for (source, table) in registry.deliveryTables {
            let reloadAll = !run.carried || reloading.contains("\(source.id).\(table.id)")
            run.deliveryAccounts.append((source, table, try registry.load(source, table, reloadAll: reloadAll, hashes: run.hashes)))
        }
        // The load's threads freed their buffers into arenas of their own: given back, the steps after it start
        // 11 MB lower (5 M rows) and stay under the load's peak (at 20 M the commit reached 98.8 MiB, the load 93.9).
        FreedMemory.release()
        guard !registry.deliveryTables.isEmpty else { return }
        let store = try run.target.runStore()
        for source in run.config.sources where registry.deliveryTables.contains(where: { $0.0.id == source.id }) {
            try store.forEachQuarantined(source: source.id) { run.deliveryQuarantine[source.id, default: []].append($0) }
        }
    }

    /// The exhibits over delivery tables, computed where the rows are; then every exhibit's estimates, those not
    /// recomputed kept from the previous store.
    func registryExhibits(_ run: RunState, exhibits: Set<String>) throws {
        guard let registry = run.registry, let engine = run.exhibitEngine else { preconditionFailure("registry_exhibits before registry_load") }
        var fresh = run.surveyEstimates
        let rebuilt = run.config.exhibits.filter { exhibits.contains($0.id) }
        for (source, table) in registry.deliveryTables {
            let over = rebuilt.filter { run.config.deliveryTable(of: $0).map { $0.source.id == source.id && $0.table.id == table.id } ?? false }
            fresh += try registry.exhibits(over, over: source, table, engine: engine, workDirectory: run.output.path(".registry-scan"))
            if !over.isEmpty {
                log(RunEvent(.info, .registry, "exhibits_computed", "\(over.count) exhibits over \(source.id).\(table.id) computed from the store",
                             ["exhibits": .int(over.count), "table": .string("\(source.id).\(table.id)")]))
            }
        }
        run.estimates = try mergedEstimates(run.config, plan: run.plan, fresh: fresh, previous: run.previousStore)
        run.registry = nil   // it holds the tables, which render lets go
    }

    /// The declared differences between two domains of an exhibit, over the whole design (recomputed on every
    /// rebuild), from the bases the aggregate step counted.
    func contrast(_ run: RunState, _: Set<String>) throws {
        run.contrasts = try ContrastCalculator.compute(run.config.contrasts, exhibits: run.config.exhibits, bases: run.contrastBases,
                                                       estimates: run.estimates)
        run.contrastBases = [:]
    }

    func verify(_ run: RunState, _: Set<String>) throws {
        run.verification = Verifier.verify(try loadPublished(run.config), against: run.estimates, indicators: run.indicators)
        let matched = run.verification.filter { $0.status == .match }.count
        log(RunEvent(.info, .verify, "values_verified", "\(matched) of \(run.verification.count) published numbers match",
                     ["matched": .int(matched), "published": .int(run.verification.count)]))
    }

    /// The census threshold rule, decided before anything is rendered; a disclosure the audit finds stops the run.
    func disclose(_ run: RunState, _: Set<String>) throws {
        (run.published, run.disclosure) = try DisclosureControl.apply(exhibits: run.config.exhibits, estimates: run.estimates)
        let verdict = run.disclosure
        if verdict.tables > 0 {
            log(RunEvent(.info, .render, "disclosure_audited", verdict.sentence,
                         ["primary": .int(verdict.primary), "secondary": .int(verdict.secondary), "percentages": .int(verdict.percentages),
                          "audited": .int(verdict.audited), "seconds": .double(run.stepSeconds)]))
        }
    }
}
