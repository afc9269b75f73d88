import Foundation
import MigstatCore

/// Which part of the fingerprints (Fingerprints.swift) decides what a step redoes.
enum FingerprintPart: String, CaseIterable {
    /// Per source: the sources whose tables are read and cleaned again.
    case sources
    /// Per join: the joins built again.
    case joins
    /// Per delivery table ("source.table"): those whose every delivery is loaded again (new deliveries load anyway).
    case deliveries
    /// Per exhibit: the exhibits computed again.
    case exhibits
    /// Not per item: a step done whole on every run that is not up to date.
    case rebuild
}

/// One step of a run, declared: what it reads and what it makes (names of what the steps hand on in
/// `RunState`, or of the run's inputs), which fingerprints decide what it redoes, and the work itself.
struct RunStep {
    /// Also the step's key in manifest.json's timings.
    let name: String
    let inputs: [String]
    let outputs: [String]
    let fingerprint: FingerprintPart
    /// Does the step's work; `redo` holds the ids whose fingerprint part says to do again (empty for `.rebuild`).
    let perform: (_ run: RunState, _ redo: Set<String>) throws -> Void

    /// What a run reads that no step makes.
    static let runInputs: Set<String> = ["pipeline.json", "raw/ survey files", "raw/ deliveries", "published values", "previous output", "store"]
}

extension IncrementalPlan {
    /// What a step of the given fingerprint part redoes under this plan.
    func redo(_ part: FingerprintPart, config: PipelineConfig) -> Set<String> {
        switch part {
        case .sources: return sourcesToRead
        case .joins: return Set(joinsToBuild(config).map(\.id))
        case .deliveries: return dirtyDeliveries
        case .exhibits: return dirtyExhibits
        case .rebuild: return []
        }
    }

    /// Performs `steps` in order, each told by the plan what to redo, and times each into `run.timings`.
    func perform(_ steps: [RunStep], on run: RunState) throws {
        for step in steps {
            run.stepStarted = Date()
            try step.perform(run, redo(step.fingerprint, config: run.config))
            run.timings[step.name] = Date().timeIntervalSince(run.stepStarted)
        }
    }
}
