import CRsvg
import Foundation
import MigstatCore

/// A PNG written a band of rows at a time (`png_rows.h`: libpng's chunks, its filters and deflate redone at a
/// fraction of the cost): the same bytes as `cairo_surface_write_to_png_stream` of the whole image, plus the
/// pHYs chunk after IHDR, without one surface of the whole figure (17 MB at 1800 × 2371 px).
final class PNGRowWriter {
    private var state = MigstatPNG()
    private(set) var data = Data()
    private let name: String

    init(width: Int32, height: Int32, dotsPerInch: Double, name: String) throws {
        self.name = name
        let perMetre = UInt32((dotsPerInch / 0.0254).rounded())
        let status = migstat_png_begin(&state, UInt32(width), UInt32(height), perMetre, Self.write, Unmanaged.passUnretained(self).toOpaque())
        try check(status)
    }

    deinit { migstat_png_free(&state) }

    /// `count` rows of an RGB24 image whose rows are `stride` bytes apart.
    func rows(_ pixels: UnsafePointer<UInt8>, stride: Int32, count: Int32) throws {
        try check(migstat_png_rows(&state, pixels, stride, count))
    }

    func finish() throws -> Data {
        try check(migstat_png_end(&state))
        return data
    }

    private func check(_ status: Int32) throws {
        guard status != 0 else { return }
        let message = withUnsafeBytes(of: state.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        throw MigstatError.output(path: name, message: "libpng: \(message)")
    }

    private static let write: migstat_png_write_t = { closure, bytes, length in
        guard let closure, let bytes else { return 1 }
        Unmanaged<PNGRowWriter>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: length)
        return 0
    }
}
