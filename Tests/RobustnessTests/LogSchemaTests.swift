import Foundation
import XCTest

/// With --log-format json every line a command writes, on stderr and stdout, is one JSON object of docs/logs.md's
/// schema, all with one run_id, and run_finished, with the exit status, is the last line: after a success, an
/// error, a threshold failure, a signal, and for `check`.
final class LogSchemaTests: XCTestCase {
    let schema = LogSchema.readme

    /// A scratch study with the repository's pipeline.json, study/ and a copy of raw/.
    private func study(_ name: String = #function) throws -> URL {
        let dir = Studies.scratch(name)
        for item in ["raw", "pipeline.json", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        return dir
    }

    /// Checks both streams and returns stderr's objects, after asserting the run's shape.
    @discardableResult
    private func checkRun(_ r: Migstat.Result, status: Int32, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        let errors = schema.check(r.stderr, stream: "stderr", file: file, line: line)
        let outputs = schema.check(r.stdout, stream: "stdout", file: file, line: line)
        let all = errors + outputs
        XCTAssertEqual(Set(all.compactMap { $0["run_id"] as? String }).count, 1, "one run_id", file: file, line: line)
        XCTAssertEqual(errors.last?["event"] as? String, "run_finished", r.stderr, file: file, line: line)
        XCTAssertEqual(errors.last?["exit_code"] as? Int, Int(status), file: file, line: line)
        XCTAssertEqual(all.filter { $0["event"] as? String == "run_finished" }.count, 1, file: file, line: line)
        return errors
    }

    private func names(_ objects: [[String: Any]]) -> [String] { objects.compactMap { $0["event"] as? String } }

    func testTheSchemaIsReadFromTheReadme() {
        XCTAssertEqual(schema.stages.count, 11)
        XCTAssertGreaterThanOrEqual(schema.events.count, 20)
        XCTAssertEqual(schema.events["delivery_loaded"]?.required, ["file", "bytes", "rows_read", "rows_loaded", "rows_applied", "rows_quarantined", "rows_held_back", "seconds"])
    }

    func testAWholeRunsLogAndASecondRunWithNothingNew() throws {
        let dir = try study()
        let r = try Migstat.run(["run", "--log-format", "json", "-v"], in: dir)
        let errors = checkRun(r, status: 0)
        let events = names(errors)
        for expected in ["run_started", "plan_made", "source_cleaned", "sources_cleaned", "tables_joined", "exhibits_computed",
                         "delivery_loaded", "values_verified", "rows_quarantined", "figures_drawn", "files_rendered", "output_written"] {
            XCTAssertTrue(events.contains(expected), "\(expected) in \(events)")
        }
        XCTAssertEqual(events.first, "run_started")
        let summary = LogSchema.objects(r.stdout)
        XCTAssertEqual(names(summary), ["run_summary"])
        XCTAssertEqual(summary.first?["rows_read"] as? Int, errors.last?["rows_read"] as? Int)
        let loaded = errors.filter { $0["event"] as? String == "delivery_loaded" }
        XCTAssertEqual(loaded.map { $0["rows_read"] as? Int }, [200, 150])
        XCTAssertEqual(loaded.first?["file"] as? String, "raw/registry/registry_20140101.csv")

        let again = try Migstat.run(["run", "--log-format", "json"], in: dir)
        XCTAssertTrue(names(checkRun(again, status: 0)).contains("output_unchanged"), again.stderr)
        XCTAssertEqual(LogSchema.objects(again.stdout).first?["up_to_date"] as? String, "yes")
    }

    func testAStrictSourcesErrorEndsTheLog() throws {
        let dir = try study()
        let url = dir.appendingPathComponent("raw/adb_2007/migrants.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        lines[2] = lines[2] + ",an extra field"
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let r = try Migstat.run(["run", "--log-format", "json"], in: dir)
        let errors = checkRun(r, status: 1)
        XCTAssertEqual(Array(names(errors).suffix(2)), ["run_failed", "run_finished"])
        XCTAssertTrue((errors.dropLast().last?["message"] as? String)?.contains("adb_2007/migrants.csv:3") ?? false, r.stderr)
        XCTAssertEqual(r.stdout, "", "no summary after a failure")
    }

    func testAThresholdFailureEndsTheLog() throws {
        let dir = try study()
        let url = dir.appendingPathComponent("raw/iom_2006/workers.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: ",regulated,", with: ",unheard,").replacingOccurrences(of: ",unregulated,", with: ",unheard,")
            .write(to: url, atomically: true, encoding: .utf8)
        let r = try Migstat.run(["run", "--log-format", "json", "--no-verify"], in: dir)
        let errors = checkRun(r, status: 65)
        XCTAssertEqual(Array(names(errors).suffix(3)), ["quarantine_threshold_crossed", "run_failed", "run_finished"], r.stderr)
    }

    func testCheckLogsTheSameSchema() throws {
        let dir = try study()
        let r = try Migstat.run(["check", "--log-format", "json"], in: dir)
        checkRun(r, status: 0)
        XCTAssertEqual(names(LogSchema.objects(r.stdout)), ["check_summary"])
        try Data("{".utf8).write(to: dir.appendingPathComponent("pipeline.json"))
        let broken = try Migstat.run(["check", "--log-format", "json"], in: dir)
        XCTAssertEqual(names(checkRun(broken, status: 64)), ["run_started", "run_failed", "run_finished"])
    }

    /// A long delivery load logs `progress` events (file, rows, bytes, rate), at most one per
    /// MIGSTAT_PROGRESS_SECONDS (5 by default: a short load logs none); a text log shows them with -v only.
    func testALongLoadLogsProgressAtMostOncePerInterval() throws {
        let dir = try study()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("raw/registry/registry_20140201.csv"))
        let delivery = "raw/registry/registry_20140101.csv"
        let generated = try Migstat.run(["generate", "registry", "--rows", "100000", "--seed", "7", "--out", delivery, "--force"], in: dir)
        XCTAssertEqual(generated.status, 0, generated.stderr)
        setenv("MIGSTAT_PROGRESS_SECONDS", "0.05", 1)
        defer { unsetenv("MIGSTAT_PROGRESS_SECONDS") }
        let r = try Migstat.run(["run", "--log-format", "json", "--no-verify"], in: dir)
        let progress = checkRun(r, status: 0).filter { $0["event"] as? String == "progress" }
        XCTAssertGreaterThanOrEqual(progress.count, 2, r.stderr)
        XCTAssertEqual(Set(progress.compactMap { $0["file"] as? String }), [delivery])
        let rows = progress.compactMap { $0["rows"] as? Int }, bytes = progress.compactMap { $0["bytes"] as? Int }
        XCTAssertEqual(rows, rows.sorted(), "rows grow")
        XCTAssertTrue(zip(bytes, progress.compactMap { $0["total_bytes"] as? Int }).allSatisfy { $0 <= $1 && $0 > 0 })
        XCTAssertTrue(progress.allSatisfy { ($0["rows_per_second"] as? Double ?? ($0["rows_per_second"] as? Int).map(Double.init) ?? -1) >= 0 })
        // Never two within the interval (the times are the lines' own, to the millisecond).
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let times = progress.compactMap { ($0["time"] as? String).flatMap(formatter.date) }
        for (a, b) in zip(times, times.dropFirst()) { XCTAssertGreaterThanOrEqual(b.timeIntervalSince(a), 0.049) }
        // Text: with -v only.
        let verbose = try Migstat.run(["run", "-v", "--no-verify", "--force"], in: dir)
        XCTAssertTrue(verbose.stderr.contains("migstat: debug: registry: \(delivery): "), verbose.stderr)
        let plain = try Migstat.run(["run", "--no-verify", "--force"], in: dir)
        XCTAssertFalse(plain.stderr.contains("migstat: debug: registry:"), plain.stderr)
        // The default interval, five seconds, is longer than this load.
        unsetenv("MIGSTAT_PROGRESS_SECONDS")
        let quiet = try Migstat.run(["run", "--log-format", "json", "--no-verify", "--force"], in: dir)
        XCTAssertFalse(names(LogSchema.objects(quiet.stderr)).contains("progress"), quiet.stderr)
    }

    func testSIGTERMStillEndsWithRunFinished() throws {
        let dir = try study()
        let process = try Migstat.start(["run", "--log-format", "json"], in: dir)
        let stderr = dir.appendingPathComponent(".stderr")
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline
                && !((try? String(contentsOf: stderr, encoding: .utf8))?.contains("\"sources_cleaned\"") ?? false) { usleep(2000) }
        XCTAssertTrue(process.isRunning, "the run is still under way after cleaning")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let r = Migstat.finish(process, in: dir)
        let errors = checkRun(r, status: 128 + SIGTERM)
        XCTAssertEqual(Array(names(errors).suffix(2)), ["run_stopped", "run_finished"])
    }

    func testQuietAndVerboseInBothFormats() throws {
        let dir = try study()
        let quiet = try Migstat.run(["run", "--log-format", "json", "-q", "--no-verify"], in: dir)
        XCTAssertEqual(names(checkRun(quiet, status: 0)), ["run_finished"], "errors only, and the closing line")
        let text = try Migstat.run(["run", "-q", "--no-verify", "--force"], in: dir)
        XCTAssertEqual(text.status, 0)
        XCTAssertEqual(text.stderr, "", "a quiet text run that succeeds logs nothing (its warnings too)")
        XCTAssertTrue(text.stdout.hasPrefix("30 exhibits"), text.stdout)
        let verbose = try Migstat.run(["run", "-v", "--no-verify", "--force"], in: dir)
        XCTAssertTrue(verbose.stderr.contains("migstat: debug: clean: iom_2006: 1 files, 500 rows read"), verbose.stderr)
        XCTAssertTrue(verbose.stderr.hasSuffix("migstat: debug: finished with exit code 0\n"), verbose.stderr)
        let normal = try Migstat.run(["run", "--no-verify", "--force"], in: dir)
        XCTAssertFalse(normal.stderr.contains("debug"), normal.stderr)
        XCTAssertTrue(normal.stderr.contains("migstat: warning: clean: cmr_2009: 3 of 648 rows quarantined"), normal.stderr)
        XCTAssertEqual(try Migstat.run(["run", "-q", "-v"], in: dir).status, 64)
        let usage = try Migstat.run(["run", "-q", "-v", "--log-format", "json"], in: dir)
        XCTAssertEqual(names(checkRun(usage, status: 64)), ["run_failed", "run_finished"], "a usage error is JSON too")
        XCTAssertEqual(LogSchema.objects(usage.stderr).first?["message"] as? String, "give -q or -v, not both")
    }
}
