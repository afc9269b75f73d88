import MigstatCore
import Store
import XCTest

/// What every database under `RunStore` must do alike: give back what was written as it was (awkward text,
/// nulls, doubles to the last bit) in the order written, and stream a source's quarantine in file (by bytes)
/// and line order.
public func assertRunStoreRoundTrips(_ store: RunStore, file: StaticString = #filePath, line: UInt = #line) throws {
    var b = Estimate(exhibit: "t1", series: "all", category: "b", label: "Всего \"B\"\tx", n: 3, baseN: 7, weighted: 3.5, baseWeighted: 7.25,
                     percent: 48.27586206896552, ciLow: 20.1, ciHigh: 77.9, interval: .logit)
    b.se = 0.1 + 0.2; b.cv = 0.29; b.deff = 1.8; b.nEff = 3.9; b.df = 6; b.seriesLabel = "line\nbreak \\ slash"; b.weightedSE = 1.0 / 3
    let a = Estimate(exhibit: "t1", series: "all", category: "a", label: "A", n: 4, baseN: 7, weighted: 4, baseWeighted: 7,
                     percent: nil, ciLow: nil, ciHigh: nil, interval: .census)
    try store.writeEstimates([b, a])
    XCTAssertEqual(try store.estimates(of: ["t1"]), [b, a], file: file, line: line)
    let q = [QuarantineRecord(source: "s", file: "f_2.csv", line: 9, column: "c", value: "x", reason: "r"),
             QuarantineRecord(source: "s", file: "f-1.csv", line: 12, column: "c", value: "=1", reason: "r")]
    try store.writeQuarantine(q, replacing: ["s"])
    XCTAssertEqual(try store.quarantine(of: ["s"]), q, file: file, line: line)
    var streamed: [QuarantineRecord] = []
    try store.forEachQuarantined(source: "s") { streamed.append($0) }
    XCTAssertEqual(streamed, [q[1], q[0]], "file (by bytes: '-' before '_') and line order", file: file, line: line)
}
