import Foundation
import XCTest

/// Two classes of output (../shared/extracts.md, "Confidentiality"): the confidential files are never readable by
/// other users whatever the umask, the publication files are, and the output directory keeps the mode and group
/// its owner gave it, through a full and an incremental run.
final class OutputModeTests: XCTestCase {
    static let confidential = ["migration.sqlite", "estimates.csv", "quarantine.csv", "export"]
    static let publication = ["report.html", "tables.xlsx", "datapackage.json", "statistics.csv", "tables", "tables/table_1_1.md",
                              "tables/registry_registered.csv", "figures/figure_4_3.svg"]

    /// The study (pipeline.json, raw/, study/) in a scratch directory.
    private func study(_ name: String = #function) throws -> URL {
        let dir = Studies.scratch(name)
        for item in ["raw", "pipeline.json", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        return dir
    }

    /// `migstat run` under `mask` (the child inherits the umask of the test process).
    private func run(_ dir: URL, umask mask: mode_t, _ extra: [String] = []) throws {
        let before = umask(mask)
        defer { umask(before) }
        let r = try Migstat.run(["run", "--no-verify", "--out", "out"] + extra, in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testConfidentialFilesHaveNoOtherBitsWhateverTheUmaskAndPublicationFilesAreReadable() throws {
        for mask: mode_t in [0o000, 0o022] {
            let dir = try study("umask\(mask)")
            try run(dir, umask: mask)
            let out = dir.appendingPathComponent("out").path
            var confidential = Self.confidential.map { "\(out)/\($0)" }
            confidential += try FileManager.default.contentsOfDirectory(atPath: "\(out)/export").map { "\(out)/export/\($0)" }
            XCTAssertGreaterThan(confidential.count, 10)
            for path in confidential {
                let found = try mode(path)
                XCTAssertEqual(found & 0o007, 0, "umask \(String(mask, radix: 8)): \(path) is \(String(found, radix: 8))")
            }
            for name in Self.publication {
                XCTAssertEqual(try mode("\(out)/\(name)") & 0o004, 0o004, "umask \(String(mask, radix: 8)): \(name) is readable by all")
            }
        }
    }

    func testTheDataPackageMarksEachResourceConfidentialOrPublication() throws {
        let data = try Data(contentsOf: Studies.repository.appendingPathComponent("output/datapackage.json"))
        let resources = try XCTUnwrap((JSONSerialization.jsonObject(with: data) as? [String: Any])?["resources"] as? [[String: Any]])
        let classes = Dictionary(uniqueKeysWithValues: resources.map { ($0["path"] as! String, $0["migstat:class"] as? String ?? "") })
        XCTAssertEqual(classes["estimates.csv"], "confidential")
        XCTAssertEqual(classes["quarantine.csv"], "confidential")
        XCTAssertEqual(classes["tables/table_1_1.csv"], "publication")
        XCTAssertEqual(classes["indicators.csv"], "publication")
        XCTAssertEqual(Set(classes.values), ["confidential", "publication"], "every resource is marked")
    }

    /// A group other than this process's: root gives the output one; anyone else, a group it belongs to.
    private func otherGroup() throws -> gid_t {
        if geteuid() == 0 {
            for name in ["users", "staff", "adm", "nogroup", "daemon"] { if let group = getgrnam(name), group.pointee.gr_gid != 0 { return group.pointee.gr_gid } }
        }
        var groups = [gid_t](repeating: 0, count: 64)
        let count = getgroups(64, &groups)
        return try XCTUnwrap(groups.prefix(Int(max(count, 0))).first { $0 != getegid() }, "no second group to give the output")
    }

    func testTheOutputDirectoryKeepsItsModeAndGroupThroughAFullAndAnIncrementalRun() throws {
        let dir = try study()
        try run(dir, umask: 0o022)
        let out = dir.appendingPathComponent("out").path
        let group = try otherGroup()
        XCTAssertEqual(chown(out, uid_t.max, group), 0, String(cString: strerror(errno)))
        XCTAssertEqual(chmod(out, 0o750), 0)
        func assertKept(_ when: String) throws {
            var st = stat()
            XCTAssertEqual(lstat(out, &st), 0)
            XCTAssertEqual(st.st_mode & 0o7777, 0o750, "\(when): mode \(String(st.st_mode & 0o7777, radix: 8))")
            XCTAssertEqual(st.st_gid, group, "\(when): group")
        }
        try run(dir, umask: 0o022, ["--force"])
        try assertKept("after run --force")
        // An incremental run that rebuilds one exhibit writes a new output and swaps it in too.
        let config = dir.appendingPathComponent("pipeline.json")
        let edited = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "If a Migrant did not Register, What is the Reason for That?", with: "Why a migrant did not register")
        try edited.write(to: config, atomically: true, encoding: .utf8)
        try run(dir, umask: 0o000)
        XCTAssertTrue(try String(contentsOfFile: "\(out)/tables/table_4_3.md", encoding: .utf8).contains("Why a migrant did not register"))
        try assertKept("after an incremental run")
        XCTAssertEqual(try mode("\(out)/estimates.csv") & 0o007, 0, "umask 0, incremental: estimates.csv")
    }
}
