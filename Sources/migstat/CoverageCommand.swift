import ArgumentParser
import Foundation
import MigstatCore
import Simulate

/// Hidden: the coverage simulation behind scripts/bench-coverage.sh.
struct BenchCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-coverage", abstract: "Coverage of 95% intervals over simulated stratified two-stage samples.", shouldDisplay: false)

    @Option(help: "Number of samples drawn.") var samples = 2000
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() throws {
        let r = CoverageSimulation(samples: samples, seed: seed).run()
        StandardStreams.write(String(format: "%d samples; true share %.4f; mean design effect %.2f\n", r.samples, r.truth, r.meanDeff), to: .output)
        StandardStreams.write(String(format: "coverage of the 95%% interval: design-based (logit, t) %.1f%%; Wilson on Kish's n_eff %.1f%%; Wilson on n %.1f%%\n",
                                     100 * r.designBased, 100 * r.kish, 100 * r.naive), to: .output)
    }
}
