import Figures
import Foundation
import MigstatCore
import XCTest

/// figures/<id>.pdf and .png: drawn by librsvg from the SVG, read back by poppler (pdffonts, pdftotext, pdfinfo)
/// and chunk by chunk; the committed output/ holds one of each beside every SVG.
final class FigureFileTests: XCTestCase {
    /// Bold, italic, an en dash and Cyrillic, as the charts and diagrams draw them; 720 × 360 px.
    let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="720" height="360" viewBox="0 0 720 360" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <text x="24" y="32" font-size="15" font-weight="bold" fill="#111">Figure 9.9 Shares – Доля</text>
    <rect x="40" y="60" width="300" height="40" fill="#2f5d8a"/>
    <text x="24" y="330" font-size="11" font-style="italic" fill="#333">Source: a survey.</text>
    </svg>
    """

    func write(_ data: Data, _ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    func testThePDFIsVectorTextInEmbeddedDejaVuFontsAtThePrintedSize() throws {
        let pdf = try write(try FigureFiles.pdf(svg: svg, name: "x.pdf"), "x.pdf")
        try Self.assertFontsEmbedded(pdf, minimum: 2)
        let text = try Self.tool("pdftotext", [pdf.lastPathComponent, "-"], in: pdf.deletingLastPathComponent())
        XCTAssertTrue(text.contains("Figure 9.9 Shares – Доля") && text.contains("Source: a survey."), "the text is text, not pixels: \(text)")
        let info = try Self.tool("pdfinfo", [pdf.lastPathComponent], in: pdf.deletingLastPathComponent())
        // 720 px at 96 px/in is 7.5 in, more than the 6 in of the text block: 6 × 3 in, 432 × 216 pt.
        XCTAssertTrue(info.contains("Page size:       432 x 216 pts"), info)
        let images = try Self.tool("pdfimages", ["-list", pdf.lastPathComponent], in: pdf.deletingLastPathComponent())
        XCTAssertEqual(images.split(separator: "\n").count, 2, "no raster image in the PDF, only its header lines: \(images)")
    }

    func testThePNGIs300DpiAtThePrintedSizeWithValidChunksAndNoTime() throws {
        let chunks = try PNGChunks(try FigureFiles.png(svg: svg, name: "x.png"))
        XCTAssertEqual(chunks.types.first, "IHDR")
        XCTAssertEqual(chunks.size?.width, 1800, "6 in at 300 dpi")
        XCTAssertEqual(chunks.size?.height, 900)
        XCTAssertEqual(chunks.dotsPerMetre?.x, 11811, "300 dpi")
        XCTAssertEqual(chunks.dotsPerMetre?.y, 11811)
        XCTAssertLessThan(chunks.types.firstIndex(of: "pHYs") ?? .max, chunks.types.firstIndex(of: "IDAT") ?? 0, "pHYs before the image data")
        XCTAssertFalse(chunks.types.contains("tIME"), "no modification time")
        XCTAssertTrue(chunks.badChecksums.isEmpty, "chunks with a wrong CRC: \(chunks.badChecksums)")
    }

    /// A tall diagram is scaled to 9 in high; a small drawing is not enlarged.
    func testAFigurePrintsAtItsSizeWithinTheTextBlock() {
        XCTAssertEqual(FigureFiles.inches(width: 684, height: 1232).height, 9)
        XCTAssertEqual(FigureFiles.inches(width: 684, height: 1232).width, 684 * 9 / 1232, accuracy: 1e-9)
        XCTAssertEqual(FigureFiles.inches(width: 480, height: 240).width, 5)
    }

    /// A second apart, so that a clock in either file would show.
    func testTheBytesAreTheSameFromRunToRun() throws {
        let pdf = try FigureFiles.pdf(svg: svg, name: "x.pdf"), png = try FigureFiles.png(svg: svg, name: "x.png")
        Thread.sleep(forTimeInterval: 1.1)
        XCTAssertEqual(try FigureFiles.pdf(svg: svg, name: "x.pdf"), pdf)
        XCTAssertEqual(try FigureFiles.png(svg: svg, name: "x.png"), png)
    }

    func testAnSVGLibrsvgCannotReadIsAnErrorNamingTheFile() {
        XCTAssertThrowsError(try FigureFiles.pdf(svg: "<svg", name: "figures/bad.pdf")) { error in
            XCTAssertTrue("\(error)".contains("figures/bad.pdf") && "\(error)".contains("librsvg"), "\(error)")
        }
    }

    /// Beside every SVG of the study its PDF (fonts embedded) and its 300-dpi PNG, as a fresh run makes them
    /// (StudyRunTests pins the bytes).
    func testEveryCommittedFigureHasItsPDFAndPNG() throws {
        let figures = ExternalTool.root.appendingPathComponent("output/figures")
        let svgs = try FileManager.default.contentsOfDirectory(atPath: figures.path).filter { $0.hasSuffix(".svg") }.sorted()
        XCTAssertGreaterThanOrEqual(svgs.count, 17)
        var bytes = 0
        for name in svgs.map({ String($0.dropLast(4)) }) {
            let pdf = figures.appendingPathComponent(name + ".pdf")
            try Self.assertFontsEmbedded(pdf, minimum: 1)
            let chunks = try PNGChunks(try Data(contentsOf: figures.appendingPathComponent(name + ".png")))
            XCTAssertEqual(chunks.dotsPerMetre?.x, 11811, name)
            XCTAssertTrue(chunks.size?.width == 1800 || chunks.size?.height == 2700, "\(name): 6 in wide or 9 in high at 300 dpi")
            bytes += try Data(contentsOf: pdf).count + chunks.bytes
        }
        XCTAssertLessThan(bytes, 5_000_000, "the study's PDF and PNG files stay small")
    }

    static func assertFontsEmbedded(_ pdf: URL, minimum: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        // Run from a scratch directory: the tool's log must not land in output/.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-pdffonts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fonts = try tool("pdffonts", [pdf.path], in: scratch).split(separator: "\n").dropFirst(2)
        XCTAssertGreaterThanOrEqual(fonts.count, minimum, "\(pdf.lastPathComponent): its text is in fonts", file: file, line: line)
        for font in fonts {
            let columns = font.split(separator: " ", omittingEmptySubsequences: true)
            XCTAssertTrue(columns[0].contains("DejaVuSans"), "\(pdf.lastPathComponent): the SVG's DejaVu Sans, not a substitute: \(font)", file: file, line: line)
            XCTAssertEqual(columns.suffix(5).first, "yes", "\(pdf.lastPathComponent): embedded: \(font)", file: file, line: line)
        }
    }

    static func tool(_ name: String, _ arguments: [String], in dir: URL) throws -> String {
        let path = try ExternalTool.find(["/usr/bin/\(name)"], install: "apt-get install poppler-utils")
        let run = try ExternalTool.run(path, arguments, in: dir)
        XCTAssertEqual(run.status, 0, "\(name) \(arguments): \(run.output)")
        return run.output
    }
}

/// A PNG's chunks as the file lists them, each checked against its CRC-32 (computed here, not by zlib).
struct PNGChunks {
    var types: [String] = []
    var badChecksums: [String] = []
    var size: (width: UInt32, height: UInt32)?
    var dotsPerMetre: (x: UInt32, y: UInt32)?
    var bytes: Int

    init(_ data: Data) throws {
        let b = [UInt8](data)
        bytes = b.count
        func u32(_ i: Int) -> UInt32 { b[i..<i + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        var i = 8
        while i + 12 <= b.count {
            let length = Int(u32(i)), type = String(decoding: b[i + 4..<i + 8], as: UTF8.self)
            guard i + 12 + length <= b.count else { break }
            types.append(type)
            if Self.crc(b[i + 4..<i + 8 + length]) != u32(i + 8 + length) { badChecksums.append(type) }
            if type == "IHDR" { size = (u32(i + 8), u32(i + 12)) }
            if type == "pHYs", b[i + 16] == 1 { dotsPerMetre = (u32(i + 8), u32(i + 12)) }
            i += 12 + length
        }
    }

    static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }
}
