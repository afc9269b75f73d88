import Aggregate
import Clean
import Disclosure
import Foundation
import Ingest
import Join
import MigstatCore
import Registry
import Render
import Store
import Verify
import Workbook

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

/// Sequences the stages; it computes nothing itself.
public struct Runner {
    public let options: RunOptions
    /// Each event of the run as it happens (RunEvent.swift); the CLI formats them.
    public var log: (RunEvent) -> Void
    /// Called as a delivery loads (for a progress bar).
    public var progress: ((LoadProgress) -> Void)?

    public init(options: RunOptions, log: @escaping (RunEvent) -> Void = { _ in }) {
        self.options = options; self.log = log
    }

    /// Validates pipeline.json and reads and cleans raw/ without writing anything.
    public func check() throws -> (PipelineConfig, CleanedData, [DeliveryCheck]) {
        let config = try ConfigLoader.load(path: options.configPath)
        try requireDirectory(options.rawDirectory)
        try RawInputs.requireInside(config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix)
        if let file = options.checkQuarantine { try QuarantineFile.requireOutside(raw: options.rawDirectory, file) }
        // A database store is reached and logged into (nothing is written to it), so that a wrong URL or password
        // shows before a scheduled run meets it.
        try storeTarget(config).check()
        let cleaned = try SourceCleaner(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix).run()
        logSourcesCleaned(config, cleaned)
        let tables = try Joiner.run(config.joins, tables: cleaned.tables)
        let registry = RegistryStage(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix,
                                     store: nil, tables: tables, log: log, progress: nil)
        let checked = try registry.deliveryTables.map { ($0.0, $0.1, try registry.check($0.0, $0.1, keepRejected: options.checkQuarantine != nil)) }
        logDeliveriesChecked(checked.map { ($0.0, $0.2) })
        if let file = options.checkQuarantine {
            // Written before the limits are judged: the rows are most wanted when a source crosses its limit.
            try QuarantineFile.replace(file, config: config, records: cleaned.quarantine + checked.flatMap { $0.2.flatMap(\.rejected) }, store: nil)
        }
        if options.verify { _ = try loadPublished(config) }
        let accounts = checked.map { source, table, checks in
            (source, table, checks.map { FileAccount(source: source.id, file: $0.file, bytes: $0.bytes, sha256: "", read: $0.read,
                                                     loaded: $0.read - $0.quarantined, quarantined: $0.quarantined) })
        }
        try QuarantineThresholds.enforce(QuarantineThresholds.judge(config, surveyFiles: cleaned.files, deliveries: accounts), log: log)
        let deliveries = checked.flatMap(\.2)
        return (config, cleaned, deliveries)
    }

    public func run() throws -> RunSummary {
        let started = Date()
        var timings: [String: Double] = [:]
        var mark = Date()
        func lap(_ stage: String) { timings[stage] = Date().timeIntervalSince(mark); mark = Date() }

        try OutputOwnership.check(output: options.outputDirectory, raw: options.rawDirectory, config: options.configPath)
        let config = try ConfigLoader.load(path: options.configPath)
        let configHash = try FileHash.sha256(path: options.configPath)
        try requireDirectory(options.rawDirectory)
        try RawInputs.requireInside(config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix)
        lap("config")

        // What changed since the output was built decides what is read and recomputed (Runner+Incremental.swift).
        let hashes = InputHashes(output: options.outputDirectory, trustRecorded: !options.force)
        let previous = PreviousOutput(directory: options.outputDirectory)
        let target = try storeTarget(config)
        // A database edited behind migstat's back is not built on, as a damaged SQLite file is not.
        let distrusted = try options.force ? nil : target.distrust()
        let context = try planContext(config, hashes: hashes, store: target)
        let plan = IncrementalPlan.make(context, hash: { inputHash($0, hashes: hashes, previous: previous, context: context) },
                                        previous: previous, configSha256: configHash, force: options.force, distrusted: distrusted)
        lap("plan")
        log(RunEvent(.info, .plan, "plan_made", plan.reason))
        let trusted = plan.reusesPrevious ? previous : nil   // what the plan found fit to build on
        if plan.upToDate, let previous, let snapshot = previous.manifest.summary {
            // Even a run with nothing to do clears the staging directories killed runs left behind.
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

        var sourceCleaner = SourceCleaner(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix)
        sourceCleaner.only = plan.sourcesToRead
        let cleaned = try sourceCleaner.run()
        lap("ingest_clean")
        let surveyRead = cleaned.files.map(\.read).reduce(0, +)
        logSourcesCleaned(config, cleaned)
        log(RunEvent(.info, .clean, "sources_cleaned",
                     "\(cleaned.files.count) files, \(surveyRead) rows read, \(surveyRead - cleaned.quarantine.count) loaded, \(cleaned.quarantine.count) quarantined",
                     ["files": .int(cleaned.files.count), "rows_read": .int(surveyRead), "rows_loaded": .int(surveyRead - cleaned.quarantine.count),
                      "rows_quarantined": .int(cleaned.quarantine.count), "seconds": .double(timings["ingest_clean"] ?? 0)]))

        let joins = plan.joinsToBuild(config)
        // Designs that calibrate their weights for every estimate get them before anything is estimated.
        let tables = try Calibrator.applyDeclared(Joiner.run(joins, tables: cleaned.tables))
        lap("join")
        log(RunEvent(.info, .join, "tables_joined", "\(joins.count) joined tables", ["tables": .int(joins.count)]))

        let rebuilt = config.exhibits.filter { plan.dirtyExhibits.contains($0.id) }
        let surveyExhibits = rebuilt.filter { config.deliveryTable(of: $0) == nil }
        var fresh = try Aggregator(tables: tables).estimates(for: surveyExhibits)
        lap("aggregate")
        log(RunEvent(.info, .aggregate, "exhibits_computed", "\(surveyExhibits.count) exhibits, \(fresh.count) estimates",
                     ["exhibits": .int(surveyExhibits.count), "estimates": .int(fresh.count), "seconds": .double(timings["aggregate"] ?? 0)]))
        let indicators = try config.indicators.map { try IndicatorCalculator.compute($0, tables: tables) } ?? []
        // Statistics and cross-tabulation tests are cheap: recomputed on every rebuild from the tables they read.
        let statistics = try StatisticsCalculator.compute(config.statistics, tables: tables)
        let independence = try CrossTabulation.tests(for: config.exhibits.filter { config.deliveryTable(of: $0) == nil }, tables: tables)

        let out = try OutputDirectory(path: options.outputDirectory)
        do {
            // The store: the previous one carried over (deliveries loaded before stay loaded), or a new one.
            let carried: Bool
            do {
                carried = try target.open(previous: trusted, config: config, out: out)
            } catch let notCarried as StoreNotCarried {
                log(RunEvent(.warning, .output, "store_not_carried", "the previous store is not carried over: \(notCarried.reason)"))
                carried = false
            }
            let previousStore = try trusted.map(target.previousRunStore)
            let registry = RegistryStage(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix,
                                         store: target, tables: tables, log: log, progress: progress)
            var deliveryAccounts: [(source: SourceConfig, table: TableConfig, accounts: [FileAccount])] = []
            for (source, table) in registry.deliveryTables {
                let qualified = "\(source.id).\(table.id)"
                let reloadAll = !carried || trusted?.manifest.fingerprints?.deliveries[qualified] != plan.fingerprints.deliveries[qualified]
                deliveryAccounts.append((source, table, try registry.load(source, table, reloadAll: reloadAll, hashes: hashes)))
            }
            let deliveryFiles = deliveryAccounts.flatMap(\.accounts)
            lap("registry_load")
            for (source, table) in registry.deliveryTables {
                let over = rebuilt.filter { config.deliveryTable(of: $0).map { $0.source.id == source.id && $0.table.id == table.id } ?? false }
                fresh += try registry.exhibits(over, over: source, table, workDirectory: out.path(".registry-scan"))
                if !over.isEmpty {
                    log(RunEvent(.info, .registry, "exhibits_computed", "\(over.count) exhibits over \(qualifiedName(source, table)) computed from the store",
                                 ["exhibits": .int(over.count), "table": .string(qualifiedName(source, table))]))
                }
            }
            lap("registry_exhibits")

            // Exhibits whose inputs did not change keep their estimates from the previous store.
            let estimates = try mergedEstimates(config, plan: plan, fresh: fresh, previous: previousStore)
            let contrasts = try ContrastCalculator.compute(config.contrasts, exhibits: config.exhibits, aggregator: Aggregator(tables: tables),
                                                           estimates: estimates)
            var verification: [VerificationRow] = []
            if options.verify {
                verification = Verifier.verify(try loadPublished(config), against: estimates, indicators: indicators)
                lap("verify")
                let matched = verification.filter { $0.status == .match }.count
                log(RunEvent(.info, .verify, "values_verified", "\(matched) of \(verification.count) published numbers match",
                             ["matched": .int(matched), "published": .int(verification.count)]))
            }

            // The census threshold rule, decided before anything is rendered; a disclosure the audit finds stops the run.
            let (published, disclosure) = try DisclosureControl.apply(exhibits: config.exhibits, estimates: estimates)
            lap("disclosure")
            if disclosure.tables > 0 {
                log(RunEvent(.info, .render, "disclosure_audited", disclosure.sentence,
                             ["primary": .int(disclosure.primary), "secondary": .int(disclosure.secondary), "percentages": .int(disclosure.percentages),
                              "audited": .int(disclosure.audited), "seconds": .double(timings["disclosure"] ?? 0)]))
            }

            // Sources not read again keep their quarantine and accounts from the previous store.
            let kept = try keptFromPrevious(config, plan: plan, previous: carried ? previousStore : nil)
            let quarantine = config.sources.flatMap { s in (kept.quarantine + cleaned.quarantine).filter { $0.source == s.id } }
            let files = config.sources.flatMap { s in (kept.files + cleaned.files + deliveryFiles).filter { $0.source == s.id } }
            // Before anything is written: a source that lost too many rows leaves the previous output as it was.
            let withinLimits = QuarantineThresholds.judge(config, surveyFiles: kept.files + cleaned.files, deliveries: deliveryAccounts)
            do {
                try QuarantineThresholds.enforce(withinLimits, log: log)
            } catch var crossed as QuarantineThresholdError {
                // The output stays as it was; the rows that failed go beside it, for the operator to see why.
                crossed.rejectedFile = try RejectedFile.write(output: options.outputDirectory, config: config, records: quarantine,
                                                              store: registry.deliveryTables.isEmpty ? nil : try target.runStore())
                throw crossed
            }
            let read = files.map(\.read).reduce(0, +), quarantined = files.map(\.quarantined).reduce(0, +)

            var written: [String] = []
            func emit(_ name: String, _ text: String) throws { try out.write(name, text); written.append(name) }
            try emit("estimates.csv", OutputFiles.estimates(estimates))
            let store = try target.runStore()
            let deliveryStore = registry.deliveryTables.isEmpty ? nil : store
            try QuarantineFile.write(to: out.path("quarantine.csv"), config: config, records: quarantine, store: deliveryStore)
            written.append("quarantine.csv")
            if config.indicators != nil { try emit("indicators.csv", OutputFiles.indicators(indicators)) }
            if options.verify { try emit("verification.csv", OutputFiles.verification(verification)) }
            if !statistics.isEmpty { try emit("statistics.csv", OutputFiles.statistics(statistics)) }
            if !independence.isEmpty { try emit("tests.csv", OutputFiles.tests(independence)) }
            if !contrasts.isEmpty { try emit("contrasts.csv", OutputFiles.contrasts(contrasts)) }
            var exhibits = try ExhibitOutputs(config: config, estimates: published, verification: verification, contrasts: contrasts)
            if disclosure.tables > 0 { exhibits.disclosure = disclosure.sentence }
            for (file, character) in exhibits.latexUnmapped {
                let code = String(format: "U+%04X", character.value)
                log(RunEvent(.warning, .render, "latex_character_replaced",
                             "\(file): \(code) cannot be set by pdflatex with the LaTeX preamble: written as ?", ["file": .string(file), "character": .string(code)]))
            }
            for file in exhibits.files { try emit(file.path, file.text) }
            for file in exhibits.drawings { try out.write(file.path, file.data); written.append(file.path) }
            try TablesWorkbook.write(exhibits.sheets, to: out.path("tables.xlsx"))
            written.append("tables.xlsx")
            var reported = quarantine   // the report counts every quarantined row and lists the first ones
            for source in config.sources where registry.deliveryTables.contains(where: { $0.0.id == source.id }) {
                try deliveryStore?.forEachQuarantined(source: source.id) { reported.append($0) }
            }
            try emit("report.html", exhibits.reportPage(config: config, quarantine: reported, rowsRead: read, verified: options.verify,
                                                      limits: withinLimits.map(\.message), statistics: statistics, tests: independence))
            written += try writeExports(config, tables: tables, read: plan.sourcesToRead, previous: previous, into: out)
            lap("render")
            log(RunEvent(.info, .render, "files_rendered", "\(written.count) files", ["files": .int(written.count), "seconds": .double(timings["render"] ?? 0)]))

            for (name, table) in tables.sorted(by: { $0.key < $1.key }) {
                let isJoin = config.joins.contains { $0.id == name }
                try store.writeTable(table, as: (isJoin ? "int_" : "stg_") + name.replacingOccurrences(of: ".", with: "_"))
            }
            try store.writeCodebook(cleaned.tables.sorted { $0.key < $1.key }.map(\.value))
            try store.writeQuarantine(cleaned.quarantine, replacing: plan.sourcesToRead.filter { id in !registry.deliveryTables.contains { $0.0.id == id } }.sorted())
            try store.writeEstimates(estimates)
            try store.writeStatistics(statistics)
            try store.writeTests(independence)
            try store.writeVerification(verification)
            try store.writeFiles(files)
            lap("store")
            let differs = verification.filter { $0.status == .differs }.count
            try store.logRun(startedAt: ISO8601DateFormatter().string(from: started), seconds: Date().timeIntervalSince(started),
                             status: differs > 0 ? "differs" : "ok", version: MigstatVersion.current)
            try target.seal()
            if let file = target.outputFile { written.append(file) }
            written.append(try writeDataPackage(config, written: written, store: store, into: out))

            let summary = RunSummary(exhibits: config.exhibits.count, estimates: estimates.count, rowsRead: read, rowsLoaded: read - quarantined,
                                     rowsQuarantined: quarantined, matched: verification.filter { $0.status == .match }.count,
                                     differs: differs, textDiffers: verification.filter { $0.status == .textDiffers }.count)
            var manifest = Manifest(files: files, configSha256: configHash, sqliteVersion: Database.libraryVersion,
                                    outputs: written.sorted(), startedAt: ISO8601DateFormatter().string(from: started), timings: timings)
            // Fingerprints again now that new deliveries are hashed, as the next run will compute them.
            manifest.fingerprints = IncrementalPlan.fingerprints(context, hash: { inputHash($0, hashes: hashes, previous: nil, context: context) })
            manifest.summary = summary.snapshot
            try manifest.recordHashes(of: written, in: out)
            try out.write("manifest.json", try manifest.json())
            try out.commit()
            hashes.save()
            RejectedFile.removeStale(output: options.outputDirectory)
            log(RunEvent(.info, .output, "output_written", "\(options.outputDirectory) written",
                         ["directory": .string(options.outputDirectory), "files": .int(written.count), "seconds": .double(Date().timeIntervalSince(started))]))
            return summary
        } catch {
            out.discard()
            throw target.runError(error, outputDirectory: options.outputDirectory) ?? error
        }
    }

    /// Where this run's store is.
    func storeTarget(_ config: PipelineConfig) throws -> StoreTarget {
        switch try StoreLocation.choose(option: options.store, schemaOption: options.storeSchema, config: config) {
        case .sqlite: return SQLiteStoreTarget(force: options.force)
        case .postgresql(let url, let schema): return PostgresStoreTarget(url: url, schema: schema, force: options.force, tables: storeTableNames(config))
        }
    }

    private func qualifiedName(_ source: SourceConfig, _ table: TableConfig) -> String { "\(source.id).\(table.id)" }

    var displayPrefix: String {
        let raw = options.rawDirectory
        return raw.hasSuffix("/") ? raw : raw + "/"
    }

    func loadPublished(_ config: PipelineConfig) throws -> [PublishedValue] {
        let declared = config.study.publishedValues
        let base = URL(fileURLWithPath: options.configPath).deletingLastPathComponent()
        let path = declared.hasPrefix("/") ? declared : base.appendingPathComponent(declared).path
        return try PublishedValues.load(path: path, displayPath: config.study.publishedValues)
    }

    private func requireDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw MigstatError.io(file: path, message: "no such directory") }
        guard isDir.boolValue else { throw MigstatError.io(file: path, message: "is a file, expected a directory") }
    }
}
