@testable import Figures
import Foundation
import MigstatCore
import XCTest

/// The PNG drawn in bands and written row by row (`FigureFiles.png`, `PNGRowWriter`) is, byte for byte, what
/// cairo writes of one surface of the whole figure; the figures drawn on two threads come back in order.
final class FigureBandTests: XCTestCase {
    static let figures = ExternalTool.root.appendingPathComponent("output/figures")

    static func committedSVGs() throws -> [(name: String, svg: String)] {
        try FileManager.default.contentsOfDirectory(atPath: figures.path).filter { $0.hasSuffix(".svg") }.sorted().map {
            (String($0.dropLast(4)), try String(contentsOf: figures.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// Every committed figure: the PNG in bands is the committed file and cairo's whole-surface PNG.
    func testEveryCommittedFiguresPNGIsTheBytesCairoWritesOfTheWholeSurface() throws {
        let svgs = try Self.committedSVGs()
        XCTAssertGreaterThanOrEqual(svgs.count, 17)
        for (name, svg) in svgs {
            let banded = try FigureFiles.png(svg: svg, name: name)
            XCTAssertEqual(banded, try FigureFiles.pngOfWholeSurface(svg: svg, name: name), "\(name): banded PNG differs from cairo's")
            XCTAssertEqual(banded, try Data(contentsOf: Self.figures.appendingPathComponent(name + ".png")), "\(name): differs from output/")
        }
    }

    /// Bands of one row, of a height that does not divide the image, and of the whole image give the same
    /// bytes, on a drawing with what librsvg draws through a group of its own (opacity), text, strokes at
    /// fractional positions and an image height no band divides (1 234 px).
    func testAnyBandHeightGivesTheSameBytes() throws {
        let svg = Self.generated(height: 395)   // 395 px at 300/96: 1 234 rows
        let whole = try FigureFiles.pngOfWholeSurface(svg: svg, name: "g.png")
        XCTAssertEqual(try PNGChunks(whole).size?.height, 1234)
        for rows: Int32 in [1, 7, 100, 128, 1234, 5000] {
            XCTAssertEqual(try FigureFiles.png(svg: svg, name: "g.png", bandRows: rows), whole, "bands of \(rows) rows")
        }
    }

    static func generated(height: Int) -> String {
        var body = ""
        for i in 0..<40 {
            let y = 20.3 + Double(i) * 9.7
            body += "<rect x=\"\(30 + i * 3).5\" y=\"\(y)\" width=\"\(200 + i * 7)\" height=\"6.3\" fill=\"#2f5d8a\" opacity=\"0.\(50 + i)\"/>\n"
            body += "<line x1=\"10\" y1=\"\(y)\" x2=\"560\" y2=\"\(y + 3.1)\" stroke=\"#999\" stroke-width=\"0.7\"/>\n"
            body += "<text x=\"12.4\" y=\"\(y + 6)\" font-size=\"\(9 + i % 5)\" font-weight=\"\(i % 2 == 0 ? "bold" : "normal")\">Доля – \(i)%</text>\n"
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="576" height="\(height)" viewBox="0 0 576 \(height)" font-family="DejaVu Sans">
        <rect width="100%" height="100%" fill="#ffffff"/>
        \(body)</svg>
        """
    }

    /// Two threads hand the figures back in order, each the bytes one thread draws; the first figure that fails
    /// is the error (its PDF's), though a later one fails too and figures after it were drawn.
    func testFiguresDrawnOnTwoThreadsComeBackInOrderWithTheFirstFailure() throws {
        let svgs = try Self.committedSVGs().prefix(6)
        let figures = svgs.map { FigureDrawing.Figure(svg: $0.svg, pdf: "figures/\($0.name).pdf", png: "figures/\($0.name).png") }
        var taken: [Int] = []
        try FigureDrawing.draw(figures) { index, pdf, png in
            taken.append(index)
            XCTAssertEqual(pdf, try FigureFiles.pdf(svg: figures[index].svg, name: figures[index].pdf))
            XCTAssertEqual(png, try Data(contentsOf: Self.figures.appendingPathComponent(svgs[index].name + ".png")))
        }
        XCTAssertEqual(taken, Array(figures.indices))

        var failing = figures
        failing.insert(FigureDrawing.Figure(svg: "<svg", pdf: "figures/bad.pdf", png: "figures/bad.png"), at: 2)
        failing.insert(FigureDrawing.Figure(svg: "<svg width=", pdf: "figures/worse.pdf", png: "figures/worse.png"), at: 4)
        taken = []
        XCTAssertThrowsError(try FigureDrawing.draw(failing) { index, _, _ in taken.append(index) }) { error in
            XCTAssertTrue("\(error)".contains("figures/bad.pdf"), "\(error)")
        }
        XCTAssertEqual(taken, [0, 1], "the figures before the failure are taken, none after it")
    }

    /// An error of the caller stops the drawing: it is thrown as it is, and no figure after it is taken.
    func testAnErrorTakingAFigureStopsTheDrawing() throws {
        let figures = try Self.committedSVGs().prefix(5).map { FigureDrawing.Figure(svg: $0.svg, pdf: "\($0.name).pdf", png: "\($0.name).png") }
        var taken: [Int] = []
        XCTAssertThrowsError(try FigureDrawing.draw(figures) { index, _, _ in
            taken.append(index)
            if index == 1 { throw MigstatError.output(path: "disk", message: "full") }
        }) { error in XCTAssertTrue("\(error)".contains("full"), "\(error)") }
        XCTAssertEqual(taken, [0, 1])
    }
}
