import Foundation
import MigstatCore
import Store
import XCTest

/// The exhibits' threads each scan a share of the table: the shares cover every row exactly once and hold
/// as many rows each, however the keys are spread.
final class ScanShareTests: RegistryTestCase {
    /// Each share's keys, in the order scanned.
    func scanAll(_ path: String, parts: Int) throws -> [[String]] {
        guard let shares = try DeliveryScan.shares(path: path, table: "t", parts: parts) else { return [] }
        return try shares.map { share in
            var keys: [String] = []
            try DeliveryScan(path: path, table: "t", key: "k", columns: ["k"]).scan(share) { keys.append(String(decoding: $0.bytes(0), as: UTF8.self)) }
            return keys
        }
    }

    func database(_ schema: String, _ keys: [String]) throws -> String {
        let dir = RegistryStudy.scratchRoot.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("k.sqlite").path
        let db = try Database(path: path)
        try db.execute(schema)
        try db.transaction { for k in keys { try db.execute("INSERT INTO t (k) VALUES (\(k))") } }
        return path
    }

    /// Record ids a registry does not zero-pad, from two deliveries (1...3000 and 10001...13000): as text,
    /// 4 111 of the 6 000 begin with "1", and the cut the scan used to interpolate between the first and the
    /// last key ("1" and "999") left 5 446 rows to one thread and 554 to the other.
    func testUnpaddedNumericKeysAreCutIntoHalves() throws {
        let numbers = Array(1...3000) + Array(10001...13000)
        let keys = numbers.map(String.init)
        let path = try database("CREATE TABLE t (k TEXT NOT NULL PRIMARY KEY, v) WITHOUT ROWID", keys.map { "'\($0)'" })
        let shares = try scanAll(path, parts: 2)
        XCTAssertEqual(shares.map(\.count), [3000, 3000])
        XCTAssertEqual((shares[0] + shares[1]).sorted(), keys.sorted())
        // The first share from the first key up, the second from the last key down; they do not meet.
        XCTAssertEqual(shares[0], Array(keys.sorted().prefix(3000)))
        XCTAssertEqual(shares[1], Array(keys.sorted().suffix(3000).reversed()))
    }

    func testEveryRowOnceWhateverTheParts() throws {
        let keys = (0..<1001).map { String(format: "R%07d", 1 + $0 * 4600) }
        let path = try database("CREATE TABLE t (k TEXT NOT NULL PRIMARY KEY, v) WITHOUT ROWID", keys.map { "'\($0)'" })
        for parts in 1...5 {
            let shares = try scanAll(path, parts: parts)
            XCTAssertEqual(shares.count, parts)
            XCTAssertEqual(shares.flatMap { $0 }.sorted(), keys, "\(parts) parts")
            XCTAssertLessThanOrEqual(shares.map(\.count).max()! - shares.map(\.count).min()!, 1, "\(parts) parts")
        }
    }

    func testIntegerKeysAndSmallTables() throws {
        let path = try database("CREATE TABLE t (k INTEGER PRIMARY KEY, v)", (1...100).map(String.init))
        let shares = try scanAll(path, parts: 4)
        XCTAssertEqual(shares.map(\.count), [25, 25, 25, 25])
        XCTAssertEqual(shares.flatMap { $0 }.map { Int($0)! }.sorted(), Array(1...100))
        // More parts than rows: one share a row. No row: no share at all.
        XCTAssertEqual(try scanAll(try database("CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID", ["'only'"]), parts: 2), [["only"]])
        XCTAssertNil(try DeliveryScan.shares(path: try database("CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID", []), table: "t", parts: 2))
    }
}
