import Aggregate
import Clean
import Foundation
import Ingest
import Join
import MigstatCore
import Render
import Store
import Verify

public struct RunOptions: Sendable {
    public var configPath: String
    public var rawDirectory: String
    public var outputDirectory: String
    public var verify: Bool
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
}

/// Sequences the stages; it computes nothing itself.
public struct Runner {
    public let options: RunOptions
    public var log: (String) -> Void

    public init(options: RunOptions, log: @escaping (String) -> Void = { _ in }) {
        self.options = options; self.log = log
    }

    /// Validates pipeline.json and reads and cleans raw/ without writing anything.
    public func check() throws -> (PipelineConfig, CleanedData) {
        let config = try ConfigLoader.load(path: options.configPath)
        try requireDirectory(options.rawDirectory)
        let cleaned = try SourceCleaner(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix).run()
        _ = try Joiner.run(config.joins, tables: cleaned.tables)
        if options.verify { _ = try loadPublished(config) }
        return (config, cleaned)
    }

    public func run() throws -> RunSummary {
        let started = Date()
        var timings: [String: Double] = [:]
        var mark = Date()
        func lap(_ stage: String) { timings[stage] = Date().timeIntervalSince(mark); mark = Date() }

        let config = try ConfigLoader.load(path: options.configPath)
        let configHash = try FileHash.sha256(path: options.configPath)
        try requireDirectory(options.rawDirectory)
        lap("config")

        let cleaned = try SourceCleaner(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix).run()
        lap("ingest_clean")
        let read = cleaned.files.map(\.read).reduce(0, +), quarantined = cleaned.quarantine.count
        log("clean: \(cleaned.files.count) files, \(read) rows read, \(read - quarantined) loaded, \(quarantined) quarantined")

        let tables = try Joiner.run(config.joins, tables: cleaned.tables)
        lap("join")
        log("join: \(config.joins.count) joined tables")

        let estimates = try Aggregator(tables: tables).estimates(for: config.exhibits)
        lap("aggregate")
        log("aggregate: \(config.exhibits.count) exhibits, \(estimates.count) estimates")

        let indicators = try config.indicators.map { try IndicatorCalculator.compute($0, tables: tables) } ?? []
        var verification: [VerificationRow] = []
        if options.verify {
            verification = Verifier.verify(try loadPublished(config), against: estimates, indicators: indicators)
            lap("verify")
            log("verify: \(verification.filter { $0.status == .match }.count) of \(verification.count) published numbers match")
        }

        let out = try OutputDirectory(path: options.outputDirectory)
        do {
            var written: [String] = []
            func emit(_ name: String, _ text: String) throws { try out.write(name, text); written.append(name) }
            try emit("estimates.csv", OutputFiles.estimates(estimates))
            try emit("quarantine.csv", OutputFiles.quarantine(cleaned.quarantine))
            if config.indicators != nil { try emit("indicators.csv", OutputFiles.indicators(indicators)) }
            if options.verify { try emit("verification.csv", OutputFiles.verification(verification)) }
            let exhibits = try ExhibitOutputs(config: config, estimates: estimates, verification: verification)
            for file in exhibits.files { try emit(file.path, file.text) }
            try emit("report.html", exhibits.reportPage(config: config, quarantine: cleaned.quarantine, rowsRead: read, verified: options.verify))
            lap("render")
            log("render: \(written.count) files")

            let store = try StoreWriter(path: out.path("migration.sqlite"))
            for (name, table) in tables.sorted(by: { $0.key < $1.key }) {
                let isJoin = config.joins.contains { $0.id == name }
                try store.writeTable(table, as: (isJoin ? "int_" : "stg_") + name.replacingOccurrences(of: ".", with: "_"))
            }
            try store.writeCodebook(cleaned.tables.sorted { $0.key < $1.key }.map(\.value))
            try store.writeQuarantine(cleaned.quarantine)
            try store.writeEstimates(estimates)
            try store.writeVerification(verification)
            try store.writeFiles(cleaned.files)
            lap("store")
            let differs = verification.filter { $0.status == .differs }.count
            try store.logRun(startedAt: ISO8601DateFormatter().string(from: started), seconds: Date().timeIntervalSince(started),
                             status: differs > 0 ? "differs" : "ok", version: MigstatVersion.current)
            written.append("migration.sqlite")
            let manifest = Manifest(files: cleaned.files, configSha256: configHash, sqliteVersion: Database.libraryVersion,
                                    outputs: written.sorted(), startedAt: ISO8601DateFormatter().string(from: started), timings: timings)
            try out.write("manifest.json", try manifest.json())
            try out.commit()
        } catch {
            out.discard()
            throw error
        }
        log("output: \(options.outputDirectory) written")
        return RunSummary(exhibits: config.exhibits.count, estimates: estimates.count, rowsRead: read, rowsLoaded: read - quarantined,
                          rowsQuarantined: quarantined, matched: verification.filter { $0.status == .match }.count,
                          differs: verification.filter { $0.status == .differs }.count,
                          textDiffers: verification.filter { $0.status == .textDiffers }.count)
    }

    private var displayPrefix: String {
        let raw = options.rawDirectory
        return raw.hasSuffix("/") ? raw : raw + "/"
    }

    private func loadPublished(_ config: PipelineConfig) throws -> [PublishedValue] {
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
