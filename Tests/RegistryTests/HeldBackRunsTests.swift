import Foundation
import MigstatCore
@testable import Store
import TestSupport
import XCTest

/// Held-back rows are sorted by a 16-byte prefix of their key and merged from their runs with one row per key,
/// the newest by the upsert rule: the order must be SQLite's BINARY order whatever the keys share, and no key
/// may be lost or merged with another.
final class HeldBackRunsTests: XCTestCase {
    typealias Random = SplitMix64

    /// Keys of 0 to 40 bytes from an alphabet with 0x00 and 0xFF, most sharing their first 16 bytes or more.
    func randomKey(_ random: inout Random) -> [UInt8] {
        let shared: [UInt8] = Array("REGISTRY-2014-01-".utf8)
        let alphabet: [UInt8] = [0, 1, 0x30, 0x31, 0x7F, 0xFF]
        let head = random.next(3) == 0 ? [] : Array(shared.prefix(random.next(shared.count + 1)))
        return head + (0..<random.next(24)).map { _ in alphabet[random.next(alphabet.count)] }
    }

    func testPrefixOrderIsByteOrder() {
        var random = Random(seed: 7)
        for _ in 0..<20_000 {
            let a = randomKey(&random), b = randomKey(&random)
            a.withUnsafeBytes { x in
                b.withUnsafeBytes { y in
                    let (pa, pb) = (KeyPrefix(text: x), KeyPrefix(text: y))
                    XCTAssertEqual(KeyPrefix.precedes(pa, x, pb, y), a.lexicographicallyPrecedes(b), "\(a) < \(b)")
                    XCTAssertEqual(KeyPrefix.same(pa, x, pb, y), a == b, "\(a) == \(b)")
                }
            }
        }
        // Integer keys order as signed integers.
        for (a, b) in [(Int64.min, -1), (-1, 0), (0, 1), (1, Int64.max)] as [(Int64, Int64)] {
            XCTAssertTrue(KeyPrefix.precedes(KeyPrefix(integer: a), .init(start: nil, count: 0), KeyPrefix(integer: b), .init(start: nil, count: 0)))
        }
    }

    /// Rows spilled in many small runs come out of the merge in key order, one per key, the newest (version, line).
    func testMergedRunsGiveEachKeyOnceTheNewest() throws {
        var random = Random(seed: 11)
        let keys = (0..<300).map { _ in randomKey(&random) }
        let held = PendingRows(columns: 2, keyColumn: 0, integerKeys: false, bytes: 1 << 16)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("held-\(getpid()).runs").path
        let runs = try RunFile(path: path)
        var newest: [[UInt8]: (version: Int64, line: Int)] = [:]
        let batch = RowBatch(columns: 2, capacity: 1)
        for line in 2..<3_000 {
            let key = keys[random.next(keys.count)]
            let version = Int64(random.next(4))
            batch.reset()
            batch.beginRow()
            key.withUnsafeBytes { batch.setText(0, $0) }
            batch.setInteger(1, version)
            batch.commitRow(line: line)
            held.append(batch, row: 0, version: version)
            // The oracle: the newest (version, line), written out here rather than taken from UpsertRule.
            if newest[key].map({ (version, line) > ($0.version, $0.line) }) ?? true {
                newest[key] = (version, line)
            }
            if random.next(40) == 0 { try held.writeRun(to: runs); held.removeAll() }
        }
        try held.writeRun(to: runs)
        XCTAssertGreaterThan(runs.runEnds.count, 30)

        let merged = MergedRuns(runs: runs, columns: 2, integerKeys: false)
        merged.start()
        var out: [(key: [UInt8], version: Int64, line: Int)] = []
        while let slot = merged.full.take() {
            for row in 0..<slot.batch.count {
                out.append((Array(slot.batch.text(row, 0)), slot.versions[row], slot.batch.lines[row]))
                XCTAssertEqual(slot.batch.integer(row, 1), slot.versions[row])
            }
            slot.reset()
            merged.free.put(slot)
        }
        merged.done.wait()
        XCTAssertNil(merged.failure)
        let expected = newest.keys.sorted { $0.lexicographicallyPrecedes($1) }
        XCTAssertEqual(out.map(\.key), expected)
        for row in out { XCTAssertTrue(row.version == newest[row.key]!.version && row.line == newest[row.key]!.line, "\(row)") }
    }

    /// The cursors' buffers share one budget (`RunFile.mergeBufferBytes`): 64 KB each for a few runs, less for
    /// hundreds, never under 4 KB; a row longer than its cursor's buffer is still read whole, in order.
    func testMergeBuffersShareABudgetAndLongRowsStillPass() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(getpid()).runs").path
        let runs = try RunFile(path: path)
        let held = PendingRows(columns: 1, keyColumn: 0, integerKeys: false, bytes: 1 << 16)
        let batch = RowBatch(columns: 1, capacity: 1)
        var keys: [[UInt8]] = []
        for run in 0..<1_600 {
            // Run 700's key is 10 000 bytes, longer than the 4 KB its cursor starts with.
            let key = Array(String(format: "K%05d", run).utf8) + (run == 700 ? [UInt8](repeating: 0x41, count: 10_000) : [])
            keys.append(key)
            batch.reset(); batch.beginRow()
            key.withUnsafeBytes { batch.setText(0, $0) }
            batch.commitRow(line: run + 2)
            held.append(batch, row: 0, version: 0)
            try held.writeRun(to: runs); held.removeAll()
            if run == 9 { XCTAssertEqual(Set(runs.cursors(integerKeys: false).map(\.capacity)), [1 << 16]) }
            if run == 199 {
                // Together within the budget, each between the bounds.
                let capacities = runs.cursors(integerKeys: false).map(\.capacity)
                XCTAssertLessThanOrEqual(capacities.reduce(0, +), RunFile.mergeBufferBytes)
                XCTAssertTrue(capacities.allSatisfy { $0 > 1 << 12 && $0 < 1 << 16 }, "\(Set(capacities))")
            }
        }
        XCTAssertEqual(Set(runs.cursors(integerKeys: false).map(\.capacity)), [1 << 12])
        let merged = MergedRuns(runs: runs, columns: 1, integerKeys: false)
        merged.start()
        var out: [[UInt8]] = []
        while let slot = merged.full.take() {
            for row in 0..<slot.batch.count { out.append(Array(slot.batch.text(row, 0))) }
            slot.reset()
            merged.free.put(slot)
        }
        merged.done.wait()
        XCTAssertNil(merged.failure)
        XCTAssertEqual(out, keys.sorted { $0.lexicographicallyPrecedes($1) })
    }

    /// The runs' file reports a failing system call as PosixError (the call, the path, the errno).
    func testRunFileErrorsAreTyped() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dir-\(getpid())/held").path
        XCTAssertThrowsError(try RunFile(path: path)) {
            XCTAssertEqual($0 as? PosixError, PosixError(.write, path: path, code: ENOENT), "\($0)")
        }
    }
}
