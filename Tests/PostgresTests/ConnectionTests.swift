import Foundation
import MigstatCore
import Postgres
import XCTest

/// Connecting: each way of failing gives its own error naming the socket directory (or host), port and
/// database, and never the password; passwords are redacted from URLs and conninfo strings.
final class ConnectionTests: XCTestCase {
    func testNoServerAtTheSocketDirectoryIsUnreachableNamingItAndTheDatabase() throws {
        let nowhere = "/tmp/migstat-no-server-\(getpid())"
        XCTAssertThrowsError(try PostgresConnection("postgresql://postgres:secret-xyz@/registry?host=\(nowhere)")) { error in
            guard case PostgresError.unreachable(let endpoint, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(endpoint, PostgresEndpoint(host: nowhere, port: "", database: "registry"))
            let text = "\(error)"
            XCTAssertTrue(text.contains("socket directory \(nowhere), the default port, database registry"), text)
            XCTAssertFalse(text.contains("secret-xyz"), text)
        }
    }

    func testAWrongPasswordIsRefusedWithoutShowingIt() throws {
        let cluster = try TestCluster.start()
        let wrong = "wrong-S3cret"
        XCTAssertThrowsError(try PostgresConnection(cluster.url(password: wrong))) { error in
            guard case PostgresError.authenticationRefused(let endpoint, let user, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(endpoint.host, cluster.directory)
            XCTAssertEqual(user, TestCluster.user)
            XCTAssertFalse("\(error)".contains(wrong), "\(error)")
            XCTAssertTrue("\(error)".contains("database postgres"), "\(error)")
        }
        // The right one is accepted: the refusal above is about the password, not the setup.
        XCTAssertNoThrow(try PostgresConnection(cluster.url()))
    }

    func testAMissingDatabaseIsNamed() throws {
        let cluster = try TestCluster.start()
        XCTAssertThrowsError(try PostgresConnection(cluster.url(database: "no_such_registry"))) { error in
            XCTAssertEqual(error as? PostgresError, .databaseMissing(PostgresEndpoint(host: cluster.directory, port: "", database: "no_such_registry")))
            XCTAssertTrue("\(error)".contains("no database no_such_registry"), "\(error)")
        }
    }

    /// libpq takes the password from PGPASSWORD when the URL has none; the session is named migstat.
    func testThePasswordMayComeFromPGPASSWORD() throws {
        let cluster = try TestCluster.start()
        setenv("PGPASSWORD", TestCluster.password, 1)
        defer { unsetenv("PGPASSWORD") }
        let connection = try PostgresConnection("postgresql://\(TestCluster.user)@/postgres?host=\(cluster.directory)")
        XCTAssertEqual(try connection.query("SELECT current_setting('application_name')"), [[.text("migstat")]])
        // And libpq's key=value form, password included, reaches the same server.
        unsetenv("PGPASSWORD")
        let keyValue = try PostgresConnection("host=\(cluster.directory) user=\(TestCluster.user) password='\(TestCluster.password)' dbname=postgres")
        XCTAssertEqual(keyValue.endpoint, PostgresEndpoint(host: cluster.directory, port: "", database: "postgres"))
    }

    func testAFailedStatementCarriesItsSQLSTATE() throws {
        let connection = try PostgresConnection(try TestCluster.start().url())
        XCTAssertThrowsError(try connection.query("SELECT 1/0")) { error in
            guard case PostgresError.queryFailed(_, let state, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(state, "22012")  // division_by_zero
        }
        // Parameters and typed results.
        XCTAssertEqual(try connection.query("SELECT $1::bigint + 1, $2::float8 / 2, $3::text, NULL::text", [.integer(41), .real(5), .text("ё")]),
                       [[.integer(42), .real(2.5), .text("ё"), .null]])
    }

    /// A server error with a DETAIL and a HINT, and libpq's multi-line messages, read as one line ("; "-joined):
    /// a text log escapes a line end to a literal `\n`, which is what operators saw before.
    func testAServerErrorIsOneLineWithItsDetailAndHint() throws {
        let connection = try PostgresConnection(try TestCluster.start().url())
        _ = try connection.query("CREATE TEMP TABLE one_line (id int PRIMARY KEY)")
        _ = try connection.query("INSERT INTO one_line VALUES (1)")
        XCTAssertThrowsError(try connection.query("INSERT INTO one_line\n  VALUES (1)")) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n") || text.contains("\t"), text)
            XCTAssertTrue(text.contains("duplicate key value violates unique constraint \"one_line_pkey\"; DETAIL: Key (id)=(1) already exists."), text)
            XCTAssertTrue(text.contains("`INSERT INTO one_line VALUES (1)`"), text)
        }
        let lost = PostgresError.connectionLost(PostgresEndpoint(host: "h", port: "", database: "d"),
                                                message: "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n")
        XCTAssertEqual("\(lost)", "lost the connection to the PostgreSQL server (host h, the default port, database d): "
                       + "server closed the connection unexpectedly; This probably means the server terminated abnormally")
    }

    func testPasswordsAreRedactedFromURLsAndConninfo() {
        XCTAssertEqual(PostgresURL.redacted("postgresql://u:secret@h/db"), "postgresql://u:***@h/db")
        XCTAssertEqual(PostgresURL.redacted("postgres://migstat:p%40ss@db.example.org:6432/registry?sslmode=require"),
                       "postgres://migstat:***@db.example.org:6432/registry?sslmode=require")
        XCTAssertEqual(PostgresURL.redacted("postgresql://u@h/db?sslmode=require&password=secret&application_name=x"),
                       "postgresql://u@h/db?sslmode=require&password=***&application_name=x")
        XCTAssertEqual(PostgresURL.redacted("postgresql:///db?password=secret"), "postgresql:///db?password=***")
        XCTAssertEqual(PostgresURL.redacted("host=/tmp dbname=db password=secret user=u"), "host=/tmp dbname=db password=*** user=u")
        XCTAssertEqual(PostgresURL.redacted("password = 'se cr\\'et' host=h"), "password = *** host=h")
        // An unencoded '@' or '/' in the password hides none of it (libpq would refuse it; the log still names it).
        XCTAssertEqual(PostgresURL.redacted("postgresql://u:p@ss@h/db"), "postgresql://u:***@h/db")
        XCTAssertEqual(PostgresURL.redacted("postgresql://u:pa/ss@h/db?password=x"), "postgresql://u:***@h/db?password=***")
        // Nothing to hide: unchanged (a port is not a password).
        XCTAssertEqual(PostgresURL.redacted("postgresql://u@h:5432/db"), "postgresql://u@h:5432/db")
        XCTAssertEqual(PostgresURL.redacted("postgresql://h:5432/db"), "postgresql://h:5432/db")
        XCTAssertEqual(PostgresURL.redacted("host=h dbname=passwords"), "host=h dbname=passwords")
    }
}
