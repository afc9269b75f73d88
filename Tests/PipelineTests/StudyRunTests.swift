import Foundation
import XCTest

/// The study's own extracts: every published number matches, runs are byte-identical,
/// and the committed output/ is what a fresh run makes.
final class StudyRunTests: XCTestCase {
    // Set once by the first test that needs it; the tests of a class run one after another.
    nonisolated(unsafe) static var fresh: URL?

    /// One fresh run shared by the tests of this class.
    func freshOutput() throws -> URL {
        if let f = StudyRunTests.fresh { return f }
        let out = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(out: out)
        StudyRunTests.fresh = out
        return out
    }

    func testEveryPublishedNumberIsVerifiedAndNoneDiffers() throws {
        let rows = try readCSV(try freshOutput().appendingPathComponent("verification.csv"))
        XCTAssertFalse(rows.isEmpty)
        let differs = rows.filter { $0["status"] == "differs" }
        XCTAssertEqual(differs.count, 0, "\(differs)")
    }

    func testCommittedOutputIsWhatAFreshRunMakes() throws {
        let committed = try files(under: Repo.output).filter { !runVarying.contains($0.key) }
        let fresh = try files(under: try freshOutput()).filter { !runVarying.contains($0.key) }
        XCTAssertEqual(Set(committed.keys), Set(fresh.keys), "output/ lists other files than a fresh run: re-run `scripts/setup-and-run.sh` and commit output/")
        for (name, data) in fresh where committed[name] != data {
            XCTFail("output/\(name) drifted from a fresh run: re-run `scripts/setup-and-run.sh` and commit output/")
        }
    }

    func testTwoRunsAreByteIdentical() throws {
        let again = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(out: again)
        let a = try files(under: try freshOutput()).filter { !runVarying.contains($0.key) }
        let b = try files(under: again).filter { !runVarying.contains($0.key) }
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.keys.contains("estimates.csv"))
    }

    func testManifestAccountsForEveryInputRow() throws {
        let data = try Data(contentsOf: try freshOutput().appendingPathComponent("manifest.json"))
        let manifest = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let inputs = manifest["inputs"] as! [[String: Any]]
        XCTAssertFalse(inputs.isEmpty)
        for i in inputs {
            XCTAssertEqual(i["rows_read"] as! Int, (i["rows_loaded"] as! Int) + (i["rows_quarantined"] as! Int), "\(i["file"]!)")
            XCTAssertEqual((i["sha256"] as! String).count, 64)
        }
    }
}
