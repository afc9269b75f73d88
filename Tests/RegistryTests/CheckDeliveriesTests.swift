import Foundation
import MigstatCore
import Pipeline
import XCTest

/// `migstat check` reads and cleans the registry deliveries as a run would, and writes nothing.
final class CheckDeliveriesTests: RegistryTestCase {
    func testCheckCountsTheDeliveriesAsARunLoadsThem() throws {
        let study = try RegistryStudy()
        let first = try study.generate("registry_20140101.csv", rows: 3000, seed: 1)
        let second = try study.generate("registry_20140201.csv", rows: 2000, seed: 2, firstId: 2801)
        let check = try MigstatBinary.run(["check", "--no-verify"], in: study.root)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: study.output.path), "check writes nothing")

        let summary = try Runner(options: RunOptions(configPath: study.config.path, rawDirectory: study.raw.path,
                                                     outputDirectory: study.output.path, verify: false)).run()
        // Every delivery row is read (beside the reference tables and the survey); the defective ones the generator
        // wrote are quarantined, and nothing else.
        XCTAssertGreaterThan(summary.rowsRead, 3000 + 2000)
        XCTAssertEqual(summary.rowsQuarantined, first.defective + second.defective)
        XCTAssertTrue(check.stdout.contains("files (2 deliveries), \(summary.rowsRead) rows read, \(summary.rowsQuarantined) would be quarantined"), check.stdout)
    }
}
