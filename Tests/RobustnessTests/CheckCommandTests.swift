import Foundation
import XCTest

/// `check --quarantine FILE` writes exactly what a run would put in quarantine.csv (also on exit 65), as a
/// confidential file that only replaces one migstat wrote, never inside raw/; `check -v` shows a line per source.
final class CheckCommandTests: XCTestCase {
    private func study(_ name: String = #function) throws -> URL {
        let dir = Studies.scratch(name)
        for item in ["raw", "pipeline.json", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        return dir
    }

    /// Gives the first `rows` workers of iom_2006 a status its codebook does not know.
    private func spoilWorkers(_ dir: URL, rows: Int) throws {
        let url = dir.appendingPathComponent("raw/iom_2006/workers.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        for i in 1..<lines.count where !lines[i].isEmpty && i <= rows {
            var fields = lines[i].components(separatedBy: ",")
            fields[1] = "unknown"
            lines[i] = fields.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    func testCheckWritesWhatARunWouldQuarantine() throws {
        let dir = try study()
        try spoilWorkers(dir, rows: 10)
        for delivery in ["registry_20140101.csv", "registry_20140201.csv"] {   // a row of each delivery no reference knows
            let url = dir.appendingPathComponent("raw/registry/\(delivery)")
            var text = try String(contentsOf: url, encoding: .utf8)
            text.replaceSubrange(try XCTUnwrap(text.range(of: ",TJK,")), with: ",XXX,")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let umaskBefore = umask(0o002)
        let check = try Migstat.run(["check", "--no-verify", "--quarantine", "would.csv"], in: dir)
        umask(umaskBefore)
        XCTAssertEqual(check.status, 0, check.stderr)
        let would = dir.appendingPathComponent("would.csv")
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: would.path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o007, 0, "confidential: \(String(mode, radix: 8))")
        XCTAssertEqual(try Migstat.run(["run", "--no-verify"], in: dir).status, 0)
        let written = try String(contentsOf: dir.appendingPathComponent("output/quarantine.csv"), encoding: .utf8)
        XCTAssertEqual(try String(contentsOf: would, encoding: .utf8), written, "the run's quarantine.csv, row for row")
        XCTAssertTrue(written.contains("iom_2006,iom_2006/workers.csv,2,"), written)
        XCTAssertEqual(written.components(separatedBy: "\nregistry,registry/registry_").count, 3, "deliveries' rows too: \(written)")

        // Its own file is replaced; someone else's is refused (64) and left; a path inside raw/ is refused.
        XCTAssertEqual(try Migstat.run(["check", "--no-verify", "--quarantine", "would.csv"], in: dir).status, 0)
        try "notes\n".write(to: dir.appendingPathComponent("notes.csv"), atomically: false, encoding: .utf8)
        let foreign = try Migstat.run(["check", "--no-verify", "--quarantine", "notes.csv"], in: dir)
        XCTAssertEqual(foreign.status, 64, foreign.stderr)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("notes.csv"), encoding: .utf8), "notes\n")
        let inRaw = try Migstat.run(["check", "--no-verify", "--quarantine", "raw/iom_2006/q.csv"], in: dir)
        assertCleanFailure(inRaw, status: 64, mentions: "raw/iom_2006/q.csv: is inside the raw extracts")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("raw/iom_2006/q.csv").path))
    }

    func testOnExit65CheckStillWritesTheRows() throws {
        let dir = try study()
        try spoilWorkers(dir, rows: 500)
        let r = try Migstat.run(["check", "--no-verify", "--quarantine", "would.csv"], in: dir)
        XCTAssertEqual(r.status, 65, r.stderr)
        let lines = try String(contentsOf: dir.appendingPathComponent("would.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "source,file,line,column,value,reason")
        XCTAssertEqual(lines.filter { $0.hasPrefix("iom_2006,") }.count, 500)
    }

    /// The help of -v promises each source cleaned: check shows them as run does, delivery sources too.
    func testVerboseCheckShowsALinePerSource() throws {
        let dir = try study()
        let r = try Migstat.run(["check", "-v", "--no-verify"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("migstat: debug: clean: iom_2006: 1 files, 500 rows read"), r.stderr)
        XCTAssertTrue(r.stderr.contains("migstat: debug: clean: registry: 2 deliveries, 350 rows read"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("migstat: debug: finished with exit code 0\n"), r.stderr)
        let help = try Migstat.run(["check", "--help"], in: dir)
        XCTAssertTrue(help.stdout.contains("each source cleaned"), help.stdout)
        XCTAssertFalse(try Migstat.run(["check", "--no-verify"], in: dir).stderr.contains("debug"))
    }
}
