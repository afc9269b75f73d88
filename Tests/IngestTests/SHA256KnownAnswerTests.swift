import Foundation
import Ingest
import MigstatCore
import XCTest

/// The FIPS 180-2 examples (appendix B) and the empty message, through the in-memory hash (whole and in pieces
/// that straddle the 64-byte blocks) and through the file-streaming one.
final class SHA256KnownAnswerTests: XCTestCase {
    private static let vectors: [(name: String, message: [UInt8], digest: String)] = [
        ("empty", [], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("448-bit two-block message", Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("one million a", [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    func testTheNISTExamplesHashInMemory() {
        for v in Self.vectors {
            XCTAssertEqual(SHA256.hex(v.message), v.digest, v.name)
        }
    }

    func testTheNISTExamplesHashTheSameFedInUnevenPieces() {
        for v in Self.vectors {
            var hash = SHA256()
            var start = 0, piece = 1
            while start < v.message.count {
                let end = min(v.message.count, start + piece)
                hash.update(Array(v.message[start..<end]))
                start = end
                piece = piece * 3 + 7   // 1, 10, 37, 118, …: pieces shorter and longer than a block
            }
            XCTAssertEqual(hash.finalize(), v.digest, v.name)
        }
    }

    func testTheNISTExamplesHashFromFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-kat-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (i, v) in Self.vectors.enumerated() {
            let file = directory.appendingPathComponent("vector\(i)")
            try Data(v.message).write(to: file)
            XCTAssertEqual(try FileHash.sha256(path: file.path), v.digest, v.name)
        }
        // Longer than the streaming buffer (1 MiB): one million "a" four times over, read in several pieces.
        let long = directory.appendingPathComponent("long")
        try Data(repeating: UInt8(ascii: "a"), count: 4_000_000).write(to: long)
        // (the digest from Python's hashlib, an independent implementation)
        XCTAssertEqual(try FileHash.sha256(path: long.path), "437f326a498e437cbf8b95fed6c48661a622cca6a575bb57b4b04a582e711f24")
    }
}
