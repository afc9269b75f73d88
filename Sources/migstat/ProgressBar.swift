import Foundation
import MigstatCore
import Registry

/// A progress bar for long loads on a terminal: rows, MB/s and time left, redrawn at most ten times a
/// second on standard error. Without a terminal it draws nothing (each stage logs one line instead).
/// The loader's thread draws it and the log clears it before a line: its state is behind a lock.
final class ProgressBar: @unchecked Sendable {
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()
    let enabled: Bool

    init(enabled: Bool = isatty(STDERR_FILENO) != 0) { self.enabled = enabled }

    func update(_ p: LoadProgress) {
        lock.lock(); defer { lock.unlock() }
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let fraction = p.totalBytes > 0 ? min(1, Double(p.bytesRead) / Double(p.totalBytes)) : 0
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        let rate = p.seconds > 0 ? Double(p.bytesRead) / p.seconds : 0
        let eta = rate > 0 ? max(0, Double(p.totalBytes - p.bytesRead) / rate) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(EscapedText.escape(p.file, .logLine)) [\(bar)] \(Int(fraction * 100))% \(ProgressBar.rows(p.rows)) rows "
            + "\(String(format: "%.1f", rate / 1_000_000)) MB/s ETA \(ProgressBar.clock(eta))\u{1B}[K"
        StandardStreams.write(line, to: .error)
        drawn = true
    }

    /// Clears the bar before a log line or at the end.
    func clear() {
        lock.lock(); defer { lock.unlock() }
        guard drawn else { return }
        StandardStreams.write("\r\u{1B}[K", to: .error)
        drawn = false
    }

    static func rows(_ n: Int) -> String {
        n >= 1_000_000 ? String(format: "%.2fM", Double(n) / 1_000_000) : n >= 1000 ? String(format: "%.0fk", Double(n) / 1000) : String(n)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
