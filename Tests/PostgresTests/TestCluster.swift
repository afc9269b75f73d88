import Foundation
import XCTest

/// A throwaway PostgreSQL cluster for the tests of this process: `initdb` into a temporary directory (owned by
/// the `postgres` user when the tests run as root, as in CI: the server refuses to run as root), listening on
/// a Unix socket in that directory only, password logins (SCRAM) so that a wrong password is really refused,
/// and no fsync. Started once, by the first test that needs it; stopped (`-m immediate`) and removed when
/// the process exits.
final class TestCluster: @unchecked Sendable {
    // Unchecked: every field is set once in init, before the instance is shared.
    let directory: String
    let binaries: String
    static let password = "test-Passw0rd-ü"
    static let user = "postgres"

    /// The cluster, or the reason it cannot run (reported as a failure, never a skip: CI must run these tests).
    static let shared: Result<TestCluster, ClusterError> = Result { try TestCluster() }.mapError { $0 as? ClusterError ?? ClusterError(message: "\($0)") }

    struct ClusterError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// The cluster for a test; a missing PostgreSQL fails the test with what to install.
    static func start() throws -> TestCluster {
        switch shared {
        case .success(let cluster): return cluster
        case .failure(let error):
            XCTFail(error.message)
            throw error
        }
    }

    /// A URL (libpq's syntax: the socket directory as `host`) to a database, with the right password or `password`.
    func url(database: String = "postgres", password: String = TestCluster.password) -> String {
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        return "postgresql://\(TestCluster.user):\(encoded)@/\(database)?host=\(directory)"
    }

    private init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let bin = versions.sorted(by: { Int($0) ?? 0 > Int($1) ?? 0 }).map({ "/usr/lib/postgresql/\($0)/bin" })
            .first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }) else {
            throw ClusterError(message: "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `apt-get install postgresql libpq-dev`")
        }
        binaries = bin
        var template = Array("/tmp/migstat-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError(message: "mkdtemp: \(String(cString: strerror(errno)))") }
        directory = String(cString: made)
        let passwordFile = directory + "/password"
        try TestCluster.password.write(toFile: passwordFile, atomically: false, encoding: .utf8)
        if getuid() == 0 {
            try run("/bin/chown", ["-R", "postgres:postgres", directory], asPostgres: false)
        }
        try run("\(bin)/initdb", ["-D", "\(directory)/data", "-U", TestCluster.user, "--auth=scram-sha-256", "--pwfile=\(passwordFile)",
                                  "--no-locale", "--encoding=UTF8", "--no-sync"])
        let settings = """

            listen_addresses = ''
            unix_socket_directories = '\(directory)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(directory)/data/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(settings.utf8))
        handle.closeFile()
        try run("\(bin)/pg_ctl", ["-D", "\(directory)/data", "-l", "\(directory)/server.log", "-w", "start"])
        atexit { TestCluster.stopShared() }
    }

    private static func stopShared() {
        guard case .success(let cluster) = shared else { return }
        try? cluster.run("\(cluster.binaries)/pg_ctl", ["-D", "\(cluster.directory)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: cluster.directory)
    }

    /// Runs a cluster command, as `postgres` when we are root; its output goes to `commands.log` in the directory,
    /// quoted in the error. (posix_spawn and waitpid, not Foundation's Process, which can wait forever for a
    /// child whose grandchild, the server, lives on.)
    func run(_ tool: String, _ arguments: [String], asPostgres: Bool = true) throws {
        let argv = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        let log = directory + "/commands.log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard rc == 0 else { throw ClusterError(message: "\(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ClusterError(message: "\(argv.joined(separator: " ")) exited with status \(status): \(output)")
        }
    }
}
