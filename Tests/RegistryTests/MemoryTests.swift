import Foundation
import XCTest

/// A delivery streams through a fixed amount of memory: a run loading ten times the rows does not raise the
/// peak. Each run is a child process of its own, measured alone (`MeasuredRun`): the test process's peak would
/// be that of every test before it. (The benchmark, scripts/bench-registry.sh, shows it from 1 to 5 million rows.)
final class MemoryTests: RegistryTestCase {
    func testPeakMemoryStaysFlatFromFiveToFiftyThousandRows() throws {
        func peak(rows: Int) throws -> Int {
            let study = try RegistryStudy(name: "memory\(rows)")
            try study.generate("registry_20140101.csv", rows: rows, seed: 1)
            let run = try MeasuredRun.migstat(["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path,
                                               "--out", study.output.path], in: study.root, label: "memory")
            XCTAssertEqual(run.status, 0, (try? study.read(".stderr-memory")) ?? "")
            return run.peakKiB
        }
        let small = try peak(rows: 5_000), large = try peak(rows: 50_000)
        // Holding the large delivery's 45 000 extra rows would take well over 10 MB.
        XCTAssertLessThan(large - small, 4_000, "peak resident memory of a run: \(small) KiB for 5 000 rows, \(large) KiB for 50 000")
    }
}
