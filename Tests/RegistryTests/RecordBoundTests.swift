import Foundation
import Generate
import XCTest

/// A record is bounded: past `format.max_fields` fields (default 1,000) or `format.max_record_bytes` bytes
/// (default 16 MiB) it is quarantined in a lenient source and an error naming file and line in a strict one,
/// and its fields past the bound are counted, not kept: a delivery line of 8 million commas no longer takes
/// hundreds of MB.
final class RecordBoundTests: RegistryTestCase {
    private static let commas = 8_000_000

    /// Runs the built binary and returns its exit status and its peak resident memory in KiB, stderr in
    /// `.stderr-bound` (`MeasuredRun`).
    private func runMeasured(_ arguments: [String], in directory: URL) throws -> (status: Int32, peakKiB: Int) {
        try MeasuredRun.migstat(arguments, in: directory, label: "bound")
    }

    private func stderr(_ study: RegistryStudy) throws -> String { try study.read(".stderr-bound") }

    /// A delivery with the long line after its 100th row; returns that line's number.
    @discardableResult
    private func plantLongLine(_ study: RegistryStudy, in name: String = "registry_20140101.csv") throws -> Int {
        let url = study.raw.appendingPathComponent("registry/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(String(repeating: ",", count: Self.commas), at: 101)
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        return 102
    }

    private func arguments(_ study: RegistryStudy, out: String, force: Bool = false) -> [String] {
        ["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", study.root.appendingPathComponent(out).path]
            + (force ? ["--force"] : [])
    }

    func testALineOfEightMillionEmptyFieldsIsQuarantinedInBoundedMemoryAndTheRestLoads() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2_000, seed: 1, persons: 500)
        XCTAssertEqual(try runMeasured(arguments(study, out: "plain"), in: study.root).status, 0)
        let plain = try study.read(".stdout-bound")
        let line = try plantLongLine(study)
        let r = try runMeasured(arguments(study, out: "bounded"), in: study.root)
        XCTAssertEqual(r.status, 0, (try? stderr(study)) ?? "")
        XCTAssertLessThan(r.peakKiB, 100 * 1024, "peak resident memory of the run, in KiB")
        let quarantine = try String(contentsOf: study.root.appendingPathComponent("bounded/quarantine.csv"), encoding: .utf8)
        let planted = quarantine.split(separator: "\n").filter { $0.hasPrefix("registry,registry/registry_20140101.csv,\(line),") }
        XCTAssertEqual(planted.count, 1, quarantine.prefix(2_000).description)
        XCTAssertTrue(planted.first?.contains("the record has \(Self.commas + 1) fields, more than the 1000 a record may have (format.max_fields)") ?? false,
                      planted.first.map { String($0.suffix(200)) } ?? "")
        XCTAssertLessThan(planted.first?.utf8.count ?? .max, 2_000, "the quarantine shows the line cut")
        // Every other row loads as without the line: one more row read, the same loaded.
        func loaded(_ summary: String) -> String? { summary.range(of: #"\d+ loaded"#, options: .regularExpression).map { String(summary[$0]) } }
        let bounded = try study.read(".stdout-bound")
        XCTAssertEqual(loaded(bounded), loaded(plain))
    }

    func testALineOverTheBoundIsAnErrorNamingFileAndLineInAStrictSource() throws {
        let study = try RegistryStudy()
        let clean = RegistryGenerator.Options(rows: 300, seed: 1, persons: 500, badShare: 0)   // no other row stops a strict source
        try RegistryGenerator(clean).write(to: study.raw.appendingPathComponent("registry/registry_20140101.csv").path)
        let line = try plantLongLine(study)
        let strict = try study.read("pipeline.json").replacingOccurrences(of: #""id": "registry", "title": "Registry", "mode": "lenient""#,
                                                                        with: #""id": "registry", "title": "Registry", "mode": "strict""#)
        try study.write("pipeline.json", strict)
        let r = try runMeasured(arguments(study, out: "out"), in: study.root)
        XCTAssertEqual(r.status, 1)
        let message = try stderr(study)
        XCTAssertTrue(message.contains("registry_20140101.csv:\(line)") && message.contains("format.max_fields"), message)
        XCTAssertLessThan(r.peakKiB, 100 * 1024)
        // A survey table (the full reader) is bounded the same way, and the bound is set per source in pipeline.json.
        try study.write("pipeline.json", RegistryStudy.pipeline(numericIds: false))
        try study.write("raw/mini/answers.csv", "id,answer\n1,yes\n2,no,x,y\n3,yes\n")
        let bounded = try study.read("pipeline.json").replacingOccurrences(
            of: #""id": "mini", "title": "A three-row survey", "mode": "strict", "format": {"encoding": "utf-8", "delimiter": ","}"#,
            with: #""id": "mini", "title": "A three-row survey", "mode": "strict", "format": {"encoding": "utf-8", "delimiter": ",", "max_fields": 3}"#)
        XCTAssertNotEqual(bounded, try study.read("pipeline.json"))
        try study.write("pipeline.json", bounded)
        XCTAssertEqual(try runMeasured(arguments(study, out: "out"), in: study.root).status, 1)
        let survey = try stderr(study)
        XCTAssertTrue(survey.contains("mini/answers.csv:3") && survey.contains("more than the 3 a record may have"), survey)
    }

    func testABoundOutsideItsRangeIsAConfigurationError() throws {
        let study = try RegistryStudy()
        for (key, value) in [("max_fields", "0"), ("max_fields", "2000000"), ("max_record_bytes", "0"), ("max_record_bytes", "1073741825")] {
            let config = RegistryStudy.pipeline(numericIds: false).replacingOccurrences(
                of: #""mode": "lenient", "format": {"encoding": "utf-8", "delimiter": ","}"#,
                with: #""mode": "lenient", "format": {"encoding": "utf-8", "delimiter": ",", "\#(key)": \#(value)}"#)
            try study.write("pipeline.json", config)
            for command in ["check", "run"] {
                let r = try MigstatBinary.run([command, "--no-verify"] + (command == "run" ? ["--out", "out"] : []), in: study.root)
                XCTAssertEqual(r.status, 64, "\(key) \(value) \(command): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("$.sources[2].format.\(key)"), r.stderr)
            }
        }
    }
}
