import Foundation
import XCTest

/// The JSON log schema as docs/logs.md documents it: the fixed fields, the stages, and each
/// event's stage, level, stream and fields. Tests check whole runs' logs against it, so that page is the schema.
struct LogSchema {
    struct Event {
        var stages: Set<String>
        var levels: Set<String>
        var stream: String
        var required: Set<String>
        var optional: Set<String>
    }

    static let fixed = ["time", "level", "stage", "event", "message", "run_id"]
    static let stringFields: Set<String> = ["command", "version", "build", "source", "file", "directory", "table", "character", "up_to_date"]
    var stages: Set<String> = []
    var events: [String: Event] = [:]

    static let readme: LogSchema = {
        let text = (try? String(contentsOf: Studies.repository.appendingPathComponent("docs/logs.md"), encoding: .utf8)) ?? ""
        var schema = LogSchema()
        for line in text.components(separatedBy: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            func names(_ cell: String) -> [String] {
                cell.components(separatedBy: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
                    .filter { !$0.isEmpty }
            }
            if cells.count == 3, cells[0] == "`stage`", let list = cells[2].components(separatedBy: "one of ").last {
                schema.stages = Set(names(list))
            }
            guard cells.count == 5, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { continue }
            var fields = names(cells[4])
            if fields.last?.hasPrefix("and the summary") ?? false { fields.removeLast(); fields += ["summary?"] }
            let summary = schema.events["run_summary"].map { $0.required.union($0.optional) } ?? []
            var required = Set(fields.filter { !$0.hasSuffix("?") })
            var optional = Set(fields.filter { $0.hasSuffix("?") }.map { String($0.dropLast()) })
            if optional.remove("summary") != nil {   // run_finished: the summary's fields, of run or of check
                let check = schema.events["check_summary"].map { $0.required } ?? []
                optional.formUnion(summary.union(check))
            }
            required.subtract(optional)
            schema.events[String(cells[0].dropFirst().dropLast())] = Event(stages: Set(names(cells[1])), levels: Set(names(cells[2])),
                                                                           stream: cells[3], required: required, optional: optional)
        }
        return schema
    }()

    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Checks every line of one stream of one run; returns its objects.
    @discardableResult
    func check(_ text: String, stream: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        var objects: [[String: Any]] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] else {
                XCTFail("not a JSON object: \(raw)", file: file, line: line); continue
            }
            objects.append(object)
            // The fixed fields come first, in the documented order.
            let order = Self.fixed.compactMap { key in raw.range(of: "\"\(key)\":").map(\.lowerBound) }
            XCTAssertEqual(order, order.sorted(), "field order: \(raw)", file: file, line: line)
            for key in Self.fixed { XCTAssertTrue(object[key] is String, "\(key) is a string: \(raw)", file: file, line: line) }
            guard let name = object["event"] as? String, let event = events[name] else {
                XCTFail("an undocumented event: \(raw)", file: file, line: line); continue
            }
            XCTAssertTrue(stages.contains(object["stage"] as? String ?? ""), "a documented stage: \(raw)", file: file, line: line)
            XCTAssertTrue(event.stages.contains(object["stage"] as? String ?? ""), "the event's stage: \(raw)", file: file, line: line)
            XCTAssertTrue(event.levels.contains(object["level"] as? String ?? ""), "the event's level: \(raw)", file: file, line: line)
            XCTAssertEqual(event.stream, stream, "the event's stream: \(raw)", file: file, line: line)
            XCTAssertNotNil(ISO8601DateFormatter.withMilliseconds.date(from: object["time"] as? String ?? ""), raw.description, file: file, line: line)
            let figures = Set(object.keys).subtracting(Self.fixed)
            XCTAssertTrue(event.required.isSubset(of: figures), "\(name) lacks \(event.required.subtracting(figures)): \(raw)", file: file, line: line)
            XCTAssertTrue(figures.isSubset(of: event.required.union(event.optional)),
                          "\(name) has undocumented \(figures.subtracting(event.required.union(event.optional))): \(raw)", file: file, line: line)
            for key in figures {
                let isString = object[key] is String
                XCTAssertEqual(isString, Self.stringFields.contains(key), "\(key)'s type: \(raw)", file: file, line: line)
            }
        }
        return objects
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withMilliseconds: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}
