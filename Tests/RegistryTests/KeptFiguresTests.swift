import Foundation
import XCTest

/// A run draws again only the figures whose SVG changed: the previous output's PDF and PNG of the others are
/// kept, but only when the manifest's SHA-256 vouches for the bytes and they were drawn by the same renderer;
/// either way the output equals a full rebuild's.
final class KeptFiguresTests: RegistryTestCase {
    let figure = "figures/persons_by_origin"

    func run(_ study: RegistryStudy, force: Bool = false) throws -> [String] {
        let log = StudyRunner.Log()
        try StudyRunner(config: study.config, raw: study.raw).run(into: force ? study.root.appendingPathComponent("full") : study.output,
                                                                force: force, log: log)
        return log.lines.filter { $0.hasPrefix("render: ") && $0.contains("figures drawn") }
    }

    func assertEqualsFullRebuild(_ study: RegistryStudy, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try run(study, force: true), ["render: 1 of 1 figures drawn, 0 kept from the previous output"], "--force keeps nothing",
                       file: file, line: line)
        try OutputSnapshot.assertEqual(study.output, study.root.appendingPathComponent("full"), file: file, line: line)
    }

    /// A study at its first run, then a change of the survey table only: the registry figure is unchanged.
    func studyWithSurveyChange() throws -> RegistryStudy {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2_000, seed: 3)
        XCTAssertEqual(try run(study), ["render: 1 of 1 figures drawn, 0 kept from the previous output"], "nothing to keep at first")
        try study.write("raw/mini/answers.csv", "id,answer\n1,yes\n2,no\n3,no\n")
        return study
    }

    func testAFigureWhoseSVGDidNotChangeIsKeptAndOneWhoseDataChangedIsDrawn() throws {
        let study = try studyWithSurveyChange()
        let png = try Data(contentsOf: study.output.appendingPathComponent("\(figure).png"))
        XCTAssertEqual(try run(study), ["render: 0 of 1 figures drawn, 1 kept from the previous output"])
        XCTAssertEqual(try Data(contentsOf: study.output.appendingPathComponent("\(figure).png")), png)
        try assertEqualsFullRebuild(study)

        try study.generate("registry_20140201.csv", rows: 500, seed: 4, firstId: 900_000)
        XCTAssertEqual(try run(study), ["render: 1 of 1 figures drawn, 0 kept from the previous output"], "the new delivery changes the figure")
        XCTAssertNotEqual(try Data(contentsOf: study.output.appendingPathComponent("\(figure).png")), png)
        try assertEqualsFullRebuild(study)
    }

    func testAPNGEditedSinceIsDrawnAgainNotKept() throws {
        let study = try studyWithSurveyChange()
        let png = study.output.appendingPathComponent("\(figure).png")
        var bytes = try Data(contentsOf: png)
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: png)
        XCTAssertEqual(try run(study), ["render: 1 of 1 figures drawn, 0 kept from the previous output"])
        try assertEqualsFullRebuild(study)
    }

    func testAPNGReplacedByALinkToTheSameBytesIsNotReadThroughTheLink() throws {
        let study = try studyWithSurveyChange()
        let png = study.output.appendingPathComponent("\(figure).png")
        let elsewhere = study.root.appendingPathComponent("elsewhere.png")
        try FileManager.default.moveItem(at: png, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: png, withDestinationURL: elsewhere)
        XCTAssertEqual(try run(study), ["render: 1 of 1 figures drawn, 0 kept from the previous output"])
        try assertEqualsFullRebuild(study)
    }

    func testDrawingsOfAnotherRendererAreNotKept() throws {
        let study = try studyWithSurveyChange()
        let manifest = study.output.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        let recorded = try XCTUnwrap(text.range(of: #""renderer_sha256" : "[0-9a-f]{64}""#, options: .regularExpression), "the manifest names its renderer")
        try Data(text.replacingCharacters(in: recorded, with: #""renderer_sha256" : "\#(String(repeating: "0", count: 64))""#).utf8).write(to: manifest)
        XCTAssertEqual(try run(study), ["render: 1 of 1 figures drawn, 0 kept from the previous output"], "cairo, a font or its configuration changed")
        try assertEqualsFullRebuild(study)
    }
}
