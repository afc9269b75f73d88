import Foundation
import MigstatCore
import Pipeline
import XCTest

/// Unattended runs: only what changed is read and rebuilt, a run with nothing new leaves output/ as it was in
/// well under a second, and whatever a run skipped, its output is the one a full rebuild gives.
final class IncrementalRunTests: RegistryTestCase {
    typealias Log = StudyRunner.Log

    /// The log lines of deliveries loaded.
    static func loads(_ log: Log) -> [String] { log.lines.filter { $0.hasPrefix("registry: ") && $0.contains(" rows read") } }

    @discardableResult
    func run(_ study: RegistryStudy, out: URL? = nil, force: Bool = false, log: Log = Log()) throws -> RunSummary {
        try StudyRunner(config: study.config, raw: study.raw).run(into: out ?? study.output, force: force, log: log)
    }

    /// Every output file and the store as a forced full rebuild of the same inputs makes them.
    func assertSameAsFullRebuild(_ study: RegistryStudy, file: StaticString = #filePath, line: UInt = #line) throws {
        let full = study.root.appendingPathComponent("full-\(UUID().uuidString.prefix(6))")
        try run(study, out: full, force: true)
        try OutputSnapshot.assertEqual(study.output, full, file: file, line: line)
    }

    func testARunWithNothingNewLeavesTheOutputByteIdenticalInUnderASecond() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 20_000, seed: 1)
        try study.generate("registry_20140201.csv", rows: 10_000, seed: 2, firstId: 19_001)
        let first = try run(study)
        XCTAssertFalse(first.upToDate)
        let before = try study.outputFiles()
        let modified = try FileManager.default.attributesOfItem(atPath: study.output.appendingPathComponent("estimates.csv").path)[.modificationDate] as! Date
        let log = Log()
        let started = Date()
        let second = try run(study, log: log)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertTrue(second.upToDate)
        XCTAssertLessThan(elapsed, 1.0, "a run with nothing new")
        XCTAssertEqual(second.rowsRead, first.rowsRead)
        XCTAssertEqual(try study.outputFiles(), before, "output/ is byte-identical")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: study.output.appendingPathComponent("estimates.csv").path)[.modificationDate] as? Date, modified)
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: nothing changed") }, "\(log.lines)")
        // A touched file with the same content is still nothing new: its hash decides.
        let delivery = study.raw.appendingPathComponent("registry/registry_20140101.csv").path
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: delivery)
        XCTAssertTrue(try run(study).upToDate)
        XCTAssertEqual(try study.outputFiles(), before)
    }

    func testANewDeliveryIsLoadedOnTopAndOnlyTheExhibitsOverItAreRebuilt() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 8_000, seed: 1)
        try run(study)
        let survey = try Data(contentsOf: study.output.appendingPathComponent("tables/mini_answers.md"))
        try study.generate("registry_20140201.csv", rows: 5_000, seed: 2, firstId: 7_001)
        let log = Log()
        let summary = try run(study, log: log)
        XCTAssertFalse(summary.upToDate)
        let loads = Self.loads(log)
        XCTAssertEqual(loads.count, 1, "only the new delivery is read: \(loads)")
        XCTAssertTrue(loads.first?.contains("registry_20140201.csv: 5000 rows read") ?? false, "\(loads)")
        XCTAssertTrue(log.lines.contains { $0.contains("rebuilding 4 of 5 exhibits") }, "\(log.lines)")
        XCTAssertTrue(log.lines.contains("clean: 2 files, 85 rows read, 85 loaded, 0 quarantined"), "only the reference tables the delivery is checked against: \(log.lines)")
        XCTAssertEqual(try Data(contentsOf: study.output.appendingPathComponent("tables/mini_answers.md")), survey)
        XCTAssertEqual(summary.rowsRead, 3 + 2 + 83 + 8_000 + 5_000, "every input accounted, kept ones included")
        try assertSameAsFullRebuild(study)
    }

    func testAChangedOrRemovedDeliveryReloadsThemAll() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 6_000, seed: 1)
        try study.generate("registry_20140201.csv", rows: 4_000, seed: 2, firstId: 5_001)
        try run(study)
        // A delivery re-sent with other content cannot be subtracted from the table: everything is loaded again.
        try study.generate("registry_20140101.csv", rows: 6_000, seed: 9)
        let log = Log()
        try run(study, log: log)
        XCTAssertTrue(log.lines.contains { $0.contains("reloading every delivery") && $0.contains("registry/registry_20140101.csv changed") }, "\(log.lines)")
        XCTAssertEqual(Self.loads(log).count, 2)
        try assertSameAsFullRebuild(study)
        try FileManager.default.removeItem(at: study.raw.appendingPathComponent("registry/registry_20140201.csv"))
        try run(study)
        try assertSameAsFullRebuild(study)
    }

    func testAChangedSurveyIsReadAgainWithoutTouchingTheRegistry() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 5_000, seed: 1)
        try run(study)
        let registrations = try Data(contentsOf: study.output.appendingPathComponent("tables/registrations.csv"))
        try study.write("raw/mini/answers.csv", "id,answer\n1,yes\n2,no\n3,no\n4,no\n")
        let log = Log()
        try run(study, log: log)
        XCTAssertEqual(Self.loads(log), [], "no delivery is read")
        XCTAssertTrue(log.lines.contains { $0.contains("rebuilding 1 of 5 exhibits") }, "\(log.lines)")
        XCTAssertEqual(try Data(contentsOf: study.output.appendingPathComponent("tables/registrations.csv")), registrations)
        XCTAssertTrue(try study.read("output/tables/mini_answers.csv").contains("75.0"), "3 of 4 answered no")
        try assertSameAsFullRebuild(study)
    }

    func testForceRebuildsEverything() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 3_000, seed: 1)
        try run(study)
        let before = try study.outputFiles()
        let log = Log()
        let summary = try run(study, force: true, log: log)
        XCTAssertFalse(summary.upToDate)
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: --force") }, "\(log.lines)")
        XCTAssertEqual(Self.loads(log).count, 1)
        let after = try study.outputFiles()
        for (name, data) in before where name != "manifest.json" && name != "migration.sqlite" {
            XCTAssertEqual(after[name], data, "\(name): the same inputs give the same bytes")
        }
    }
}
