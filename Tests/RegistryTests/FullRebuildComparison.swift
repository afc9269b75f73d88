import Foundation
import Pipeline
import Store
import XCTest

/// What "incremental equals full" compares: every output file byte for byte (the manifest aside: it holds
/// timings) and the store as a canonical dump (every table, rows sorted; the `runs` log aside).
enum OutputSnapshot {
    /// Every file under `directory` by relative path; the store as its dump, the manifest left out.
    static func of(_ directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let walk = FileManager.default.enumerator(atPath: directory.path)!
        while let name = walk.nextObject() as? String {
            let url = directory.appendingPathComponent(name)
            guard (walk.fileAttributes?[.type] as? FileAttributeType) != .typeDirectory, name != "manifest.json" else { continue }
            files[name] = name == "migration.sqlite" ? try storeDump(url.path) : String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        return files
    }

    /// The store as text that does not depend on row order or page layout: each table's schema, then its rows sorted.
    static func storeDump(_ path: String) throws -> String {
        let database = try Database(path: path, immutable: true)
        let schema = try database.prepare("""
            SELECT type, name, sql FROM sqlite_schema WHERE name <> 'runs' AND name NOT LIKE 'sqlite_%' ORDER BY type, name
            """).rows()
        var lines: [String] = []
        for object in schema {
            lines.append("\(object[0].key) \(object[1].key): \(object[2].key)")
            guard object[0].key == "table" else { continue }
            let rows = try database.prepare("SELECT * FROM \"\(object[1].key)\"").rows()
            lines += rows.map { "  " + $0.map { String(describing: $0) }.joined(separator: " | ") }.sorted()
        }
        return lines.joined(separator: "\n")
    }

    /// Fails with the first lines that differ in each file that is not the same in both.
    static func assertEqual(_ incremental: URL, _ full: URL, _ context: @autoclosure () -> String = "",
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try of(incremental), b = try of(full)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted(), "the same files as a full rebuild. \(context())", file: file, line: line)
        for (name, text) in b.sorted(by: { $0.key < $1.key }) where a[name] != nil && a[name] != text {
            let left = a[name]!.split(separator: "\n", omittingEmptySubsequences: false)
            let right = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(left.count, right.count)).first { left[$0] != right[$0] } ?? min(left.count, right.count)
            XCTFail("\(name) differs from a full rebuild at line \(first + 1): incremental \(left.count > first ? String(left[first]) : "<end>") "
                    + "| full \(right.count > first ? String(right[first]) : "<end>"). \(context())", file: file, line: line)
        }
    }
}

/// Runs the pipeline in-process as `migstat run --no-verify` would, the log kept.
struct StudyRunner {
    final class Log: @unchecked Sendable {   // appended to by the run's one thread only
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }

    var config: URL
    var raw: URL

    @discardableResult
    func run(into out: URL, force: Bool = false, log: Log = Log()) throws -> RunSummary {
        var options = RunOptions(configPath: config.path, rawDirectory: raw.path, outputDirectory: out.path, verify: false)
        options.force = force
        return try Runner(options: options, log: { log.add($0.text) }).run()
    }

    /// An incremental run into `out`, a forced one into `full`; fails where they differ.
    func assertIncrementalEqualsFull(_ out: URL, full: URL, _ context: @autoclosure () -> String = "",
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        try run(into: out)
        try run(into: full, force: true)
        try OutputSnapshot.assertEqual(out, full, context(), file: file, line: line)
    }
}
