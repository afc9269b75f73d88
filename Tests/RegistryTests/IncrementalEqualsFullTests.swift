import Foundation
import Store
import XCTest

/// An incremental run's output and store equal a full (`--force`) rebuild's, whatever was edited in between.
final class IncrementalEqualsFullTests: RegistryTestCase {
    nonisolated(unsafe) static let lookupJoin: [String: Any] = ["id": "members_hh", "from": "survey.members", "grain": "one row per household member",
                                            "lookup": ["table": "survey.households", "on": ["hh_id": "hh_id"], "add": ["region", "tenure"]]]

    func testAJoinAddedToPipelineJsonIsInTheStore() throws {
        var study = try EditableStudy()
        try study.runner.run(into: study.output)
        study.joins = [Self.lookupJoin]
        try study.save()
        let log = StudyRunner.Log()
        try study.runner.run(into: study.output, log: log)
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("plan: changed: join members_hh") }, "\(log.lines)")
        let tables = try Database(path: study.output.appendingPathComponent("migration.sqlite").path)
            .prepare("SELECT name FROM sqlite_schema WHERE name = 'int_members_hh'").rows()
        XCTAssertEqual(tables.count, 1, "the new join's table")
        try study.runner.assertIncrementalEqualsFull(study.output, full: study.full)
    }

    func testARenamedSourceLeavesNoTablesOrQuarantineRowsBehind() throws {
        var study = try EditableStudy()
        try study.append("survey/households.csv", "40;S;01.03.2008;1,0;3;7;\n")   // tenure 7: not a code, quarantined
        try study.runner.run(into: study.output)
        study.renameSource("survey", to: "household_survey")
        try study.save()
        try study.runner.run(into: study.output)
        let store = try Database(path: study.output.appendingPathComponent("migration.sqlite").path)
        XCTAssertEqual(try store.prepare("SELECT count(*) FROM quarantine").rows().first?.first?.key, "1", "one row, under its new source")
        XCTAssertEqual(try store.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'stg_survey_%'").rows().count, 0)
        try study.runner.assertIncrementalEqualsFull(study.output, full: study.full)
    }

    /// Its deliveries are loaded again under the new name, numbered from 1 as in a new store (the old rows are
    /// dropped before the load, not after it).
    func testARenamedDeliverySourceLeavesNothingBehindAndIsNumberedAsInAFullRebuild() throws {
        var study = try EditableStudy(withRegistry: true)
        try study.runner.run(into: study.output)
        study.renameSource(study.registryId, to: "registry_2")
        try study.save()
        try study.runner.assertIncrementalEqualsFull(study.output, full: study.full)
    }

    /// A delivery dated before those already loaded (sent late): a full rebuild loads it first.
    func testALateDeliveryIsNumberedAsInAFullRebuild() throws {
        let study = try EditableStudy(withRegistry: true)
        try study.runner.run(into: study.output)
        try study.delivery("registry_20131201.csv", seed: 5, firstId: 5_000)
        let log = StudyRunner.Log()
        try study.runner.run(into: study.output, log: log)
        XCTAssertTrue(log.lines.contains("registry: reloading every delivery of registry.records: registry/registry_20131201.csv came after later deliveries"),
                      "\(log.lines)")
        try study.runner.assertIncrementalEqualsFull(study.output, full: study.full)
    }

    func testARemovedJoinOrSourceLeavesNothingBehind() throws {
        var study = try EditableStudy()
        var extra = study.sources[0]
        extra["id"] = "extra"
        study.sources.append(extra)
        study.joins = [Self.lookupJoin]
        try study.save()
        try study.runner.run(into: study.output)
        study.joins = []
        study.sources.removeLast()
        try study.save()
        try study.runner.assertIncrementalEqualsFull(study.output, full: study.full)
    }
}
