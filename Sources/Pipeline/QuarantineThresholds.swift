import Clean
import Foundation
import MigstatCore

/// A source (or a delivery) lost more rows to the quarantine than its `max_quarantined` allows: the run stops
/// before its output is swapped in (the previous output stays, as after a strict source's error), whatever
/// `--no-verify` says, and the CLI exits with its own code (65).
public struct QuarantineThresholdError: Error, CustomStringConvertible {
    public var crossed: [QuarantineThresholds.Finding]
    /// `<out>.rejected.csv`, where a run wrote the rows it would have quarantined (nil for `check`).
    public var rejectedFile: String?
    public var description: String {
        "quarantine threshold crossed: " + crossed.map(\.message).joined(separator: "; ") + (rejectedFile.map { "; the rows are in \($0)" } ?? "")
    }
}

/// Every source's rows (its survey tables together) and every delivery's rows against their limits.
public enum QuarantineThresholds {
    /// A source or delivery with rows quarantined: a warning below its limit, an error above it.
    public struct Finding: Sendable {
        public var source: String
        /// The delivery, for a delivery table; nil for a source's survey tables together.
        public var file: String?
        public var read: Int
        public var quarantined: Int
        public var limit: QuarantineLimit
        public var crossed: Bool { limit.isCrossed(quarantined: quarantined, of: read) }
        public var message: String {
            "\(file ?? source): \(quarantined) of \(read) rows quarantined (max_quarantined \(limit): \(limit.allowed(of: read)) rows)"
        }

        public var event: RunEvent {
            var fields: [String: RunEventValue] = ["source": .string(source), "rows_read": .int(read), "rows_quarantined": .int(quarantined),
                                                   "max_quarantined": .int(limit.allowed(of: read))]
            if let file { fields["file"] = .string(file) }
            return crossed ? RunEvent(.error, .clean, "quarantine_threshold_crossed", message, fields)
                : RunEvent(.warning, .clean, "rows_quarantined", message, fields)
        }
    }

    /// `surveyFiles`: the accounts of the survey tables' files; `deliveries`: each delivery table's accounts.
    static func judge(_ config: PipelineConfig, surveyFiles: [FileAccount], deliveries: [(source: SourceConfig, table: TableConfig, accounts: [FileAccount])]) -> [Finding] {
        var findings: [Finding] = []
        for source in config.sources {
            let files = surveyFiles.filter { $0.source == source.id }
            let read = files.map(\.read).reduce(0, +), quarantined = files.map(\.quarantined).reduce(0, +)
            if quarantined > 0 {
                findings.append(Finding(source: source.id, read: read, quarantined: quarantined, limit: source.maxQuarantined ?? .standard))
            }
            for (_, table, accounts) in deliveries.filter({ $0.source.id == source.id }) {
                let limit = table.maxQuarantined ?? source.maxQuarantined ?? .standard
                for a in accounts where a.quarantined > 0 {
                    findings.append(Finding(source: source.id, file: a.file, read: a.read, quarantined: a.quarantined, limit: limit))
                }
            }
        }
        return findings
    }

    /// Logs the findings within their limits as warnings, and throws the ones that crossed them (the CLI logs
    /// those as the run's error).
    static func enforce(_ findings: [Finding], log: (RunEvent) -> Void) throws {
        for finding in findings where !finding.crossed { log(finding.event) }
        let crossed = findings.filter(\.crossed)
        if !crossed.isEmpty { throw QuarantineThresholdError(crossed: crossed) }
    }
}
