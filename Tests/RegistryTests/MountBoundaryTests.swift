import Foundation
import MigstatCore
@testable import Pipeline
import XCTest

/// Removal never crosses a filesystem boundary: a directory mounted inside the output, or inside a staging
/// directory a killed run left, is reported by name (exit 64) and nothing of it, nor of the tree holding it, is
/// removed. The mounts are real (`mount --bind`, as root); where mounting is not permitted, the same check runs
/// through the lookup of filesystems that `FilesystemBoundary` takes.
final class MountBoundaryTests: RegistryTestCase {
    private var mounted: [String] = []

    override func tearDown() {
        for target in mounted.reversed() { umount2(target, Int32(MNT_DETACH)) }
        mounted = []
        super.tearDown()
    }

    /// `mount --bind source target`; false where this process may not mount.
    private func bindMount(_ source: URL, on target: URL) throws -> Bool {
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["--bind", source.path, target.path]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        if mount.terminationStatus == 0 { mounted.append(target.path) }
        return mount.terminationStatus == 0
    }

    /// A directory of the user's holding one file, to mount somewhere migstat removes.
    private func preciousDirectory(_ study: RegistryStudy, _ name: String) throws -> URL {
        let dir = study.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        try Data("precious\n".utf8).write(to: dir.appendingPathComponent("keep.txt"))
        return dir
    }

    private func run(_ study: RegistryStudy, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        try MigstatBinary.run(["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", study.output.path] + extra,
                              in: study.root)
    }

    func testAFilesystemMountedInTheOutputIsReportedAndNeverEmptied() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 300, seed: 1)
        XCTAssertEqual(try run(study).status, 0)
        let precious = try preciousDirectory(study, "precious")
        let mountPoint = study.output.appendingPathComponent("mnt")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: false)
        guard try bindMount(precious, on: mountPoint) else { return try theLookupSeesAMountPoint(study) }
        let before = try study.outputFiles().filter { !$0.key.hasPrefix("mnt/") }
        for extra in [["--force"], [], ["--force"]] {   // a forced rebuild, then runs with nothing new
            let r = try run(study, extra)
            XCTAssertEqual(r.status, 64, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(mountPoint.path) && r.stderr.contains("mount point of another filesystem"), r.stderr)
            XCTAssertEqual(try String(contentsOf: precious.appendingPathComponent("keep.txt"), encoding: .utf8), "precious\n", "\(extra)")
            XCTAssertEqual(try study.outputFiles().filter { !$0.key.hasPrefix("mnt/") }, before, "the output is left as it was")
            let staging = try FileManager.default.contentsOfDirectory(atPath: study.root.path).filter { $0.contains(".tmp-") }
            XCTAssertEqual(staging, [], "no staging directory left behind")
        }
    }

    func testAStagingDirectoryOfAKilledRunHoldingAMountIsReportedNotEmptied() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 300, seed: 1)
        XCTAssertEqual(try run(study).status, 0)
        let stale = study.root.appendingPathComponent("output.tmp-4999999")   // no process has this pid
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("output/mnt"), withIntermediateDirectories: true)
        try Data(StagingDirectory.markerText(pid: 4_999_999).utf8).write(to: stale.appendingPathComponent(StagingDirectory.markerName))
        try Data("half-written\n".utf8).write(to: stale.appendingPathComponent("output/estimates.csv"))
        let precious = try preciousDirectory(study, "precious")
        guard try bindMount(precious, on: stale.appendingPathComponent("output/mnt")) else { return try theLookupSeesAMountPoint(study) }
        for extra in [[], ["--force"]] {
            let r = try run(study, extra)
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains(stale.appendingPathComponent("output/mnt").path), r.stderr)
            XCTAssertEqual(try String(contentsOf: precious.appendingPathComponent("keep.txt"), encoding: .utf8), "precious\n")
            XCTAssertEqual(try String(contentsOf: stale.appendingPathComponent("output/estimates.csv"), encoding: .utf8), "half-written\n",
                           "the staging directory is kept whole, not emptied")
        }
    }

    /// The check through the lookup (where this process may not mount): an entry the lookup puts on another
    /// device stops the removal of a stale staging directory, and the walk that removes never enters it.
    func testTheBoundaryIsFoundThroughTheFilesystemLookupToo() throws {
        try theLookupSeesAMountPoint(try RegistryStudy())
    }

    private func theLookupSeesAMountPoint(_ study: RegistryStudy) throws {
        let stale = study.root.appendingPathComponent("output.tmp-4999998")
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("output/mnt"), withIntermediateDirectories: true)
        try Data(StagingDirectory.markerText(pid: 4_999_998).utf8).write(to: stale.appendingPathComponent(StagingDirectory.markerName))
        try Data("precious\n".utf8).write(to: stale.appendingPathComponent("output/mnt/keep.txt"))
        let elsewhere: FilesystemID.Lookup = { directory, name in
            guard var id = FilesystemID.system(directory, name) else { return nil }
            if name == "mnt" { id.device &+= 1 }
            return id
        }
        XCTAssertThrowsError(try StagingDirectory.removeStale(beside: study.output, identify: elsewhere)) { error in
            XCTAssertTrue("\(error)".contains(stale.appendingPathComponent("output/mnt").path), "\(error)")
        }
        let parent = try XCTUnwrap(PosixFile.open(study.root.path, O_RDONLY | O_DIRECTORY))
        defer { parent.closeIgnoringErrors() }
        XCTAssertFalse(NoFollow.removeTree(in: parent.descriptor, stale.lastPathComponent, last: StagingDirectory.markerName, identify: elsewhere), "the walk leaves the mount point")
        XCTAssertEqual(try String(contentsOf: stale.appendingPathComponent("output/mnt/keep.txt"), encoding: .utf8), "precious\n")
        try StagingDirectory.removeStale(beside: study.output)   // the real lookup: one filesystem, removed
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
    }
}
