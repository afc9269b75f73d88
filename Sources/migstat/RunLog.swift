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
            FileHandle.standardError.write(Data("migstat: \(level == "info" ? "" : level + ": ")\(line.escapingControlCharacters)\n".utf8))
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

extension String {
    /// The text with its control characters spelled out (`\n`, `\r`, `\t`, `\u{1b}`, …), for a line of text on
    /// a log or a terminal: a file name or a value holding a line end cannot forge a log line, nor an escape
    /// sequence reach the terminal. (JSON logs need none of this: JSON escapes them itself.)
    var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            guard scalar.properties.generalCategory == .control else { out.append(scalar); continue }
            let spelled: String
            switch scalar {
            case "\n": spelled = "\\n"
            case "\r": spelled = "\\r"
            case "\t": spelled = "\\t"
            default: spelled = "\\u{" + String(scalar.value, radix: 16) + "}"
            }
            out.append(contentsOf: spelled.unicodeScalars)
        }
        return String(out)
    }
}
