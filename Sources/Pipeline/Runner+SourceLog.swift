import Clean
import MigstatCore
import Registry

/// The per-source lines `-v` shows (`source_cleaned`), for `run` and `check` alike.
extension Runner {
    /// A debug line per survey source read.
    func logSourcesCleaned(_ config: PipelineConfig, _ cleaned: CleanedData) {
        for source in config.sources {
            let files = cleaned.files.filter { $0.source == source.id }
            guard !files.isEmpty else { continue }
            let read = files.map(\.read).reduce(0, +), quarantined = files.map(\.quarantined).reduce(0, +)
            log(RunEvent(.debug, .clean, "source_cleaned", "\(source.id): \(files.count) files, \(read) rows read, \(read - quarantined) loaded, \(quarantined) quarantined",
                         ["source": .string(source.id), "files": .int(files.count), "rows_read": .int(read), "rows_loaded": .int(read - quarantined),
                          "rows_quarantined": .int(quarantined), "bytes": .int(files.map(\.bytes).reduce(0, +))]))
        }
    }

    /// A debug line per delivery source `check` read (a run logs each delivery it loads instead).
    func logDeliveriesChecked(_ checked: [(source: SourceConfig, checks: [DeliveryCheck])]) {
        for (source, checks) in checked {
            let read = checks.map(\.read).reduce(0, +), quarantined = checks.map(\.quarantined).reduce(0, +)
            log(RunEvent(.debug, .clean, "source_cleaned", "\(source.id): \(checks.count) deliveries, \(read) rows read, \(read - quarantined) would load, \(quarantined) quarantined",
                         ["source": .string(source.id), "files": .int(checks.count), "rows_read": .int(read), "rows_loaded": .int(read - quarantined),
                          "rows_quarantined": .int(quarantined), "bytes": .int(checks.map(\.bytes).reduce(0, +))]))
        }
    }
}
