import Foundation
import Ingest
import Pipeline
import XCTest

/// The schedule in deploy/ as an operator installs it: the cron wrapper's log holds only JSON, a lock is quiet
/// unless it outlived the night, failures and timeouts alert; the systemd units and the logrotate snippet pass
/// their tools' checks. And a run that cannot start leaves no lock file; --version names the build.
final class ScheduleTests: XCTestCase {
    static let deploy = Studies.repository.appendingPathComponent("deploy")
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    struct Cron {
        var status: Int32
        var alerts: [String]
        var log: String
    }

    /// Runs deploy/migstat-cron.sh with the built binary over `checkout`, alerts written to a file.
    private func cron(_ checkout: URL, out: URL, timeout: String = "10m", extra: [String] = ["--no-verify"], log: URL? = nil, home: URL? = nil) throws -> Cron {
        let alerts = checkout.appendingPathComponent("alerts.txt"), log = log ?? checkout.appendingPathComponent("migstat.jsonl")
        let alert = checkout.appendingPathComponent("alert.sh")
        try "#!/bin/sh\necho \"$1\" >> '\(alerts.path)'\n".write(to: alert, atomically: true, encoding: .utf8)
        chmod(alert.path, 0o755)
        let process = Process()
        process.executableURL = Self.deploy.appendingPathComponent("migstat-cron.sh")
        process.arguments = extra
        process.environment = ["PATH": "/usr/bin:/bin", "MIGSTAT": Migstat.binary, "MIGSTAT_DIR": checkout.path, "MIGSTAT_OUT": out.path,
                               "MIGSTAT_LOG": log.path, "MIGSTAT_TIMEOUT": timeout, "MIGSTAT_ALERT": alert.path, "HOME": (home ?? checkout).path]
        try process.run()
        process.waitUntilExit()
        let alertLines = ((try? String(contentsOf: alerts, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return Cron(status: process.terminationStatus, alerts: alertLines, log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    private func checkout(_ name: String = #function) throws -> (checkout: URL, out: URL) {
        let dir = Studies.scratch(name)
        let checkout = dir.appendingPathComponent("srv")
        try FileManager.default.createDirectory(at: checkout, withIntermediateDirectories: true)
        for item in ["raw", "pipeline.json", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: checkout.appendingPathComponent(item))
        }
        let state = dir.appendingPathComponent("var/lib/migstat")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        return (checkout, state.appendingPathComponent("output"))
    }

    /// Every line of the log is a JSON object, and each run's last is run_finished.
    private func assertJSONOnly(_ log: String, runs: Int, file: StaticString = #filePath, line: UInt = #line) {
        let lines = log.split(separator: "\n")
        let objects = LogSchema.objects(log)
        XCTAssertEqual(objects.count, lines.count, "only JSON lines: \(log)", file: file, line: line)
        XCTAssertEqual(objects.filter { $0["event"] as? String == "run_finished" }.count, runs, file: file, line: line)
        XCTAssertEqual(objects.last?["event"] as? String, "run_finished", file: file, line: line)
    }

    func testTheCronWrapperWritesOnlyJSONOutsideTheCheckoutAndAlertsOnFailure() throws {
        let (checkout, out) = try checkout()
        let umaskBefore = umask(0o022)   // an ordinary login's: the wrapper's own umask 027 is what is tested
        let ok = try cron(checkout, out: out)
        umask(umaskBefore)
        XCTAssertEqual(ok.status, 0, ok.log)
        XCTAssertEqual(ok.alerts, [])
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("estimates.csv").path))
        for file in ["", "/tables/table_1_1.md", "/report.html"] {
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: out.path + file)[.posixPermissions] as? Int)
            XCTAssertEqual(mode & 0o027, 0, "umask 027 in the wrapper: \(file) is \(String(mode, radix: 8))")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkout.appendingPathComponent("output").path), "nothing written into the checkout")
        assertJSONOnly(ok.log, runs: 1)

        try FileManager.default.removeItem(at: checkout.appendingPathComponent("pipeline.json"))
        let failed = try cron(checkout, out: out)
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.alerts.count, 1)
        XCTAssertTrue(failed.alerts.first?.contains("failed with exit 1") ?? false, "\(failed.alerts)")
        assertJSONOnly(failed.log, runs: 2)
    }

    /// A fresh machine: the log's and the output's directories do not exist yet. The wrapper makes them (no
    /// access for others), so that the log its alert names exists; one it cannot make alerts and runs nothing.
    func testTheCronWrapperMakesItsLogDirectoryAndItsAlertNamesAnExistingLog() throws {
        let (checkout, _) = try checkout()
        let home = Studies.scratch().appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let log = home.appendingPathComponent("log/migstat/migstat.jsonl"), out = home.appendingPathComponent("state/migstat/output")
        try FileManager.default.removeItem(at: checkout.appendingPathComponent("pipeline.json"))
        let failed = try cron(checkout, out: out, log: log, home: home)
        XCTAssertEqual(failed.status, 1, failed.log)
        for dir in [log.deletingLastPathComponent(), out.deletingLastPathComponent()] {
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int)
            XCTAssertEqual(mode & 0o777, 0o750, dir.path)
        }
        XCTAssertEqual(failed.alerts.count, 1)
        let named = try XCTUnwrap(failed.alerts.first?.components(separatedBy: "see ").last)
        XCTAssertEqual(named, log.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: named), "the alert names \(named), which exists")
        assertJSONOnly(failed.log, runs: 1)

        // A log directory that cannot be made (its parent is a file): an alert naming it, exit 73, nothing run.
        let blocked = home.appendingPathComponent("blocked")
        try Data().write(to: blocked)
        let refused = try cron(checkout, out: out, log: blocked.appendingPathComponent("migstat.jsonl"), home: home)
        XCTAssertEqual(refused.status, 73)
        XCTAssertEqual(refused.alerts.count, 2, "\(refused.alerts)")
        XCTAssertTrue(refused.alerts.last?.contains("cannot create or write the directory \(blocked.path)") ?? false, "\(refused.alerts)")
    }

    func testTheSystemdUnitMakesItsDirectories() throws {
        let service = try String(contentsOf: Self.deploy.appendingPathComponent("migstat.service"), encoding: .utf8)
        for line in ["StateDirectory=migstat", "StateDirectoryMode=0750", "LogsDirectory=migstat", "LogsDirectoryMode=0750"] {
            XCTAssertTrue(service.contains("\n\(line)\n"), line)
        }
        // The cron wrapper's default log is in the directory the unit makes, the one logrotate rotates.
        let wrapper = try String(contentsOf: Self.deploy.appendingPathComponent("migstat-cron.sh"), encoding: .utf8)
        XCTAssertTrue(wrapper.contains("MIGSTAT_LOG=${MIGSTAT_LOG:-/var/log/migstat/migstat.jsonl}"))
    }

    func testALockIsQuietUnlessItOutlivedTheNight() throws {
        let (checkout, out) = try checkout()
        let fresh = try RunLock(output: out.path)
        let overlap = try cron(checkout, out: out)
        fresh.release()
        XCTAssertEqual(overlap.status, 0, "an ordinary overlap is not a failure")
        XCTAssertEqual(overlap.alerts, [])
        XCTAssertEqual(LogSchema.objects(overlap.log).last?["exit_code"] as? Int, 75)

        let stale = try RunLock(output: out.path, started: Date(timeIntervalSinceNow: -13 * 3600))
        let outlived = try cron(checkout, out: out)
        stale.release()
        XCTAssertEqual(outlived.status, 75)
        XCTAssertEqual(outlived.alerts.count, 1)
        XCTAssertTrue(outlived.alerts.first?.contains("outlived the night") ?? false, "\(outlived.alerts)")
        XCTAssertTrue(outlived.alerts.first?.contains("pid \(getpid())") ?? false, "\(outlived.alerts)")
        assertJSONOnly(outlived.log, runs: 2)
    }

    func testATimedOutRunAlertsAndStillEndsItsLog() throws {
        let (checkout, out) = try checkout()
        let r = try cron(checkout, out: out, timeout: "1s", extra: [])
        XCTAssertEqual(r.status, 124, r.log)
        XCTAssertTrue(r.alerts.first?.contains("took longer than 1s") ?? false, "\(r.alerts)")
        assertJSONOnly(r.log, runs: 1)
        XCTAssertEqual(LogSchema.objects(r.log).last?["exit_code"] as? Int, 143, "SIGTERM from timeout, handled")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "no output from a stopped first run")
    }

    func testARunThatCannotStartLeavesNoLockFile() throws {
        let dir = Studies.scratch()
        let r = try Migstat.run(["run"], in: dir)
        assertCleanFailure(r, status: 1, mentions: "pipeline.json: no such file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output.lock").path))
        try Data("{".utf8).write(to: dir.appendingPathComponent("pipeline.json"))
        XCTAssertEqual(try Migstat.run(["run"], in: dir).status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output.lock").path))
    }

    func testVersionNamesTheBuildTheFingerprintsUse() throws {
        let r = try Migstat.run(["--version"], in: Studies.scratch())
        XCTAssertEqual(r.status, 0)
        let sha = try FileHash.sha256(path: Migstat.binary)
        XCTAssertEqual(r.stdout, "migstat \(MigstatVersion.current) (build sha256:\(sha))\n")
        XCTAssertNotEqual(MigstatVersion.current, "0.1.0")
        // The build a run records is the same: its run_started event names BuildIdentity.sha256, which the fingerprints hash.
        let run = try Migstat.run(["check", "--log-format", "json"], in: Studies.scratch())
        XCTAssertEqual(LogSchema.objects(run.stderr).first?["build"] as? String, sha, run.stderr)
    }

    /// A tool's check, or a skip outside CI when the tool is absent (CI installs it: .ci/run).
    private func requireTool(_ path: String) throws {
        if !FileManager.default.isExecutableFile(atPath: path) {
            if Self.inCI { XCTFail("\(path) is missing in CI: .ci/run installs it") }
            throw XCTSkip("\(path) is not installed")
        }
    }

    private func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheSystemdUnitsVerify() throws {
        try requireTool("/usr/bin/systemd-analyze")
        // The units name the installed binary; verify checks that ExecStart exists, so it names the built one here.
        let dir = Studies.scratch()
        let service = try String(contentsOf: Self.deploy.appendingPathComponent("migstat.service"), encoding: .utf8)
        XCTAssertTrue(service.contains("ExecStart=/opt/migstat/migstat run --log-format json --out /var/lib/migstat/output"))
        // What it writes is its user's and group's only, the state directory too (verify refuses a bad value).
        XCTAssertTrue(service.contains("\nUMask=0027\n") && service.contains("\nStateDirectoryMode=0750\n"), service)
        try service.replacingOccurrences(of: "/opt/migstat/migstat", with: Migstat.binary)
            .write(to: dir.appendingPathComponent("migstat.service"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.deploy.appendingPathComponent("migstat.timer"), to: dir.appendingPathComponent("migstat.timer"))
        let r = try runTool("/usr/bin/systemd-analyze", ["verify", dir.appendingPathComponent("migstat.service").path, dir.appendingPathComponent("migstat.timer").path])
        XCTAssertEqual(r.status, 0, r.output)
        // verify only warns about unknown keys and bad values: any line about the units is a defect.
        XCTAssertFalse(r.output.contains("migstat."), r.output)
    }

    func testTheLogrotateSnippetParses() throws {
        try requireTool("/usr/sbin/logrotate")
        // As root for the check: the snippet's user (migstat) exists only where it is installed.
        let dir = Studies.scratch()
        let snippet = try String(contentsOf: Self.deploy.appendingPathComponent("logrotate.d/migstat"), encoding: .utf8)
        XCTAssertTrue(snippet.contains("/var/log/migstat/migstat.jsonl {"))
        let conf = dir.appendingPathComponent("migstat")
        try snippet.replacingOccurrences(of: " migstat adm", with: " root root").write(to: conf, atomically: true, encoding: .utf8)
        let r = try runTool("/usr/sbin/logrotate", ["-d", "-s", dir.appendingPathComponent("state").path, conf.path])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertFalse(r.output.contains("error"), r.output)
    }
}
