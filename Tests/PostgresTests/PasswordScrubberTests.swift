import Foundation
import MigstatCore
@testable import Postgres
import XCTest

/// Passwords never leave: whatever libpq or the server says back is scrubbed of the password (raw, decoded or
/// percent-encoded) and of the URL's userinfo, and the place named is the one the URL gives.
final class PasswordScrubberTests: XCTestCase {
    /// `%`, `@`, `:` and non-ASCII, as a URL carries them (percent-encoded) and as a person types them.
    let odd = "p%w@rd:Ünï-9"
    var oddEncoded: String { odd.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    func testEveryFormOfTheURLsPasswordAndUserinfoIsScrubbed() {
        let scrubber = PasswordScrubber(conninfo: "postgresql://migstat:\(oddEncoded)@db.example.org/registry", environment: [:])
        for form in [odd, oddEncoded, oddEncoded.lowercased(), "migstat:\(oddEncoded)"] {
            XCTAssertEqual(scrubber.scrub("a \"\(form)\" b"), "a \"***\" b", form)
        }
        XCTAssertEqual(scrubber.scrub("password authentication failed for user \"migstat\""),
                       "password authentication failed for user \"migstat\"", "the user name alone is not a secret")
    }

    func testKeyValuePasswordsPGPASSWORDAndQueryParametersAreScrubbed() {
        let keyValue = PasswordScrubber(conninfo: "host=/tmp password='se cr\\'et' dbname=d", environment: ["PGPASSWORD": "fröm-env%"])
        XCTAssertEqual(keyValue.scrub("x se cr'et y"), "x *** y")
        XCTAssertEqual(keyValue.scrub("'se cr\\'et'"), "***")
        XCTAssertEqual(keyValue.scrub("fröm-env% and fr%C3%B6m-env%25"), "*** and ***")
        let query = PasswordScrubber(conninfo: "postgresql://u@h/db?password=q%3Fs&sslmode=require", environment: [:])
        XCTAssertEqual(query.scrub("q?s q%3Fs"), "*** ***")
    }

    /// The passwords of the password file libpq reads are scrubbed too (escaped ':' and '\' undone).
    func testThePasswordFilesPasswordsAreScrubbed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(getpid())")
        try "# comment\n*:*:*:migstat:pass\\:w\\\\rd-Fïle\nh:5432:db:u:second-0ne\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let scrubber = PasswordScrubber(conninfo: "postgresql://migstat@h/db", environment: ["PGPASSFILE": file.path])
        XCTAssertEqual(scrubber.scrub("x pass:w\\rd-Fïle y second-0ne"), "x *** y ***")
    }

    /// A malformed URL is refused before libpq connects; libpq's reason is kept, the password it quotes is not.
    func testAMalformedURLIsRefusedWithoutEchoingThePassword() {
        for url in ["postgresql://u:Pa%ss-Secret@/db", "postgresql://u:Pa%ss-Secret@db.example.org:5432/registry?sslmode=nonsense x"] {
            XCTAssertThrowsError(try PostgresConnection(url, environment: [:])) { error in
                guard case PostgresError.malformedConninfo(let message) = error else { return XCTFail("\(error)") }
                let text = "\(error)"
                XCTAssertFalse(text.contains("Pa%ss") || text.contains("ss-Secret") || text.contains("u:Pa"), text)
                XCTAssertFalse(message.isEmpty, text)
            }
        }
        XCTAssertThrowsError(try PostgresConnection("postgresql://u:Pa%ss-Secret@/db", environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("invalid percent-encoded token: \"***\""), "\(error)")
        }
    }

    /// An '@' or '/' left in the password would make libpq read a piece of it as the host, port or database
    /// (and name it in its messages): refused, saying how to write it.
    func testAnUnencodedAtOrSlashInThePasswordIsRefusedBeforeLibpqCutsIt() {
        for url in ["postgresql://u:p@ss-w0rd@db.example.org/registry", "postgresql://u:pa/ss-w0rd@db.example.org/registry"] {
            XCTAssertThrowsError(try PostgresConnection(url, environment: [:])) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("percent-encode it"), text)
                XCTAssertFalse(text.contains("ss-w0rd") || text.contains("p@ss") || text.contains("pa/ss"), text)
            }
        }
    }

    /// A host that does not resolve is named as the URL names it, with the port it gives; none named: the default.
    func testAWrongHostIsNamedAsTheURLGivesItAndTheDefaultsAreCalledDefaults() {
        let url = "postgresql://u:\(oddEncoded)@no-such-host.invalid:6543/registry?connect_timeout=5"
        XCTAssertThrowsError(try PostgresConnection(url, environment: [:])) { error in
            guard case PostgresError.unreachable(let endpoint, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(endpoint, PostgresEndpoint(host: "no-such-host.invalid", port: "6543", database: "registry"))
            let text = "\(error)"
            XCTAssertTrue(text.contains("host no-such-host.invalid, port 6543, database registry"), text)
            XCTAssertFalse(text.contains(odd) || text.contains(oddEncoded) || text.contains("localhost"), text)
        }
        let nowhere = "/tmp/migstat-no-server-\(getpid())"
        XCTAssertThrowsError(try PostgresConnection("postgresql:///registry?host=\(nowhere)", environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("socket directory \(nowhere), the default port, database registry"), "\(error)")
            XCTAssertFalse("\(error)".contains("port 5432"), "a port the URL did not give is not named as if it had: \(error)")
        }
        XCTAssertEqual(PostgresEndpoint.named(by: [:], environment: [:]).description, "the default socket directory, the default port, the default database")
        XCTAssertEqual(PostgresError.databaseMissing(PostgresEndpoint(host: "h", port: "", database: "")).description,
                       "the PostgreSQL server (host h, the default port) has no database named as the user (libpq's default when the URL names none); name one in the URL")
        XCTAssertEqual(PostgresEndpoint.named(by: ["dbname": "d"], environment: ["PGHOST": "h", "PGPORT": "6000"]).description,
                       "host h (PGHOST), port 6000 (PGPORT), database d")
    }

    /// Against the server: a role whose password holds `%`, `@`, `:` and non-ASCII logs in with it
    /// percent-encoded, and a wrong one like it, a server error and a warning quoting it never show it.
    func testTheServerAndLibpqNeverShowAnOddPassword() throws {
        let cluster = try TestCluster.start()
        let admin = try PostgresConnection(cluster.url())
        try admin.execute("DROP ROLE IF EXISTS odd_pw; CREATE ROLE odd_pw LOGIN PASSWORD '\(odd)'")
        let right = "postgresql://odd_pw:\(oddEncoded)@/postgres?host=\(cluster.directory)"
        let connection = try PostgresConnection(right)
        XCTAssertEqual(try connection.query("SELECT current_user::text"), [[.text("odd_pw")]])

        let wrongPassword = "w%r@ng:Päss"
        let wrong = "postgresql://odd_pw:\(wrongPassword.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)@/postgres?host=\(cluster.directory)"
        XCTAssertThrowsError(try PostgresConnection(wrong)) { error in
            guard case PostgresError.authenticationRefused = error else { return XCTFail("\(error)") }
            XCTAssertFalse("\(error)".contains(wrongPassword) || "\(error)".contains("Päss"), "\(error)")
        }
        // The server quotes what it was sent: an error and a warning holding the password come back scrubbed.
        XCTAssertThrowsError(try connection.query("SELECT $1::int", [.text(odd)])) { error in
            XCTAssertTrue("\(error)".contains("invalid input syntax for type integer: \"***\""), "\(error)")
            XCTAssertFalse("\(error)".contains(odd), "\(error)")
        }
        var notices: [String] = []
        connection.notices.show = { notices.append($0) }
        try connection.execute("DO $$ BEGIN RAISE WARNING 'seen: %', '\(odd)'; END $$")
        XCTAssertEqual(notices, ["WARNING:  seen: ***"])

        // The password from PGPASSWORD is scrubbed as well.
        setenv("PGPASSWORD", odd, 1)
        defer { unsetenv("PGPASSWORD") }
        let fromEnvironment = try PostgresConnection("postgresql://odd_pw@/postgres?host=\(cluster.directory)")
        XCTAssertThrowsError(try fromEnvironment.query("SELECT $1::int", [.text(odd)])) { error in
            XCTAssertFalse("\(error)".contains(odd), "\(error)")
        }
    }
}
