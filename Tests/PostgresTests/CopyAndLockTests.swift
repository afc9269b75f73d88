import Foundation
import MigstatCore
@testable import Postgres
import XCTest

/// COPY's text format carries every value back as it was; the advisory lock admits one session per schema.
final class CopyAndLockTests: XCTestCase {
    func testCopyRoundTripsAwkwardTextNullsAndNumbers() throws {
        let connection = try PostgresConnection(try TestCluster.start().url())
        try connection.execute("CREATE TEMP TABLE copied (i bigint, t text, r double precision, n bigint)")
        let texts: [String?] = ["a\tb", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "", nil, "Москва, ул. Ленина",
                                "\\.", "end\\", "tab\t\\t", "ё\n\t\r\\"]
        let reals = [0.1, -1e-5, 1e300, 123456.789, -0.0, 5]
        let integers: [Int64] = [0, -1, Int64.min, Int64.max, 42]
        let copy = try connection.copyIn("COPY copied (i, t, r, n) FROM STDIN")
        var expected: [[Value]] = []
        for (i, text) in texts.enumerated() {
            let (real, integer) = (reals[i % reals.count], integers[i % integers.count])
            copy.rows.integer(Int64(i))
            if let text { copy.rows.text(text) } else { copy.rows.null() }
            copy.rows.real(real)
            copy.rows.integer(integer)
            copy.rows.endRow()
            expected.append([.integer(Int64(i)), text.map(Value.text) ?? .null, .real(real), .integer(integer)])
        }
        try copy.finish()
        XCTAssertEqual(try connection.query("SELECT i, t, r, n FROM copied ORDER BY i"), expected)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM copied WHERE t = ''"), [[.integer(1)]], "empty text is not NULL")

        // And back out through COPY TO STDOUT, unescaped: NULL as no bytes, the rest byte for byte.
        var read: [[String]] = []
        let n = try connection.copyOut("COPY (SELECT t, i FROM copied ORDER BY i) TO STDOUT", fields: 2) { fields in
            read.append(fields.map { String(decoding: $0, as: UTF8.self) })
            XCTAssertEqual(fields[0].baseAddress == nil, texts[read.count - 1] == nil, "NULL and only NULL has no bytes")
        }
        XCTAssertEqual(n, texts.count)
        XCTAssertEqual(read, texts.enumerated().map { [$1 ?? "", String($0)] })
        XCTAssertThrowsError(try connection.copyOut("COPY (SELECT t FROM copied) TO STDOUT", fields: 2) { _ in }, "too few fields")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM copied"), [[.integer(Int64(texts.count))]], "the session is usable after")
    }

    /// The checksum hashes each row whole, also in a table with a column named t (which `t` alone would name,
    /// failing as `hash_record_extended(text, integer)`); where no column is, `t.*` and `t` are the same row, so
    /// sums recorded before still check.
    func testTheChecksumHashesTheWholeRowEvenWithAColumnNamedT() throws {
        let connection = try PostgresConnection(try TestCluster.start().url())
        try connection.execute("""
            DROP SCHEMA IF EXISTS row_hashes CASCADE; CREATE SCHEMA row_hashes;
            CREATE TABLE row_hashes.stg (k text, d date, n bigint, r double precision, t text);
            INSERT INTO row_hashes.stg SELECT 'k' || i, date '2013-01-01' + (i % 700), CASE WHEN i % 7 = 0 THEN NULL ELSE i::bigint * 1000003 END,
                i / 3.0, CASE WHEN i % 5 = 0 THEN NULL ELSE 'a' || E'\\t' || i || E'\\n' || repeat('ж', i % 40) END
            FROM generate_series(1, 3000) i
            """)
        defer { try? connection.execute("DROP SCHEMA IF EXISTS row_hashes CASCADE") }
        let backend = try PostgresBackend(connection: connection, schema: "row_hashes")
        let checksum = try backend.checksum(of: "stg")
        let whole = try connection.query("SELECT count(*), sum(hash_record_extended(ROW(k, d, n, r, t), 0))::text FROM row_hashes.stg")[0]
        XCTAssertEqual([Value.integer(checksum.rows), .text(String(checksum.sum.dropFirst("record:".count)))], whole)
        try connection.execute("CREATE TABLE row_hashes.plain AS SELECT k, d, n, r, t AS text FROM row_hashes.stg")
        XCTAssertEqual(try connection.query("""
            SELECT CASE WHEN sum(hash_record_extended(t.*, 0)) = sum(hash_record_extended(t, 0)) THEN 1 ELSE 0 END FROM row_hashes.plain t
            """), [[.integer(1)]])
    }

    /// A table read in shares of its pages, each on its own session: every row once, in one share only.
    func testCopySharesReadEveryRowOnce() throws {
        let url = try TestCluster.start().url()
        let connection = try PostgresConnection(url)
        try connection.execute("""
            DROP SCHEMA IF EXISTS copy_shares CASCADE; CREATE SCHEMA copy_shares;
            CREATE TABLE copy_shares."t t" (i bigint, pad text);
            INSERT INTO copy_shares."t t" SELECT i, repeat('x', 100) FROM generate_series(1, 20000) i
            """)
        defer { try? connection.execute("DROP SCHEMA IF EXISTS copy_shares CASCADE") }
        let shares = try CopyShares(connection, conninfo: url, schema: "copy_shares", table: "t t", columns: ["i"], shares: 3, pagesPerShare: 10)
        XCTAssertEqual(shares.statements.count, 3)
        var seen: [Int: Int] = [:]
        for (i, sql) in shares.statements.enumerated() {
            let session = try shares.connection(i, session: connection)
            XCTAssertEqual(session === connection, i == 0, "the first share on the session itself")
            let n = try session.copyOut(sql, fields: 1) { seen[Int(String(decoding: $0[0], as: UTF8.self))!, default: 0] += 1 }
            XCTAssertGreaterThan(n, 1000, sql)
        }
        XCTAssertEqual(seen.count, 20000)
        XCTAssertEqual(Set(seen.values), [1])
        XCTAssertEqual(try CopyShares(connection, conninfo: url, schema: "copy_shares", table: "t t", columns: ["i"], shares: 2).statements.count, 1,
                       "a small table: one COPY")
    }

    /// More than one chunk: the rows are sent as the buffer fills, and all of them arrive.
    func testCopySendsChunksAsTheyFill() throws {
        let connection = try PostgresConnection(try TestCluster.start().url())
        try connection.execute("CREATE TEMP TABLE many (i bigint, t text)")
        let copy = try connection.copyIn("COPY many FROM STDIN")
        for i in 0..<50_000 {
            copy.rows.integer(Int64(i)); copy.rows.text("row \(i)\twith a tab"); copy.rows.endRow()
            try copy.sendIfFull()
            XCTAssertLessThan(copy.rows.byteCount, CopyInWriter.chunkBytes)
        }
        XCTAssertGreaterThan(copy.rowsSent, 40_000)
        try copy.finish()
        XCTAssertEqual(try connection.query("SELECT count(*), sum(i), count(*) FILTER (WHERE t LIKE '%' || chr(9) || 'with a tab') FROM many"),
                       [[.integer(50_000), .real(Double(49_999 * 50_000 / 2)), .integer(50_000)]])
    }

    func testTheAdvisoryLockRefusesASecondSessionNamingTheHolder() throws {
        let cluster = try TestCluster.start()
        let schema = "lock_\(getpid())"
        let first = try PostgresConnection(cluster.url())
        let second = try PostgresConnection(cluster.url())
        try first.tryAdvisoryLock(schema: schema)
        XCTAssertThrowsError(try second.tryAdvisoryLock(schema: schema)) { error in
            guard let locked = error as? PostgresLockedError else { return XCTFail("\(error)") }
            XCTAssertEqual(locked.holderPid, first.backendPid)
            XCTAssertEqual(locked.holderApplication, "migstat")
            XCTAssertEqual(locked.holderClient, "local socket")
            XCTAssertNotNil(locked.holderStarted)
            let text = "\(error)"
            XCTAssertTrue(text.contains("server pid \(first.backendPid)") && text.contains("schema \(schema)") && text.contains(cluster.directory), text)
        }
        // Another schema is another lock.
        XCTAssertNoThrow(try second.tryAdvisoryLock(schema: schema + "_other"))
        // Released by its holder (or by its session's end), the lock is free again.
        try first.releaseAdvisoryLock(schema: schema)
        XCTAssertNoThrow(try second.tryAdvisoryLock(schema: schema))
    }

    func testTheLockKeyIsFixedPerSchema() {
        XCTAssertEqual(PostgresConnection.advisoryLockKey(schema: "public"), PostgresConnection.advisoryLockKey(schema: "public"))
        XCTAssertNotEqual(PostgresConnection.advisoryLockKey(schema: "public"), PostgresConnection.advisoryLockKey(schema: "registry"))
    }
}
