import Foundation
import Ingest
import MigstatCore
import XCTest

/// The byte path keeps spaces and tabs (libcsv trims them unless told not to): every field must come out
/// exactly as the full reader reads it, spaces, tabs and all, whatever bytes surround them.
final class RawReaderSpacesTests: XCTestCase {
    func rawFields(_ bytes: [UInt8], chunkSize: Int) throws -> [[String]] {
        let reader = CSVReader(path: TestFiles.write(bytes), displayPath: "input.csv", source: "test", options: CSVOptions(), lenient: false)
        reader.chunkSize = chunkSize
        var out: [[String]] = []
        try reader.forEachRawRecord { record in
            out.append((0..<record.count).map { String(decoding: record.field($0), as: UTF8.self) })
        }
        return out
    }

    func testSpacesAndTabsComeBackInEveryField() throws {
        let text = "id,name,note\n"
            + "  1 , padded\t,\"  quoted  \"\n"
            + "\t2\t,\"tab\tinside\",trailing  \n"
            + "3,\"ООО \"\"Стройка\"\", Москва\",a b  c\n"
            + " , ,\"\"\n"
        let full = try readRecords(text).map { $0.fields.map { $0 ?? "" } }
        for chunkSize in [1, 3, 7, 64, 1 << 16] {
            XCTAssertEqual(try rawFields(Array(text.utf8), chunkSize: chunkSize), full, "chunk size \(chunkSize)")
        }
        XCTAssertEqual(full[1], ["  1 ", " padded\t", "  quoted  "])
    }

    func testFromABlockWithBytesUTF8NeverUsesSpacesAreReadTheUsualWay() throws {
        // The bytes FE and FF are not UTF-8: the cleaner rejects them, but the reader must hand them over as
        // they are, and the spaces around them too, in whichever block they come.
        let bytes = Array("id,name,note\n1,a b,\" q \"\n".utf8) + Array("2, x ".utf8) + [0xFF] + Array(" y\t,".utf8) + [0xFE] + Array(" z\n3, last one ,\"\"\n".utf8)
        let expected: [[[UInt8]]] = [
            [Array("id".utf8), Array("name".utf8), Array("note".utf8)],
            [Array("1".utf8), Array("a b".utf8), Array(" q ".utf8)],
            [Array("2".utf8), Array(" x ".utf8) + [0xFF] + Array(" y\t".utf8), [0xFE] + Array(" z".utf8)],
            [Array("3".utf8), Array(" last one ".utf8), []],
        ]
        for chunkSize in [1, 2, 5, 16, 17, 1 << 16] {
            let reader = CSVReader(path: TestFiles.write(bytes), displayPath: "input.csv", source: "test", options: CSVOptions(), lenient: false)
            reader.chunkSize = chunkSize
            var out: [[[UInt8]]] = []
            try reader.forEachRawRecord { record in out.append((0..<record.count).map { Array(record.field($0)) }) }
            XCTAssertEqual(out, expected, "chunk size \(chunkSize)")
        }
    }
}
