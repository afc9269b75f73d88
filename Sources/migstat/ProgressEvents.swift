import Foundation
import Pipeline
import Registry

/// `progress` events while a delivery loads, so that a long load shows in a log that it is moving: the file,
/// rows and bytes so far, the rate; at most one every `interval` seconds (MIGSTAT_PROGRESS_SECONDS, default 5).
/// A JSON log gets them at info; a text log with -v only (a terminal has the progress bar).
/// Called on the loader's thread: its state is behind a lock.
final class ProgressEvents: @unchecked Sendable {
    static let defaultInterval = 5.0
    private let log: RunLog
    private let interval: Double
    private let lock = NSLock()
    private var last = Date()

    init(log: RunLog, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.log = log
        let asked = environment["MIGSTAT_PROGRESS_SECONDS"].flatMap(Double.init)
        interval = asked.map { $0.isFinite && $0 >= 0 ? $0 : Self.defaultInterval } ?? Self.defaultInterval
    }

    func offer(_ p: LoadProgress) {
        // The event carries the time its interval was measured to: its line may be written a moment later.
        let now = Date()
        lock.lock()
        guard now.timeIntervalSince(last) >= interval else { lock.unlock(); return }
        last = now
        lock.unlock()
        let rate = p.seconds > 0 ? Double(p.rows) / p.seconds : 0
        let percent = p.totalBytes > 0 ? 100 * p.bytesRead / p.totalBytes : 0
        log(RunEvent(log.format == .json ? .info : .debug, .registry, "progress",
                     "\(p.file): \(p.rows) rows, \(p.bytesRead) of \(p.totalBytes) bytes (\(percent)%), \(Int(rate.rounded())) rows/s",
                     ["file": .string(p.file), "rows": .int(p.rows), "bytes": .int(p.bytesRead), "total_bytes": .int(p.totalBytes),
                      "rows_per_second": .double(rate), "seconds": .double(p.seconds)], time: now))
    }
}
