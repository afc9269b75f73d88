import Foundation
import Pipeline
import Store
import XCTest

/// A previous output is trusted only as far as it is what the run that recorded it wrote: a file edited by
/// hand, a store cut short or tampered with, or an output made by another build of migstat is noticed, said
/// in the log, and rebuilt, so that the result equals a full rebuild's.
final class TrustedOutputTests: RegistryTestCase {
    func runner(_ study: RegistryStudy) -> StudyRunner { StudyRunner(config: study.config, raw: study.raw) }

    func fullRebuild(_ study: RegistryStudy) throws -> URL {
        let full = study.root.appendingPathComponent("full")
        try runner(study).run(into: full, force: true)
        return full
    }

    func store(_ study: RegistryStudy) -> URL { study.output.appendingPathComponent("migration.sqlite") }

    func testATruncatedStoreIsRebuiltFromRawInsteadOfReportedUpToDate() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 3_000, seed: 1)
        try runner(study).run(into: study.output)
        let handle = try FileHandle(forWritingTo: store(study))
        try handle.truncate(atOffset: try handle.seekToEnd() / 2)
        try handle.close()

        let log = StudyRunner.Log()
        let summary = try runner(study).run(into: study.output, log: log)
        XCTAssertFalse(summary.upToDate, "a store cut in half is not an output to keep")
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: \(store(study).path) does not match the SHA-256 manifest.json records")
                                           && $0.hasSuffix("rebuilding everything from raw/") }, "\(log.lines)")
        XCTAssertEqual(IncrementalRunTests.loads(log).count, 1, "the deliveries are loaded again into a new store")
        try OutputSnapshot.assertEqual(study.output, try fullRebuild(study))
        // The next change builds on the rebuilt store (it failed with "database disk image is malformed").
        try study.write("raw/mini/answers.csv", "id,answer\n1,yes\n2,no\n3,no\n")
        try runner(study).run(into: study.output)
        try OutputSnapshot.assertEqual(study.output, try fullRebuild(study))
    }

    func testAHandEditedEstimatesFileIsRenderedAgainFromTheStore() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2_000, seed: 1)
        try runner(study).run(into: study.output)
        let estimates = study.output.appendingPathComponent("estimates.csv")
        let original = try Data(contentsOf: estimates)
        try Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "66.66", with: "99.99").utf8).write(to: estimates)
        XCTAssertNotEqual(try Data(contentsOf: estimates), original, "the edit took")

        let log = StudyRunner.Log()
        XCTAssertFalse(try runner(study).run(into: study.output, log: log).upToDate)
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: \(estimates.path) does not match the SHA-256 manifest.json records")
                                           && $0.contains("rendering every output file again from the store") }, "\(log.lines)")
        XCTAssertEqual(IncrementalRunTests.loads(log), [], "the store is sound: no delivery is read again")
        XCTAssertEqual(try Data(contentsOf: estimates), original)
        try OutputSnapshot.assertEqual(study.output, try fullRebuild(study))
        XCTAssertTrue(try runner(study).run(into: study.output).upToDate, "and then it is up to date again")
    }

    func testATamperedStoreDoesNotPutItsNumbersBackWhenAnUnrelatedSourceChanges() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2_000, seed: 1)
        try runner(study).run(into: study.output)
        try Database(path: store(study).path).execute("UPDATE estimates SET n = n + 1000, percent = 99.5 WHERE exhibit = 'registered'")
        try study.write("raw/mini/answers.csv", "id,answer\n1,yes\n2,no\n3,no\n")

        let log = StudyRunner.Log()
        try runner(study).run(into: study.output, log: log)
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: \(store(study).path) does not match") }, "\(log.lines)")
        XCTAssertFalse(try study.read("output/estimates.csv").contains("99.5"))
        try OutputSnapshot.assertEqual(study.output, try fullRebuild(study))
    }

    /// The hash recorded for a damaged store (as if the run that wrote it had written it damaged): SQLite's
    /// own check still refuses it.
    func testAStoreThatFailsSQLitesIntegrityCheckIsNotBuiltOn() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2_000, seed: 1)
        try runner(study).run(into: study.output)
        try Self.zeroSecondPage(of: store(study))
        let manifestURL = study.output.appendingPathComponent("manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        var hashes = try XCTUnwrap(manifest["output_sha256"] as? [String: String])
        hashes["migration.sqlite"] = try FileHashOf.sha256(store(study))
        manifest["output_sha256"] = hashes
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)

        let log = StudyRunner.Log()
        XCTAssertFalse(try runner(study).run(into: study.output, log: log).upToDate)
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: \(store(study).path) fails SQLite's integrity check (") }, "\(log.lines)")
        try OutputSnapshot.assertEqual(study.output, try fullRebuild(study))
    }

    func testTheIntegrityCheckNamesWhatIsWrongWithAStore() throws {
        let study = try RegistryStudy()
        let path = study.root.appendingPathComponent("check.sqlite")
        let database = try Database(path: path.path)
        try database.execute("PRAGMA page_size=4096; CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)")
        try database.transaction {
            for i in 0..<3_000 { try database.prepare("INSERT INTO t VALUES (?, ?)").run([.integer(Int64(i)), .text(String(repeating: "x", count: 40))]) }
        }
        XCTAssertNil(Database.integrityProblem(path: path.path))
        try Self.zeroSecondPage(of: path)
        XCTAssertNotNil(Database.integrityProblem(path: path.path), "a page of zeros")
        try Data("code,name\n".utf8).write(to: path)
        XCTAssertEqual(Database.integrityProblem(path: path.path), "file is not a database")
    }

    /// The log lines (JSON, one object a line) a run of `binary` printed on standard error.
    static func jsonLog(_ stderr: String) -> [[String: Any]] {
        stderr.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// A cron machine upgraded to a migstat that computes differently: the same version string, other code.
    func testAnotherBuildOfMigstatRebuildsEverythingAndSaysWhy() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 1_000, seed: 1)
        let arguments = ["run", "--config", "pipeline.json", "--raw", "raw", "--out", "output", "--no-verify"]
        XCTAssertEqual(try MigstatBinary.run(arguments, in: study.root).status, 0)
        XCTAssertTrue(try MigstatBinary.run(arguments, in: study.root).stdout.hasPrefix("up to date: "), "the same build trusts its output")
        // Another build: the same program with other bytes (a section no loader reads), as an upgrade would be.
        let other = study.root.appendingPathComponent("migstat-other")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: MigstatBinary.path))
        bytes.append(contentsOf: Array("another build".utf8))
        try bytes.write(to: other)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: other.path)

        let process = Process()
        process.executableURL = other
        process.arguments = arguments + ["--log-format", "json"]
        process.currentDirectoryURL = study.root
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, err)
        XCTAssertFalse(out.hasPrefix("up to date"), out)
        let plan = Self.jsonLog(err).first { $0["stage"] as? String == "plan" }
        XCTAssertTrue((plan?["message"] as? String)?.hasPrefix("the migstat build (executable SHA-256 ") ?? false, "\(err)")
        XCTAssertTrue((plan?["message"] as? String)?.hasSuffix("changed: rebuilding everything from raw/") ?? false, "\(err)")
        XCTAssertTrue(err.contains("registry_20140101.csv: 1000 rows read"), "the deliveries are loaded again: \(err)")
    }

    /// Both log formats name the file and the check it failed.
    func testTheLogNamesTheDamagedFileInTextAndJSON() throws {
        let study = try RegistryStudy()
        let arguments = ["run", "--config", "pipeline.json", "--raw", "raw", "--out", "output", "--no-verify"]
        XCTAssertEqual(try MigstatBinary.run(arguments, in: study.root).status, 0)
        try Data("hand-edited\n".utf8).write(to: study.output.appendingPathComponent("tables/mini_answers.md"))
        let text = try MigstatBinary.run(arguments, in: study.root)
        XCTAssertTrue(text.stderr.contains("migstat: plan: output/tables/mini_answers.md does not match the SHA-256 manifest.json records for it (edited or damaged)"),
                      text.stderr)
        try Data("hand-edited\n".utf8).write(to: study.output.appendingPathComponent("quarantine.csv"))
        let json = try MigstatBinary.run(arguments + ["--log-format", "json"], in: study.root)
        let plan = Self.jsonLog(json.stderr).first { $0["stage"] as? String == "plan" }
        XCTAssertTrue((plan?["message"] as? String)?.hasPrefix("output/quarantine.csv does not match the SHA-256 manifest.json records for it") ?? false,
                      json.stderr)
        XCTAssertTrue(try MigstatBinary.run(arguments, in: study.root).stdout.hasPrefix("up to date: "))
    }

    static func zeroSecondPage(of url: URL) throws {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        let header = try handle.read(upToCount: 18)!
        let raw = Int(header[16]) << 8 | Int(header[17])
        let pageSize = raw == 1 ? 65_536 : raw
        try handle.seek(toOffset: UInt64(pageSize))
        handle.write(Data(count: pageSize))
    }
}

/// A file's SHA-256 as sha256sum prints it (a second implementation, for what the tests forge).
enum FileHashOf {
    static func sha256(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: out, as: UTF8.self).prefix(64))
    }
}
