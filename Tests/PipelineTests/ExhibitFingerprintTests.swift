import Foundation
import MigstatCore
@testable import Pipeline
import XCTest

/// Exhibit fingerprints are computed from what `ExhibitReads` says an exhibit reads; they must equal those of
/// the formula that read the exhibit's keys itself (kept here only), or every existing output would rebuild.
final class ExhibitFingerprintTests: XCTestCase {
    /// The formula before ExhibitReads: `from`'s joins and sources, answer tables' sources, labels_from's source.
    func oldExhibitFingerprints(_ context: IncrementalPlan.Context, sources: [String: String]) -> [String: String] {
        let deps = Dependencies(config: context.config)
        func reads(_ names: Set<String>) -> [String] { names.sorted().map { "\($0)=\(sources[$0] ?? "")" } }
        var out: [String: String] = [:]
        for exhibit in context.config.exhibits {
            var read = deps.sources(of: exhibit.from)
            for s in exhibit.series {
                if let t = s.answers?.table { read.formUnion(deps.sources(of: t)) }
                if let l = s.labelsFrom, let source = l.split(separator: ".").first { read.insert(String(source)) }
            }
            let joins = deps.joins(of: exhibit.from).map { context.declarations.text("join", $0.id) }
            let spec = context.specs[exhibit.id].map { ["spec=\($0)"] } ?? []
            out[exhibit.id] = Fingerprint.hash(["exhibit", context.global, context.declarations.text("exhibit", exhibit.id)] + spec + joins + reads(read))
        }
        return out
    }

    func testTheStudysExhibitFingerprintsAreThoseOfTheOldFormula() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.config))
        let config = try ConfigLoader.load(path: Repo.config)
        let context = IncrementalPlan.Context(config: config, declarations: Declarations(configData: data), global: "g", verification: "v",
                                              deliveryFiles: [:], specs: Dictionary(uniqueKeysWithValues: config.exhibits.filter(\.kind.isDrawnFromSpec).map { ($0.id, "spec of \($0.id)") }))
        let current = IncrementalPlan.fingerprints(context, hash: { "h:\($0)" })
        XCTAssertEqual(current.exhibits.count, config.exhibits.count)
        XCTAssertEqual(current.exhibits, oldExhibitFingerprints(context, sources: current.sources))
        // The study has exhibits over joins, over answer tables and with labels_from, so each part is compared.
        XCTAssertTrue(config.exhibits.contains { e in config.joins.contains { $0.id == e.from } })
        XCTAssertTrue(config.exhibits.contains { $0.series.contains { $0.answers != nil } })
        XCTAssertTrue(config.exhibits.contains { $0.series.contains { $0.labelsFrom != nil } })
    }
}
