import Foundation
import Ingest
@testable import Pipeline
import XCTest

/// The store's hash taken while render runs is the file's SHA-256, and is not used once the file changed.
final class BackgroundHashTests: XCTestCase {
    func testTheHashOfAnUnchangedFileIsItsSHA256() throws {
        let file = try temporaryDirectory().appendingPathComponent("store.sqlite")
        try Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: file)
        XCTAssertEqual(BackgroundHash(path: file.path).result(), try FileHash.sha256(path: file.path))
    }

    func testAFileChangedAfterItWasHashedGivesNoHash() throws {
        let file = try temporaryDirectory().appendingPathComponent("store.sqlite")
        try Data(repeating: 1, count: 1 << 20).write(to: file)
        let hash = BackgroundHash(path: file.path)
        _ = hash.result()
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data([2]))   // in place: same size, same inode
        try handle.close()
        XCTAssertNil(hash.result(), "rewritten in place since it was hashed")
    }

    func testAMissingFileOrALinkGivesNoHash() throws {
        let dir = try temporaryDirectory()
        XCTAssertNil(BackgroundHash(path: dir.appendingPathComponent("none").path).result())
        let target = dir.appendingPathComponent("target"), link = dir.appendingPathComponent("link")
        try Data("x".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        XCTAssertNil(BackgroundHash(path: link.path).result())
    }
}
