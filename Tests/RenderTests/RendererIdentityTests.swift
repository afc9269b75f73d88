@testable import Figures
import Foundation
import XCTest

/// The renderer identity under which a previous output's drawings are kept covers what draws them: the
/// libraries, fontconfig's configuration and every font it lists, each file by size, inode and times.
final class RendererIdentityTests: XCTestCase {
    func testTheIdentityNamesTheDrawingLibrariesTheFontconfigFilesAndTheFonts() {
        let lines = RendererIdentity.description.split(separator: "\n").map(String.init)
        for library in ["librsvg-2", "libcairo", "libpng16", "libfontconfig", "libfreetype", "libpango"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix("library ") && $0.contains("/\(library)") }, "\(library) in \(lines.prefix(20))")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("configuration ") && $0.contains("fonts.conf") }, "fontconfig's configuration")
        XCTAssertTrue(lines.contains { $0.hasPrefix("font ") && $0.contains("DejaVuSans.ttf") }, "the figures' font")
        XCTAssertEqual(RendererIdentity.sha256.count, 64)
    }

    func testAFileLineChangesWhenTheFileIsReplacedOrRewritten() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("renderer-\(UUID().uuidString).ttf")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("font".utf8).write(to: file)
        let before = RendererIdentity.fileLine(file.path)
        XCTAssertEqual(RendererIdentity.fileLine(file.path), before, "the same file, the same line")
        try Data("FONT".utf8).write(to: file)   // same size, rewritten: its times change
        XCTAssertNotEqual(RendererIdentity.fileLine(file.path), before)
        try FileManager.default.removeItem(at: file)
        XCTAssertTrue(RendererIdentity.fileLine(file.path).hasSuffix(" missing"))
    }
}
