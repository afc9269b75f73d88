import Foundation
import XCTest

/// pipeline.json as plain JSON values, edited at a path of keys and indices (["exhibits", 0, "layout", "decimals"]).
enum ConfigJSON {
    static func read(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
    }

    static func write(_ json: Any, to url: URL) throws {
        try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys]).write(to: url)
    }

    /// Replaces the value at `path` (nil removes a key, or an element; the index one past the end appends).
    static func set(_ json: Any, _ path: [Any], to value: Any?) -> Any {
        guard let head = path.first else { return value ?? NSNull() }
        let rest = Array(path.dropFirst())
        if var object = json as? [String: Any], let key = head as? String {
            if rest.isEmpty && value == nil { object[key] = nil } else { object[key] = set(object[key] ?? [String: Any](), rest, to: value) }
            return object
        }
        if var array = json as? [Any], let i = head as? Int, i == array.count, value != nil {   // one past the end appends
            array.append(set([String: Any](), rest, to: value))
            return array
        }
        if var array = json as? [Any], let i = head as? Int, array.indices.contains(i) {
            if rest.isEmpty && value == nil { array.remove(at: i) } else { array[i] = set(array[i], rest, to: value) }
            return array
        }
        return json
    }

    /// Edits the pipeline.json of a study directory in place.
    static func edit(_ dir: URL, _ edits: [([Any], Any?)]) throws {
        let url = dir.appendingPathComponent("pipeline.json")
        var json = try read(url)
        for (path, value) in edits { json = set(json, path, to: value) }
        try write(json, to: url)
    }
}

extension Migstat {
    /// Runs `migstat` and kills it if it has not finished within `seconds`: a hang is a failure, not a stuck test.
    static func run(_ arguments: [String], in directory: URL, within seconds: Double) throws -> (result: Result, timedOut: Bool) {
        let process = try start(arguments, in: directory)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (finish(process, in: directory), timedOut)
    }
}

/// An error of pipeline.json names the file, then the line and column of the value: `pipeline.json:12:5: $.path: …`.
/// Returns it as `pipeline.json: $.path: …` for tests that look at the path and message only, after checking
/// that the line and column are there.
func located(_ error: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    guard let match = error.range(of: #"^[^:]*pipeline\.json:[0-9]+:[0-9]+: "#, options: .regularExpression) else {
        XCTFail("no line and column in: \(error)", file: file, line: line)
        return error
    }
    let name = error[..<match.upperBound].split(separator: ":").first.map(String.init) ?? "pipeline.json"
    return name + ": " + error[match.upperBound...]
}
