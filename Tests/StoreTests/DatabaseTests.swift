import Foundation
import MigstatCore
import XCTest
@testable import Store

/// SQLite through `Database` and `Statement`: values come back as they went in, a failed transaction leaves
/// nothing, an error names its code, message and statement, an immutable open changes no byte; and the run
/// tables' backend (`StoreBackend`) in SQLite's dialect.
final class DatabaseTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "database-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func testEveryKindOfValueComesBackAsItWentIn() throws {
        let database = try Database(path: directory + "/values.sqlite")
        try database.execute("CREATE TABLE t (v)")
        let values: [Value] = [.null, .integer(Int64.min), .integer(0), .real(0.1), .real(-1e300), .text(""), .text("снят с учёта\t\"'\\")]
        let insert = try database.prepare("INSERT INTO t VALUES (?)")
        for value in values { try insert.run([value]) }
        XCTAssertEqual(try database.prepare("SELECT v FROM t ORDER BY rowid").rows().map(\.[0]), values)
        XCTAssertEqual(try database.prepare("SELECT count(*) FROM t WHERE v = ?").rows([.text("")]), [[.integer(1)]])
    }

    func testAFailedTransactionLeavesNothingAndRethrows() throws {
        let database = try Database(path: directory + "/transaction.sqlite")
        try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        struct Stop: Error {}
        XCTAssertThrowsError(try database.transaction {
            try database.prepare("INSERT INTO t VALUES (1)").run([])
            throw Stop()
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(try database.prepare("SELECT count(*) FROM t").rows(), [[.integer(0)]])
        try database.transaction { try database.prepare("INSERT INTO t VALUES (2)").run([]) }
        XCTAssertEqual(try database.prepare("SELECT k FROM t").rows(), [[.integer(2)]])
    }

    func testAnErrorNamesItsCodeMessageAndStatement() throws {
        let database = try Database(path: directory + "/error.sqlite")
        try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        try database.prepare("INSERT INTO t VALUES (1)").run([])
        XCTAssertThrowsError(try database.prepare("INSERT INTO t VALUES (?)").run([.integer(1)])) { error in
            XCTAssertEqual("\(error)", "SQLite error 19: UNIQUE constraint failed: t.k - while executing `INSERT INTO t VALUES (?)`")
        }
        XCTAssertThrowsError(try database.prepare("SELECT missing FROM t")) { error in
            XCTAssertEqual((error as? SQLiteError)?.message, "no such column: missing")
        }
    }

    func testAnImmutableOpenReadsWithoutChangingAByte() throws {
        let path = directory + "/immutable.sqlite"
        do {
            let database = try Database(path: path)
            try database.execute("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try Database(path: path, immutable: true)
        XCTAssertEqual(try reader.prepare("SELECT v FROM t").rows(), [[.text("kept")]])
        XCTAssertThrowsError(try reader.execute("INSERT INTO t VALUES ('no')"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    /// Rows come back ordered by the columns asked, then as written; a delete keeps or removes the listed values.
    func testTheRunTablesBackendKeepsTheWrittenOrder() throws {
        let database = try Database(path: directory + "/backend.sqlite")
        let table = StoreTable("notes", [.init("group", .text), .init("n", .integer), .init("x", .real)])
        try database.create(table)
        try database.insert([[.text("b"), .integer(1), .real(0.5)], [.text("a"), .integer(2), .null], [.text("b"), .integer(3), .real(1)]], into: table)
        XCTAssertEqual(try database.rows(of: table, orderBy: ["group"]).map { $0[1] }, [.integer(2), .integer(1), .integer(3)])
        XCTAssertEqual(try database.rows(of: table, where: (column: "group", value: "b")).map { $0[1] }, [.integer(1), .integer(3)])
        try database.delete(from: "notes", where: "group", in: ["a"], keeping: true)
        XCTAssertEqual(try database.rows(of: table).count, 1)
        try database.delete(from: "notes", where: "group", in: ["a"], keeping: true)
        XCTAssertEqual(try database.rows(of: table).count, 1, "deleting what is not kept twice changes nothing")
        XCTAssertEqual(try database.tableNames(), ["notes"])
        try database.drop(table: "notes")
        XCTAssertEqual(try database.tableNames(), [])
    }
}
