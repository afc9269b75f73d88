import Foundation
import XCTest

/// A log that cannot be written (a full volume: /dev/full) never crashes migstat: the failed writes are
/// counted and the exit status says so once (74, EX_IOERR). The work itself is done: the output is built as a
/// run with a working log builds it. A command that fails keeps its own status.
final class LogFailureTests: XCTestCase {
    /// Runs the built binary with `redirect` (e.g. `2>/dev/full`) applied by a shell.
    private func run(_ arguments: [String], in dir: URL, redirect: String) throws -> Migstat.Result {
        try Migstat.run(arguments, in: dir, shell: "exec \"$0\" \"$@\" \(redirect)")
    }

    private func assertNoCrash(_ r: Migstat.Result, file: StaticString = #filePath, line: UInt = #line) {
        for crash in ["Fatal error", "Stack dump", "backtrace", "Illegal instruction", "Swift runtime failure"] {
            XCTAssertFalse(r.stderr.contains(crash) || r.stdout.contains(crash), "a crash trace (\(crash))", file: file, line: line)
        }
    }

    /// Every output file but those that vary from run to run.
    private func built(_ out: URL) -> [String: Data] {
        CLIFailureTests.snapshot(out).filter { !["manifest.json", "migration.sqlite"].contains($0.key) }
    }

    func testARunWhoseLogCannotBeWrittenFinishesItsWorkAndExits74() throws {
        let dir = try Studies.copy("clean")
        XCTAssertEqual(try Migstat.run(["run", "--no-verify", "--out", "reference"], in: dir).status, 0)
        let reference = built(dir.appendingPathComponent("reference"))
        XCTAssertFalse(reference.isEmpty)
        let cases: [(arguments: [String], redirect: String)] = [
            (["--log-format", "json"], "2>/dev/full"),   // every log line lost, the summary on stdout kept
            (["--log-format", "json"], ">/dev/full"),
            (["-v"], "2>/dev/full"),                     // text
            ([], ">/dev/full"),
            ([], ">/dev/full 2>/dev/full"),
        ]
        for (i, c) in cases.enumerated() {
            let out = "out\(i)"
            let r = try run(["run", "--no-verify", "--out", out] + c.arguments, in: dir, redirect: c.redirect)
            XCTAssertEqual(r.status, 74, "\(c): \(r.stderr)")
            assertNoCrash(r)
            XCTAssertEqual(built(dir.appendingPathComponent(out)), reference, "\(c): the output is built all the same")
            if c.redirect == "2>/dev/full", c.arguments.contains("json") {
                XCTAssertTrue(r.stdout.contains("\"event\":\"run_summary\""), r.stdout)
            }
        }
        // A run that fails keeps its own status: the news that matters more.
        let refused = try run(["run", "--no-verify", "--out", "raw"], in: dir, redirect: "2>/dev/full")
        XCTAssertEqual(refused.status, 64)
    }

    func testParseAndCheckWhoseOutputCannotBeWrittenExit74() throws {
        let dir = try Studies.copy("clean")
        for (arguments, redirect) in [(["parse", "raw/ref/regions.csv"], ">/dev/full"),
                                      (["parse", "--lenient", "raw/ref/regions.csv"], "2>/dev/full >/dev/full"),
                                      (["check", "--no-verify"], ">/dev/full"),
                                      (["check", "--no-verify", "--log-format", "json"], "2>/dev/full"),
                                      (["schema"], ">/dev/full"), (["--version"], ">/dev/full")] {
            let r = try run(arguments, in: dir, redirect: redirect)
            XCTAssertEqual(r.status, 74, "\(arguments) \(redirect): \(r.stderr)")
            assertNoCrash(r)
        }
        let missing = try run(["parse", "raw/survey/no-such.csv"], in: dir, redirect: "2>/dev/full")
        XCTAssertEqual(missing.status, 1, "a failed parse keeps its own status")
    }

    /// No write to standard output or error, nor any I/O, may trap: Foundation's non-throwing
    /// `FileHandle.write(_: Data)` traps when the write fails, and so does `try!`. The only `try!` left compiles
    /// a regular expression written in the source (no I/O).
    func testNoTrappingWriteOrTryBangIsLeftInSources() throws {
        let sources = Studies.repository.appendingPathComponent("Sources")
        let forbidden = [#"\.write\(Data\("#, #"FileHandle\.standard(Output|Error)\.write\((?!contentsOf:)"#, #"\b(handle|csv|file|out)\.write\((?!contentsOf:)[^)]*Data\("#,
                         #"try!(?! NSRegularExpression\(pattern: ")"#]
        var found: [String] = []
        for case let path as String in FileManager.default.enumerator(atPath: sources.path)?.allObjects ?? [] where path.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for pattern in forbidden where line.range(of: pattern, options: .regularExpression) != nil {
                    found.append("Sources/\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        XCTAssertEqual(found, [], "write through StandardStreams (migstat) or a throwing write(contentsOf:)")
        XCTAssertGreaterThan(try FileManager.default.contentsOfDirectory(atPath: sources.path).count, 10, "Sources/ was searched")
    }
}
