import Foundation
import XCTest

/// A bad or missing pipeline.json, a missing or unreadable input, an unwritable output or a full disk gives one
/// clear line and a non-zero exit from the real binary, never a crash, and leaves the previous output/ as it was.
final class CLIFailureTests: XCTestCase {
    /// Every file under a directory and its bytes.
    static func snapshot(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
        for case let path as String in walker {
            if let data = FileManager.default.contents(atPath: base + "/" + path) { out[path] = data }
        }
        return out
    }

    private func study(_ name: String = #function) throws -> URL {
        let dir = try Studies.copy("clean", name: name)
        XCTAssertEqual(try Migstat.run(["run", "--no-verify"], in: dir).status, 0)
        return dir
    }

    private func runFails(in dir: URL, _ arguments: [String] = ["run", "--no-verify"], status: Int32 = 1, mentions: String,
                          shell: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = Self.snapshot(dir.appendingPathComponent("output"))
        let r = try Migstat.run(arguments, in: dir, shell: shell)
        assertCleanFailure(r, status: status, mentions: mentions, file: file, line: line)
        XCTAssertEqual(Self.snapshot(dir.appendingPathComponent("output")), before, "output/ untouched", file: file, line: line)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("output.tmp-") }
        XCTAssertEqual(leftovers, [], "no staging directory left behind", file: file, line: line)
    }

    func testMissingOrBadPipelineJSON() throws {
        let dir = try study()
        try runFails(in: dir, ["run", "--config", "nope.json"], mentions: "nope.json: no such file")
        try Data("{\"version\": 1,".utf8).write(to: dir.appendingPathComponent("broken.json"))
        try runFails(in: dir, ["run", "--config", "broken.json"], status: 64, mentions: "broken.json:1:15: $: expected a key in double quotes, found the end of the file")
        try Data("{\"version\": 1}".utf8).write(to: dir.appendingPathComponent("partial.json"))
        try runFails(in: dir, ["run", "--config", "partial.json"], status: 64, mentions: "missing key \"study\"")
        let text = try String(contentsOf: dir.appendingPathComponent("pipeline.json"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "windows-1251", with: "latin1").utf8).write(to: dir.appendingPathComponent("latin.json"))
        try runFails(in: dir, ["run", "--config", "latin.json"], status: 64, mentions: "expected one of utf-8, windows-1251 (cp1251), found \"latin1\"")
        try runFails(in: dir, ["check", "--config", "latin.json"], status: 64, mentions: "found \"latin1\"")
    }

    func testMissingOrUnreadableInputs() throws {
        let dir = try study()
        try runFails(in: dir, ["run", "--raw", "nowhere"], mentions: "nowhere: no such directory")
        try runFails(in: dir, ["run", "--raw", "pipeline.json"], mentions: "pipeline.json: is a file, expected a directory")
        let members = dir.appendingPathComponent("raw/survey/members.csv")
        try FileManager.default.moveItem(at: members, to: dir.appendingPathComponent("members.csv"))
        try runFails(in: dir, mentions: "raw/survey/members.csv: no such file")
        try runFails(in: dir, ["check"], mentions: "raw/survey/members.csv: no such file")
        try FileManager.default.createDirectory(at: members, withIntermediateDirectories: false)
        try runFails(in: dir, mentions: "raw/survey/members.csv: is a directory, expected a file")
        try FileManager.default.removeItem(at: members)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("members.csv"), to: members)
        if geteuid() != 0 {   // root reads any file, so this case only runs as a normal user
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: members.path)
            try runFails(in: dir, mentions: "raw/survey/members.csv: permission denied")
        }
    }

    func testFileLevelDefectsFailWhateverTheMode() throws {
        let dir = try study()
        let households = dir.appendingPathComponent("raw/survey/households.csv")
        let original = try Data(contentsOf: households)
        try Data().write(to: households)
        try runFails(in: dir, mentions: "raw/survey/households.csv:1: empty file: expected a header")
        try (Data("hh_id;region;visited;weight;size;tenure;tenure\r\n".utf8)).write(to: households)
        try runFails(in: dir, mentions: "duplicate column \"tenure\" in the header")
        try original.write(to: households)
        // A bad row of the strict reference source fails the run.
        let regions = dir.appendingPathComponent("raw/ref/regions.csv")
        try (Data(contentsOf: regions) + Data("W,\"West\" x\n".utf8)).write(to: regions)
        try runFails(in: dir, mentions: "raw/ref/regions.csv:5: column name: \"W,\"West\" x\" a space after a closing quote")
    }

    func testUnwritableOutput() throws {
        let dir = try study()
        try runFails(in: dir, ["run", "--no-verify", "--out", "missing/output"], mentions: "missing does not exist")
        try Data("keep me".utf8).write(to: dir.appendingPathComponent("afile"))
        try runFails(in: dir, ["run", "--no-verify", "--out", "afile"], mentions: "afile: it exists and is not a directory")
        try runFails(in: dir, ["run", "--no-verify", "--out", "afile/output"], mentions: "afile does not exist")
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("afile")), Data("keep me".utf8))
    }

    /// A full disk, simulated by a file size limit (SIGXFSZ ignored, so writes fail with EFBIG), at several sizes
    /// so that each output file in turn is the one that cannot be written.
    func testFullDiskLeavesThePreviousOutputWhole() throws {
        let dir = try study()
        for blocks in [1, 2, 4, 8, 16, 32, 64] {
            let before = Self.snapshot(dir.appendingPathComponent("output"))
            let r = try Migstat.run(["run", "--no-verify"], in: dir, shell: "ulimit -f \(blocks); trap '' XFSZ; exec \"$0\" \"$@\"")
            if r.status == 0 { continue }   // the limit was large enough for every file
            assertCleanFailure(r, status: 1, mentions: "")
            XCTAssertTrue(["File too large", "disk I/O error", "disk is full"].contains { r.stderr.contains($0) }, r.stderr)
            XCTAssertEqual(Self.snapshot(dir.appendingPathComponent("output")), before, "output/ untouched at \(blocks) blocks")
        }
    }

    func testUsageErrors() throws {
        let dir = Studies.scratch()
        XCTAssertEqual(try Migstat.run(["frobnicate"], in: dir).status, 64)
        XCTAssertEqual(try Migstat.run(["run", "--no-such-option"], in: dir).status, 64)
        let help = try Migstat.run(["--help"], in: dir)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("parse"), help.stdout)
    }
}
