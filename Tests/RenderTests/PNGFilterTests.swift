import CRsvg
@testable import Figures
import Foundation
import MigstatCore
import XCTest

/// `PNGRowWriter` chooses, applies and deflates each row's filter itself (`png_rows.h`): its bytes must be those
/// cairo's PNG writer gets from libpng, on images made to tie between filters, of widths and heights from one
/// pixel up (libpng narrows its filters there), several IDAT chunks long or with a shrunk zlib window, written in
/// bands of any height.
final class PNGFilterTests: XCTestCase {
    /// Pixels as cairo's RGB24 surface holds them (native-endian xRGB), row by row.
    typealias Image = (width: Int32, height: Int32, pixels: [UInt32])

    func testRowByRowBytesAreCairosOnRandomAndStructuredImages() throws {
        var random = SplitMix64(seed: 39)
        var used = Set<UInt8>()
        for width: Int32 in [1, 2, 3, 5, 6, 7, 16, 17, 41, 100, 171, 600] {
            for height: Int32 in [1, 2, 3, 9, 40] {
                for kind in Kind.allCases {
                    let image = Self.image(kind, width: width, height: height, using: &random)
                    let expected = try Self.cairoPNG(image)
                    let band = Int32.random(in: 1...max(1, height), using: &random)
                    let written = try Self.rowWriterPNG(image, band: band)
                    XCTAssertEqual(written, expected, "\(kind) \(width) × \(height) px in bands of \(band) rows")
                    used.formUnion(try Self.filters(of: written, width: Int(width), height: Int(height)))
                }
            }
        }
        XCTAssertEqual(used, [0, 1, 2, 3, 4], "every filter is chosen somewhere")
    }

    /// The filtered bytes and sums 16 bytes at a time are those one byte at a time, for every filter, over any range.
    func testFilteringSixteenBytesAtATimeEqualsByteAtATime() {
        var random = SplitMix64(seed: 16)
        let filters = [PNG_FILTER_VALUE_NONE, PNG_FILTER_VALUE_SUB, PNG_FILTER_VALUE_UP, PNG_FILTER_VALUE_AVG, PNG_FILTER_VALUE_PAETH]
        for round in 0..<3000 {
            let count = Int.random(in: 3...200, using: &random)
            let values: [UInt8] = round % 2 == 0 ? [0, 1, 127, 128, 129, 254, 255] : Array(0...255)
            let row = (0..<count).map { _ in values.randomElement(using: &random)! }
            let up = row.map { Bool.random(using: &random) ? $0 : values.randomElement(using: &random)! }
            for filter in filters {
                let from = filter == PNG_FILTER_VALUE_NONE || filter == PNG_FILTER_VALUE_UP ? Int.random(in: 0...3, using: &random) : 3
                let to = Int.random(in: from...count, using: &random)
                var fastBytes = [UInt8](repeating: 0, count: count), slowBytes = fastBytes
                let fast = migstat_png_sum(filter, row, up, from, to, &fastBytes)
                let slow = migstat_png_sum_bytes(filter, row, up, from, to, &slowBytes)
                XCTAssertEqual(fast, slow, "filter \(filter), bytes \(from)..<\(to) of \(row) under \(up)")
                XCTAssertEqual(fastBytes, slowBytes, "filter \(filter), bytes \(from)..<\(to) of \(row) under \(up)")
            }
        }
    }

    enum Kind: CaseIterable { case noise, fewValues, sparseDots, repeatedRows, gradient }

    static func image(_ kind: Kind, width: Int32, height: Int32, using random: inout SplitMix64) -> Image {
        // Channel values near 0 and 128, where libpng's cost min(v, 256 - v) turns, make filters tie.
        let few: [UInt32] = [0, 1, 2, 127, 128, 129, 254, 255]
        var pixels: [UInt32] = []
        for y in 0..<Int(height) {
            for x in 0..<Int(width) {
                var rgb: UInt32
                switch kind {
                case .noise: rgb = UInt32.random(in: 0...0xFF_FFFF, using: &random)
                case .fewValues: rgb = (0..<3).reduce(0) { value, _ in value << 8 | few.randomElement(using: &random)! }
                case .sparseDots: rgb = Int.random(in: 0..<40, using: &random) == 0 ? UInt32.random(in: 0...0xFF_FFFF, using: &random) : 0xFF_FFFF
                case .repeatedRows: rgb = y % 3 == 2 ? 0x2F_5D8A : UInt32(truncatingIfNeeded: x &* 0x010203 ^ 0x80_8080)
                case .gradient: rgb = UInt32(truncatingIfNeeded: (x * 3 + y) & 0xFF) * 0x01_0101
                }
                // cairo leaves the x byte of RGB24 undefined: neither writer may read it.
                pixels.append(rgb | UInt32.random(in: 0...0xFF, using: &random) << 24)
            }
        }
        return (width, height, pixels)
    }

    /// The image in a cairo surface, the surface's own bytes (`cairo_surface_write_to_png_stream`) with pHYs.
    static func cairoPNG(_ image: Image) throws -> Data {
        let surface = try XCTUnwrap(cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height))
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = try XCTUnwrap(cairo_image_surface_get_data(surface))
        UnsafeMutableRawPointer(data).withMemoryRebound(to: UInt8.self, capacity: stride * Int(image.height)) { bytes in
            for y in 0..<Int(image.height) {
                let row = image.pixels[y * Int(image.width)..<(y + 1) * Int(image.width)]
                row.withUnsafeBytes { UnsafeMutableRawPointer(bytes + y * stride).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
        }
        cairo_surface_mark_dirty(surface)
        let sink = FigureFiles.Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        XCTAssertEqual(cairo_surface_write_to_png_stream(surface, FigureFiles.Sink.write, box.toOpaque()), CAIRO_STATUS_SUCCESS)
        return try PNGResolution.stamp(sink.data, dotsPerInch: FigureFiles.dotsPerInch, name: "cairo.png")
    }

    /// The image handed to `PNGRowWriter` `band` rows at a time, each band from a buffer of its own.
    static func rowWriterPNG(_ image: Image, band: Int32) throws -> Data {
        let writer = try PNGRowWriter(width: image.width, height: image.height, dotsPerInch: FigureFiles.dotsPerInch, name: "rows.png")
        for top in stride(from: 0, to: image.height, by: Int(band)) {
            let rows = min(band, image.height - top)
            let pixels = Array(image.pixels[Int(top * image.width)..<Int((top + rows) * image.width)])
            try pixels.withUnsafeBytes { bytes in
                try writer.rows(bytes.bindMemory(to: UInt8.self).baseAddress!, stride: image.width * 4, count: rows)
            }
        }
        return try writer.finish()
    }

    /// The filter byte of each row of the PNG's image data.
    static func filters(of png: Data, width: Int, height: Int) throws -> Set<UInt8> {
        var compressed: [UInt8] = []
        var at = PNGResolution.signature.count
        let bytes = [UInt8](png)
        while at + 8 <= bytes.count {
            let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            if bytes[at + 4..<at + 8].elementsEqual("IDAT".utf8) { compressed += bytes[at + 8..<at + 8 + length] }
            at += 12 + length
        }
        let rowBytes = 3 * width + 1
        var raw = [UInt8](repeating: 0, count: rowBytes * height)
        var size = uLongf(raw.count)
        XCTAssertEqual(uncompress(&raw, &size, compressed, uLong(compressed.count)), Z_OK)
        XCTAssertEqual(Int(size), raw.count)
        return Set(stride(from: 0, to: raw.count, by: rowBytes).map { raw[$0] })
    }
}
