import Foundation
import MigstatCore
import Store
import XCTest

/// The exhibits' threads each scan a range of keys: the ranges cover every row exactly once, cut at keys
/// between the first and the last.
final class KeyRangeTests: RegistryTestCase {
    func scanAll(_ path: String, parts: Int) throws -> (ranges: [KeyRange], keys: [String]) {
        guard let ranges = try DeliveryScan.keyRanges(path: path, table: "t", key: "k", parts: parts) else { return ([], []) }
        var keys: [String] = []
        for range in ranges {
            try DeliveryScan(path: path, table: "t", key: "k", columns: ["k"]).scan(range) { keys.append(String(decoding: $0.bytes(0), as: UTF8.self)) }
        }
        return (ranges, keys)
    }

    func database(_ schema: String, _ keys: [String]) throws -> String {
        let dir = RegistryStudy.scratchRoot.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("k.sqlite").path
        let db = try Database(path: path)
        try db.execute(schema)
        for k in keys { try db.execute("INSERT INTO t (k) VALUES (\(k))") }
        return path
    }

    func testTextKeysSpreadEvenlyAreCutIntoHalves() throws {
        let keys = (0..<1000).map { String(format: "R%07d", 1 + $0 * 4600) }
        let path = try database("CREATE TABLE t (k TEXT NOT NULL PRIMARY KEY, v) WITHOUT ROWID", keys.map { "'\($0)'" })
        let (ranges, seen) = try scanAll(path, parts: 2)
        XCTAssertEqual(ranges.count, 2)
        XCTAssertEqual(seen.sorted(), keys)
        guard case .text(let cut)? = ranges[0].upper else { return XCTFail("no cut: \(ranges)") }
        let below = keys.filter { $0 < cut }.count
        XCTAssertTrue((450...550).contains(below), "\(below) of 1000 keys below the cut \(cut)")
        XCTAssertNil(ranges[1].upper)
    }

    func testIntegerKeysAndSmallTables() throws {
        let path = try database("CREATE TABLE t (k INTEGER PRIMARY KEY, v)", (1...100).map(String.init))
        let (ranges, seen) = try scanAll(path, parts: 4)
        XCTAssertEqual(ranges.count, 4)
        XCTAssertEqual(seen.map { Int($0)! }.sorted(), Array(1...100))
        // One key: nothing to cut between. No key: no range at all.
        XCTAssertEqual(try scanAll(try database("CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID", ["'only'"]), parts: 2).keys, ["only"])
        XCTAssertNil(try DeliveryScan.keyRanges(path: try database("CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID", []), table: "t", key: "k", parts: 2))
    }
}
