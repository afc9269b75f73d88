import Aggregate
import Clean
import Foundation
import Join
import MigstatCore
import Registry

/// `migstat check`: what a run would read and judge, nothing written.
extension Runner {
    /// Validates pipeline.json and reads and cleans raw/ without writing anything.
    public func check() throws -> (PipelineConfig, CleanedData, [DeliveryCheck]) {
        let config = try ConfigLoader.load(path: options.configPath)
        try RawInputs.requireDirectory(options.rawDirectory)
        try RawInputs.requireInside(config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix)
        if let file = options.checkQuarantine { try QuarantineFile.requireOutside(raw: options.rawDirectory, file) }
        // A database store is reached and logged into (nothing is written to it), so that a wrong URL or password
        // shows before a scheduled run meets it.
        try storeTarget(config).check()
        let cleaned = try SourceCleaner(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix).run()
        logSourcesCleaned(config, cleaned)
        let tables = try Calibrator.applyDeclared(Joiner.run(config.joins, tables: cleaned.tables))
        let registry = RegistryStage(config: config, rawDirectory: options.rawDirectory, displayPrefix: displayPrefix,
                                     store: nil, tables: tables, log: log, progress: nil)
        let checked = try registry.deliveryTables.map { ($0.0, $0.1, try registry.check($0.0, $0.1, keepRejected: options.checkQuarantine != nil)) }
        logDeliveriesChecked(checked.map { ($0.0, $0.2) })
        if let file = options.checkQuarantine {
            // Written before the limits are judged: the rows are most wanted when a source crosses its limit.
            try QuarantineFile.replace(file, config: config, records: cleaned.quarantine + checked.flatMap { $0.2.flatMap(\.rejected) })
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
}
