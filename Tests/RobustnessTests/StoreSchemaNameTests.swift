import Foundation
import XCTest

/// Issue 19 #2 and #9 through the binary: a schema name PostgreSQL would cut (over 63 bytes) or reserves is a
/// configuration error (64) of `check` and `run` alike, before any connection is tried.
final class StoreSchemaNameTests: XCTestCase {
    /// A socket directory where no server listens: reaching it would be exit 69, so a 64 proves nothing connected.
    static let nowhere = "postgresql:///migstat?host=/nonexistent-migstat-socket-dir"

    func testALongOrReservedSchemaNameIsRefusedByCheckAndRunBeforeConnecting() throws {
        let dir = try Studies.copy("clean")
        let longest = String(repeating: "l", count: 63)
        for schema in [longest + "A", longest + "B", "pg_temp", "pg_catalog", "information_schema"] {
            for command in ["check", "run"] {
                let r = try Migstat.run([command, "--no-verify", "--store", Self.nowhere, "--store-schema", schema], in: dir)
                assertCleanFailure(r, status: 64, mentions: "--store-schema")
                XCTAssertFalse(r.stderr.contains("cannot reach"), "refused before connecting: \(r.stderr)")
            }
        }
        // The longest name PostgreSQL keeps whole passes the check and goes on to connect (69: nothing listens there).
        for command in ["check", "run"] {
            let r = try Migstat.run([command, "--no-verify", "--store", Self.nowhere, "--store-schema", longest], in: dir)
            assertCleanFailure(r, status: 69, mentions: "cannot reach")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output").path), "nothing written")
    }
}
