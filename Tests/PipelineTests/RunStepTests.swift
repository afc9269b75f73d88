import Foundation
import MigstatCore
@testable import Pipeline
import XCTest

/// The run as declared steps: the order is consistent with what each step reads, and the loop gives each step
/// what the plan says to redo for its part of the fingerprints.
final class RunStepTests: XCTestCase {
    func runner(verify: Bool = true) -> Runner {
        Runner(options: RunOptions(configPath: Repo.config, rawDirectory: Repo.raw, outputDirectory: "/nonexistent/out", verify: verify))
    }

    func testEveryStepReadsOnlyTheRunsInputsAndWhatAnEarlierStepMade() {
        for verify in [true, false] {
            var available = RunStep.runInputs
            for step in runner(verify: verify).steps {
                let missing = Set(step.inputs).subtracting(available)
                XCTAssertTrue(missing.isEmpty, "\(step.name) reads \(missing.sorted()) before any step makes it")
                available.formUnion(step.outputs)
            }
        }
    }

    func testStepNamesAreTheManifestsTimingKeysOnceEach() {
        let names = runner().steps.map(\.name)
        XCTAssertEqual(names, ["ingest_clean", "join", "aggregate", "registry_load", "registry_exhibits", "contrasts", "verify", "disclosure",
                               "quarantine_limits", "store", "render"])
        XCTAssertFalse(runner(verify: false).steps.map(\.name).contains("verify"), "--no-verify has no verify step")
    }

    func testTheLoopGivesEachStepWhatItsFingerprintPartSaysToRedo() throws {
        let validated = try ValidatedRun(RunOptions(configPath: Repo.config, rawDirectory: Repo.raw,
                                                    outputDirectory: try temporaryDirectory().appendingPathComponent("out").path))
        let config = validated.config
        let join = try XCTUnwrap(config.joins.first)
        let joinSources = Dependencies(config: config).sources(of: join.id)
        var plan = IncrementalPlan(fingerprints: Fingerprints(global: "", sources: [:], deliveries: [:], exhibits: [:], verification: ""),
                                   dirtyExhibits: ["one_exhibit"], sourcesToRead: joinSources, upToDate: false, reason: "test")
        plan.dirtyDeliveries = ["registry.records"]
        let context = IncrementalPlan.Context(config: config, declarations: Declarations(configData: Data()), global: "", verification: "",
                                              deliveryFiles: [:])
        let run = RunState(validated, plan: plan, context: context, hashes: InputHashes(output: "/nonexistent/out", trustRecorded: false),
                           previous: nil, target: SQLiteStoreTarget(force: true), timings: [:])
        var given: [(String, Set<String>)] = []
        let steps = FingerprintPart.allCases.map { part in
            RunStep(name: part.rawValue, inputs: [], outputs: [], fingerprint: part) { _, redo in given.append((part.rawValue, redo)) }
        }
        try plan.perform(steps, on: run)

        XCTAssertEqual(given.map(\.0), FingerprintPart.allCases.map(\.rawValue), "in the declared order, each once")
        let redo = Dictionary(uniqueKeysWithValues: given)
        XCTAssertEqual(redo["sources"], joinSources)
        // Only the joins whose every source is read again can be built; the others stay in the store.
        let buildable = Set(config.joins.filter { Dependencies(config: config).sources(of: $0.id).isSubset(of: joinSources) }.map(\.id))
        XCTAssertTrue(buildable.contains(join.id))
        XCTAssertEqual(redo["joins"], buildable)
        XCTAssertEqual(redo["deliveries"], ["registry.records"])
        XCTAssertEqual(redo["exhibits"], ["one_exhibit"])
        XCTAssertEqual(redo["rebuild"], [])
        XCTAssertEqual(Set(run.timings.keys), Set(FingerprintPart.allCases.map(\.rawValue)), "every step timed under its name")
    }

    func testAStepThatFailsStopsTheLoopBeforeTheNext() throws {
        let validated = try ValidatedRun(RunOptions(configPath: Repo.config, rawDirectory: Repo.raw,
                                                    outputDirectory: try temporaryDirectory().appendingPathComponent("out").path))
        let plan = IncrementalPlan(fingerprints: Fingerprints(global: "", sources: [:], deliveries: [:], exhibits: [:], verification: ""),
                                   dirtyExhibits: [], sourcesToRead: [], upToDate: false, reason: "test")
        let context = IncrementalPlan.Context(config: validated.config, declarations: Declarations(configData: Data()), global: "",
                                              verification: "", deliveryFiles: [:])
        let run = RunState(validated, plan: plan, context: context, hashes: InputHashes(output: "/nonexistent/out", trustRecorded: false),
                           previous: nil, target: SQLiteStoreTarget(force: true), timings: [:])
        struct Stop: Error {}
        var performed: [String] = []
        let steps = [RunStep(name: "first", inputs: [], outputs: [], fingerprint: .rebuild) { _, _ in performed.append("first"); throw Stop() },
                     RunStep(name: "second", inputs: [], outputs: [], fingerprint: .rebuild) { _, _ in performed.append("second") }]
        XCTAssertThrowsError(try plan.perform(steps, on: run)) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(performed, ["first"])
    }

    func testAnUpToDateOutputPerformsNoStep() throws {
        let out = try temporaryDirectory().appendingPathComponent("out")
        try runPipeline(out: out)
        var events: [String] = []
        let summary = try Runner(options: RunOptions(configPath: Repo.config, rawDirectory: Repo.raw, outputDirectory: out.path),
                                 log: { events.append($0.name) }).run()
        XCTAssertTrue(summary.upToDate)
        XCTAssertEqual(events, ["plan_made", "output_unchanged"], "no step logged anything")
    }
}
