import Foundation
import Pipeline
import XCTest

/// Beside and around its output migstat writes only what is its own: the lock and state files it made
/// (marked by their first line), never a user's file of that name nor a link there; no output inside the raw
/// directory; and `generate --out` never writes through a link or into a file that has other names.
final class OwnedFilesTests: RegistryTestCase {
    private func run(_ study: RegistryStudy, out: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try MigstatBinary.run(["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", out ?? study.output.path],
                              in: study.root)
    }

    func testALockOrStateFileMigstatDidNotMakeIsRefusedAndLeftByteForByte() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 200, seed: 1)
        let lock = study.root.appendingPathComponent("output.lock"), state = study.root.appendingPathComponent("output.state.json")
        let victim = study.root.appendingPathComponent("victim.txt")
        try Data("precious\n".utf8).write(to: victim)
        let foreign: [(URL, Data)] = [(lock, Data("my notes about the lock\n".utf8)), (state, Data("{\"mine\": [1, 2, 3]}\n".utf8))]
        for (file, content) in foreign {
            try content.write(to: file)
            let r = try run(study)
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains(file.path) && r.stderr.contains("was not made by migstat"), r.stderr)
            XCTAssertEqual(try Data(contentsOf: file), content, "\(file.lastPathComponent) left byte for byte")
            XCTAssertFalse(FileManager.default.fileExists(atPath: study.output.path), "nothing done")
            try FileManager.default.removeItem(at: file)
            // A link at the name is refused too, and what it points to keeps its bytes.
            try FileManager.default.createSymbolicLink(at: file, withDestinationURL: victim)
            let linked = try run(study)
            XCTAssertEqual(linked.status, 64, linked.stderr)
            XCTAssertTrue(linked.stderr.contains("symbolic link"), linked.stderr)
            XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "precious\n")
            try FileManager.default.removeItem(at: file)
        }
        // migstat's own files are recognised run after run.
        XCTAssertEqual(try run(study).status, 0)
        XCTAssertTrue(try String(contentsOf: lock, encoding: .utf8).hasPrefix("migstat run lock"))
        XCTAssertTrue(try String(contentsOf: state, encoding: .utf8).hasPrefix("migstat input state"))
        let again = try run(study)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("up to date"), again.stdout)
    }

    func testAnOutputInsideTheRawDirectoryIsRefused() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 200, seed: 1)
        let rawBefore = try FileManager.default.subpathsOfDirectory(atPath: study.raw.path).sorted()
        for out in ["raw/sub", "raw/registry/registry_20991231.csv", "raw/registry", "raw/no/such/place", study.raw.path + "/sub"] {
            let r = try run(study, out: out)
            XCTAssertEqual(r.status, 64, "\(out): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("is inside the raw directory"), r.stderr)
        }
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: study.raw.path).sorted(), rawBefore, "nothing written into raw/")
        XCTAssertEqual(try run(study).status, 0, "later runs are not broken")
    }

    func testGenerateNeverWritesThroughALinkNorIntoAFileWithOtherNames() throws {
        let dir = try RegistryStudy().root
        func generate(_ out: String, force: Bool = false) throws -> (status: Int32, stdout: String, stderr: String) {
            try MigstatBinary.run(["generate", "registry", "--rows", "5", "--out", out] + (force ? ["--force"] : []), in: dir)
        }
        func text(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
        try Data("precious\n".utf8).write(to: dir.appendingPathComponent("victim.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("linked.csv").path, withDestinationPath: "victim.txt")
        try Data("precious\n".utf8).write(to: dir.appendingPathComponent("partner.txt"))
        try FileManager.default.linkItem(at: dir.appendingPathComponent("partner.txt"), to: dir.appendingPathComponent("hard.csv"))
        try Data("mine\n".utf8).write(to: dir.appendingPathComponent("existing.csv"))
        for name in ["linked.csv", "hard.csv", "existing.csv"] {
            let refused = try generate(name)
            XCTAssertEqual(refused.status, 64, "\(name) without --force: \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("give --force"), refused.stderr)
        }
        XCTAssertEqual(try text("existing.csv"), "mine\n")
        for name in ["linked.csv", "hard.csv", "existing.csv"] { XCTAssertEqual(try generate(name, force: true).status, 0, name) }
        XCTAssertEqual(try text("victim.txt"), "precious\n", "the link is replaced, its target untouched")
        XCTAssertEqual(try text("partner.txt"), "precious\n", "the hard-linked partner keeps its bytes")
        for name in ["linked.csv", "hard.csv", "existing.csv"] {
            XCTAssertTrue(try text(name).hasPrefix("record_id,"), name)
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
            XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular, name)
        }
        XCTAssertEqual(try generate("fresh.csv").status, 0, "a new file needs no --force")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }, [], "no temporary file left")
    }
}
