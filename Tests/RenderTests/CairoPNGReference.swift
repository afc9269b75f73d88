import CRsvg
@testable import Figures
import Foundation
import MigstatCore

/// cairo writes no resolution into a PNG, so a word processor would place it at 96 dpi, three times too large:
/// a `pHYs` chunk (pixels per metre, PNG 1.2 §11.3.5.3) goes right after the header, as the standard asks
/// (before the image data). `PNGRowWriter` writes it there itself; this stamps cairo's own PNG of a whole
/// surface, the reference the banded PNG is tested against (the tests' only: migstat never writes it).
enum PNGResolution {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func stamp(_ png: Data, dotsPerInch: Double, name: String) throws -> Data {
        let bytes = [UInt8](png)
        // The signature, then IHDR: length (4, always 13), type (4), data (13), CRC (4).
        let headerEnd = signature.count + 4 + 4 + 13 + 4
        guard bytes.count > headerEnd, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw MigstatError.output(path: name, message: "cairo wrote no PNG header")
        }
        let perMetre = UInt32((dotsPerInch / 0.0254).rounded())
        var body = Array("pHYs".utf8)
        body += bigEndian(perMetre) + bigEndian(perMetre) + [1]   // unit 1: the metre
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let chunk = bigEndian(UInt32(body.count - 4)) + body + bigEndian(crc)
        return Data(bytes[..<headerEnd] + chunk + bytes[headerEnd...])
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}

extension FigureFiles {
    /// The PNG as cairo writes a surface of the whole figure, with the pHYs chunk inserted: what `png` wrote
    /// before it drew in bands, kept as the reference its bytes are tested against.
    static func pngOfWholeSurface(svg: String, name: String) throws -> Data {
        try draw(svg, name: name) { handle, size in
            let pixels = (width: Int32((size.width * dotsPerInch).rounded()), height: Int32((size.height * dotsPerInch).rounded()))
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels.width, pixels.height) else {
                throw MigstatError.output(path: name, message: "cairo could not create an image surface")
            }
            defer { cairo_surface_destroy(surface) }
            try render(handle, on: surface, width: Double(pixels.width), height: Double(pixels.height), name: name)
            let sink = Sink()
            let box = Unmanaged.passRetained(sink)
            defer { box.release() }
            try check(cairo_surface_write_to_png_stream(surface, Sink.write, box.toOpaque()), name: name)
            return try PNGResolution.stamp(sink.data, dotsPerInch: dotsPerInch, name: name)
        }
    }
}
