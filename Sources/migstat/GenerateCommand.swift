import ArgumentParser
import Foundation
import MigstatCore
import Generate
import Pipeline

struct GenerateData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic test data in the formats of the data contract.",
        subcommands: [GenerateRegistry.self])
}

struct GenerateRegistry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Write a deterministic synthetic registry delivery (same options, same bytes).",
        discussion: """
            Follows the contract's registry format: quoted employer names with commas, quotes, Cyrillic and rare \
            line breaks; a share of records repeated from earlier rows or deliveries with a newer or older updated_at; \
            a few defective rows for the quarantine. For a later delivery, pass --first-id after the earlier one's ids.
            """)

    @Option(help: "Number of data rows.") var rows: Int
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Output file, e.g. raw/registry/registry_20140101.csv.") var out: String
    @Option(name: .customLong("first-id"), help: "record_id of the first new record.") var firstId = 1
    @Option(help: "Person ids are drawn from 1...persons.") var persons = 2_000_000
    @Option(name: .customLong("repeat-share"), help: "Share of rows repeating an earlier record.") var repeatShare = 0.08
    @Option(name: .customLong("bad-share"), help: "Share of rows with a defect.") var badShare = 0.0005
    @Flag(name: .customLong("numeric-ids"), help: "Write record and person ids as plain numbers instead of R… and P… codes.") var numericIds = false
    @Flag(name: .customLong("unpadded-ids"), help: "Write record ids as plain numbers without leading zeros (1, 2, … 1000000; implies --numeric-ids).")
    var unpaddedIds = false
    @Flag(help: "Write the record ids in a random order (the same records, their keys permuted).") var shuffle = false
    @Flag(help: "Replace a file already at --out (renamed over: a link there is replaced, never followed, and a hard-linked file is not changed).") var force = false

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must be 0 or more") }
        guard firstId >= 1, persons >= 1 else { throw ValidationError("--first-id and --persons must be at least 1") }
        guard (0...1).contains(repeatShare), (0...1).contains(badShare), repeatShare + badShare <= 1 else {
            throw ValidationError("--repeat-share and --bad-share must be shares between 0 and 1")
        }
        if let problem = options.problem ?? RegistryGenerator.datingProblem(path: out) { throw ValidationError(problem) }
    }

    private var numeric: Bool { numericIds || unpaddedIds }

    private var options: RegistryGenerator.Options {
        var options = RegistryGenerator.Options(rows: rows, seed: seed, firstRecordId: firstId, persons: persons, repeatShare: repeatShare,
                                                badShare: badShare, recordPrefix: numeric ? "" : "R", personPrefix: numeric ? "" : "P")
        options.shuffle = shuffle
        options.unpaddedRecordIds = unpaddedIds
        return options
    }

    func run() throws {
        let summary: RegistryGenerator.Summary
        var st = stat()
        if !force, lstat(out, &st) == 0 {
            throw ExitStatus.fail(UnsafeOutputError(subject: out, message: "exists; give --force to replace it"))
        }
        do { summary = try RegistryGenerator(options).write(to: out, replacing: force) } catch { throw ExitStatus.fail(error) }
        StandardStreams.write("\(out): \(summary.rows) rows (\(summary.newRecords) new records, \(summary.repeats) repeated, \(summary.defective) defective), \(summary.bytes) bytes\n", to: .output)
    }
}
