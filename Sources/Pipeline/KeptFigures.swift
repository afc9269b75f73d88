import Figures
import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// The previous output's PDF and PNG of a figure whose SVG did not change, kept instead of drawn again: a run
/// with a new delivery draws only the figures the delivery changed (drawing the study's 17 figures takes
/// ~3 CPU-seconds). Kept only from an output this run builds on (the same build and options, its store
/// trusted), drawn under the same `RendererIdentity`, and only bytes whose SHA-256 is the one its manifest
/// records (the SVG's, compared with the new SVG, and the PDF's and PNG's), hashed as read: a file edited,
/// damaged or swapped since is drawn again. A run with `--force` builds on nothing and keeps nothing.
struct KeptFigures {
    let previous: PreviousOutput?
    let renderer: String

    /// The figure's PDF and PNG as the previous output holds them, or nil when it is to be drawn.
    func drawing(of figure: FigureDrawing.Figure) -> (pdf: Data, png: Data)? {
        guard let previous, previous.manifest.rendererSha256 == renderer, let recorded = previous.manifest.outputSha256,
              figure.pdf.hasSuffix(".pdf") else { return nil }
        func verified(_ file: String) -> Data? {
            guard let expected = recorded[file], let data = Self.regularFile(previous.path(file)), SHA256.hex(data) == expected else { return nil }
            return data
        }
        let svgFile = String(figure.pdf.dropLast(".pdf".count)) + ".svg"
        guard let svg = verified(svgFile), svg == Data(figure.svg.utf8), let pdf = verified(figure.pdf), let png = verified(figure.png) else {
            return nil
        }
        return (pdf, png)
    }

    /// A regular file's bytes, not through a link (and never blocking on a FIFO); nil otherwise.
    static func regularFile(_ path: String) -> Data? {
        guard let file = try? RegularFile.openForReading(path, displayPath: path, followingLinks: false) else { return nil }
        defer { file.closeIgnoringErrors() }
        var st = stat()
        guard fstat(file.descriptor, &st) == 0 else { return nil }
        var data = Data(count: Int(st.st_size))
        let read = data.withUnsafeMutableBytes { try? file.readFully(into: $0) }
        return read == Int(st.st_size) ? data : nil
    }
}
