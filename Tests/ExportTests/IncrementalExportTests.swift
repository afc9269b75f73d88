import Foundation
import Pipeline
import XCTest

/// An incremental run reads only the sources that changed; the exports of the others are carried over from
/// the previous output, and the result equals a full rebuild's.
final class IncrementalExportTests: XCTestCase {
    func testAChangedSourceRewritesItsExportAndKeepsTheOthersAsAFullRebuildWould() throws {
        let root = PythonReaders.root
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-incremental-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let raw = base.appendingPathComponent("raw")
        try FileManager.default.copyItem(at: root.appendingPathComponent("raw"), to: raw)
        func run(_ out: URL, force: Bool = false, log: @escaping (String) -> Void = { _ in }) throws {
            var options = RunOptions(configPath: root.appendingPathComponent("pipeline.json").path, rawDirectory: raw.path,
                                     outputDirectory: out.path, verify: false)
            options.force = force
            _ = try Runner(options: options, log: { log($0.text) }).run()
        }
        let incremental = base.appendingPathComponent("incremental"), full = base.appendingPathComponent("full")
        try run(incremental)
        // sharq_2007: the first household's weight gains a digit (a new size, so the file is hashed again).
        let households = raw.appendingPathComponent("sharq_2007/households.csv")
        var lines = try String(contentsOf: households, encoding: .utf8).components(separatedBy: "\n")
        lines[1] += "1"
        try lines.joined(separator: "\n").write(to: households, atomically: true, encoding: .utf8)

        final class Lines: @unchecked Sendable { var all: [String] = [] }   // the run logs from its own thread only
        let log = Lines()
        try run(incremental) { log.all.append($0) }
        let fullLog = Lines()
        try run(full, force: true) { fullLog.all.append($0) }
        // The run's total (`sources_cleaned`: "clean: N files, …"), not a source's own line ("clean: akf_2008: …").
        func filesRead(_ lines: [String]) -> Int? {
            lines.filter { $0.hasPrefix("clean: ") }.compactMap { Int($0.split(separator: " ")[1]) }.first
        }
        XCTAssertTrue(log.all.contains { $0.hasPrefix("plan: changed: source sharq_2007;") }, "\(log.all)")
        XCTAssertLessThan(try XCTUnwrap(filesRead(log.all)), try XCTUnwrap(filesRead(fullLog.all)), "akf_2008 and others are not read again")
        let exports = try FileManager.default.contentsOfDirectory(atPath: full.appendingPathComponent("export").path).sorted()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: incremental.appendingPathComponent("export").path).sorted(), exports)
        XCTAssertEqual(exports.count, 40, "a .dta, .sav, .do and .R for each of the 10 survey tables")
        for name in exports.map({ "export/\($0)" }) + ["datapackage.json"] {
            XCTAssertEqual(FileManager.default.contents(atPath: incremental.appendingPathComponent(name).path),
                           FileManager.default.contents(atPath: full.appendingPathComponent(name).path), name)
        }
        XCTAssertNotEqual(FileManager.default.contents(atPath: full.appendingPathComponent("export/sharq_2007_households.dta").path),
                          FileManager.default.contents(atPath: root.appendingPathComponent("output/export/sharq_2007_households.dta").path),
                          "the changed source's export changed")
    }
}
