import ArgumentParser
import Foundation

/// How a run reports: text lines for people (`migstat: stage: message`), or one JSON object per line for
/// log collectors, on standard error either way (standard output keeps the one-line summary).
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct RunLog {
    let format: LogFormat
    let progress: ProgressBar?

    /// The pipeline's lines read "stage: message".
    func info(_ line: String) { emit(level: "info", line) }
    func warning(_ line: String) { emit(level: "warning", line) }
    func error(_ line: String) { emit(level: "error", line) }

    private func emit(level: String, _ line: String) {
        progress?.clear()
        switch format {
        case .text:
            FileHandle.standardError.write(Data("migstat: \(level == "info" ? "" : level + ": ")\(line)\n".utf8))
        case .json:
            var stage = "run", message = line
            if let colon = line.range(of: ": "), !line[..<colon.lowerBound].contains(" ") {
                stage = String(line[..<colon.lowerBound]); message = String(line[colon.upperBound...])
            }
            let object: [String: Any] = ["time": ISO8601DateFormatter().string(from: Date()), "level": level, "stage": stage,
                                         "message": message, "pid": Int(getpid())]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                FileHandle.standardError.write(data + Data("\n".utf8))
            }
        }
    }
}
