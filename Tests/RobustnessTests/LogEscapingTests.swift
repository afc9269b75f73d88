import Foundation
import XCTest

/// A file name is data, not log syntax: a line end or an escape sequence in it is spelled out in text logs and
/// error messages (JSON logs escape it themselves), so it can neither forge a log line nor drive the terminal.
final class LogEscapingTests: XCTestCase {
    static let forged = "registry_20140201\nmigstat: forged line\u{1B}[2J.csv"

    /// A scratch copy of the repository's raw/ whose second registry delivery bears the forged name.
    private func study(_ name: String = #function) throws -> URL {
        let dir = Studies.scratch(name)
        let registry = dir.appendingPathComponent("raw/registry")
        try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent("raw"), to: dir.appendingPathComponent("raw"))
        try FileManager.default.moveItem(at: registry.appendingPathComponent("registry_20140201.csv"), to: registry.appendingPathComponent(Self.forged))
        return dir
    }

    private func run(_ dir: URL, _ extra: [String] = []) throws -> Migstat.Result {
        try Migstat.run(["run", "--no-verify", "--config", Studies.repository.appendingPathComponent("pipeline.json").path] + extra, in: dir)
    }

    func testAFileNameWithALineEndCannotForgeATextLogLine() throws {
        let r = try run(try study())
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertFalse(lines.isEmpty)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("migstat: ") && !$0.hasPrefix("migstat: forged") }, r.stderr)
        XCTAssertTrue(r.stderr.contains("registry_20140201\\nmigstat: forged line\\u{1b}[2J.csv"), r.stderr)
        XCTAssertFalse(r.stderr.unicodeScalars.contains("\u{1B}"), "no escape sequence reaches the terminal")
    }

    func testAJSONLogKeepsTheNameWholeInsideItsString() throws {
        let r = try run(try study(), ["--log-format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let objects = try r.stderr.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertTrue(objects.contains { ($0["message"] as? String)?.contains(Self.forged) ?? false }, r.stderr)
        XCTAssertFalse(r.stderr.unicodeScalars.contains("\u{1B}"))
    }

    func testAnErrorNamingSuchAFileIsOneLine() throws {
        let r = try Migstat.run(["parse", "in\nmigstat: forged\u{1B}[2J.csv"], in: Studies.scratch())
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "migstat: error: in\\nmigstat: forged\\u{1b}[2J.csv: no such file\n")
    }
}
