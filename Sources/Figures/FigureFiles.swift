import CRsvg
import Foundation
import MigstatCore

/// `figures/<id>.pdf` and `.png` drawn from the figure's SVG by librsvg onto cairo's PDF and image surfaces, so
/// that the three files are one drawing. The PDF is vector with its fonts embedded (the SVG asks for DejaVu Sans,
/// Debian's fonts-dejavu-core); the PNG is 300 dpi. Both are the same bytes from run to run: the PDF's creation
/// date is fixed and cairo writes no time into either.
public enum FigureFiles {
    /// The PDF's CreationDate: fixed, like tables.xlsx's, so that a run rewrites the same bytes.
    public static let creationDate = "2000-01-01T00:00:00Z"
    public static let dotsPerInch = 300.0
    /// An SVG px is a CSS px (1/96 in). A figure prints at that size, but at most 6 × 9 in (the text block of A4
    /// and Letter with 2.5 cm margins), so that a word processor places the PNG at its natural size.
    static let pxPerInch = 96.0
    static let largest = (width: 6.0, height: 9.0)

    /// The printed size in inches of a drawing `width` × `height` px.
    public static func inches(width: Double, height: Double) -> (width: Double, height: Double) {
        let scale = min(1, largest.width * pxPerInch / width, largest.height * pxPerInch / height)
        return (width * scale / pxPerInch, height * scale / pxPerInch)
    }

    public static func pdf(svg: String, name: String) throws -> Data {
        try draw(svg, name: name) { handle, size in
            let points = (width: size.width * 72, height: size.height * 72)
            let sink = Sink()
            let box = Unmanaged.passRetained(sink)
            defer { box.release() }
            guard let surface = cairo_pdf_surface_create_for_stream(Sink.write, box.toOpaque(), points.width, points.height) else {
                throw MigstatError.output(path: name, message: "cairo could not create a PDF surface")
            }
            defer { cairo_surface_destroy(surface) }
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, creationDate)
            try render(handle, on: surface, width: points.width, height: points.height, name: name)
            cairo_surface_finish(surface)   // writes the PDF's trailer through the sink
            try check(cairo_surface_status(surface), name: name)
            return sink.data
        }
    }

    /// Rows of the PNG drawn at a time: 128 × 1800 px × 4 bytes is under 1 MB.
    public static let bandRows: Int32 = 128

    /// The PNG: the SVG drawn once onto a cairo recording surface (its paths and glyphs, no pixels), which is
    /// then replayed onto a surface of `bandRows` rows at a time, each band handed to `PNGRowWriter`. Replaying a
    /// band costs what drawing it directly does, while librsvg drawing each band again would cost 1.5 times as
    /// much (text is laid out again). The pixels are those of one surface of the whole figure (`RenderTests`
    /// compare them, and the bytes with cairo's own PNG writer).
    public static func png(svg: String, name: String, bandRows: Int32 = bandRows) throws -> Data {
        try draw(svg, name: name) { handle, size in
            let pixels = (width: Int32((size.width * dotsPerInch).rounded()), height: Int32((size.height * dotsPerInch).rounded()))
            var extents = cairo_rectangle_t(x: 0, y: 0, width: Double(pixels.width), height: Double(pixels.height))
            guard let recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, &extents) else {
                throw MigstatError.output(path: name, message: "cairo could not create a recording surface")
            }
            defer { cairo_surface_destroy(recording) }
            try render(handle, on: recording, width: Double(pixels.width), height: Double(pixels.height), name: name)
            let rows = max(1, min(bandRows, pixels.height))
            guard let band = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels.width, rows) else {
                throw MigstatError.output(path: name, message: "cairo could not create an image surface")
            }
            defer { cairo_surface_destroy(band) }
            try check(cairo_surface_status(band), name: name)
            let writer = try PNGRowWriter(width: pixels.width, height: pixels.height, dotsPerInch: dotsPerInch, name: name)
            for top in stride(from: Int32(0), to: pixels.height, by: Int(rows)) {
                try replay(recording, onto: band, top: top, name: name)
                guard let data = cairo_image_surface_get_data(band) else {
                    throw MigstatError.output(path: name, message: "cairo gave no pixels")
                }
                try writer.rows(data, stride: cairo_image_surface_get_stride(band), count: min(rows, pixels.height - top))
            }
            return try writer.finish()
        }
    }

    /// The rows from `top` of the recorded drawing, replacing the band's pixels.
    static func replay(_ recording: OpaquePointer, onto band: OpaquePointer, top: Int32, name: String) throws {
        guard let cr = cairo_create(band) else { throw MigstatError.output(path: name, message: "cairo could not create a context") }
        defer { cairo_destroy(cr) }
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        cairo_set_source_surface(cr, recording, 0, -Double(top))
        cairo_paint(cr)
        try check(cairo_status(cr), name: name)
        cairo_surface_flush(band)
    }

    /// Parses the SVG with librsvg and hands its printed size (inches) to `body`.
    static func draw(_ svg: String, name: String, _ body: (OpaquePointer, (width: Double, height: Double)) throws -> Data) throws -> Data {
        var error: UnsafeMutablePointer<GError>?
        let bytes = Array(svg.utf8)
        guard let handle = rsvg_handle_new_from_data(bytes, bytes.count, &error) else {
            throw MigstatError.output(path: name, message: "librsvg cannot read the SVG: \(message(of: error))")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        var width = 0.0, height = 0.0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else {
            throw MigstatError.output(path: name, message: "the SVG declares no width and height in px")
        }
        return try body(handle, inches(width: width, height: height))
    }

    /// Draws the whole document scaled to `width` × `height` on a white page (the PNG has no alpha).
    static func render(_ handle: OpaquePointer, on surface: OpaquePointer, width: Double, height: Double, name: String) throws {
        guard let cr = cairo_create(surface) else { throw MigstatError.output(path: name, message: "cairo could not create a context") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        var viewport = RsvgRectangle(x: 0, y: 0, width: width, height: height)
        var error: UnsafeMutablePointer<GError>?
        guard rsvg_handle_render_document(handle, cr, &viewport, &error) != 0 else {
            throw MigstatError.output(path: name, message: "librsvg cannot draw the SVG: \(message(of: error))")
        }
        try check(cairo_status(cr), name: name)
    }

    static func check(_ status: cairo_status_t, name: String) throws {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw MigstatError.output(path: name, message: "cairo: " + String(cString: cairo_status_to_string(status)))
    }

    static func message(of error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return String(cString: error.pointee.message)
    }

    /// Collects what cairo writes through its stream callback.
    final class Sink {
        var data = Data()
        static let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
    }
}
