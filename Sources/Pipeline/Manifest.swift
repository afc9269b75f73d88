import Clean
import Foundation
import Ingest
import MigstatCore

/// manifest.json: what went in (files, hashes, rows read, loaded, quarantined), versions and timings.
struct Manifest: Encodable {
    struct Input: Encodable {
        var source: String, file: String, bytes: Int, sha256: String
        var rowsRead: Int, rowsLoaded: Int, rowsQuarantined: Int
        enum CodingKeys: String, CodingKey {
            case source, file, bytes, sha256, rowsRead = "rows_read", rowsLoaded = "rows_loaded", rowsQuarantined = "rows_quarantined"
        }
    }
    struct Totals: Encodable {
        var rowsRead: Int, rowsLoaded: Int, rowsQuarantined: Int
        enum CodingKeys: String, CodingKey { case rowsRead = "rows_read", rowsLoaded = "rows_loaded", rowsQuarantined = "rows_quarantined" }
    }
    var migstatVersion: String
    /// The running executable's SHA-256 (BuildIdentity), also part of every fingerprint.
    var buildSha256: String
    var sqliteVersion: String
    var config: Input?
    var configSha256: String
    var inputs: [Input]
    var totals: Totals
    var outputs: [String]
    /// The SHA-256 of every output file, the store included: a run checks them before it trusts the output.
    var outputSha256: [String: String] = [:]
    var startedAt: String
    var timings: [String: Double]
    /// What each part was built from, for the next run to skip what did not change (see IncrementalPlan).
    var fingerprints: Fingerprints?
    var summary: RunSummary.Snapshot?
    /// What the figures were drawn with (RendererIdentity): the next run keeps a drawing only under the same.
    var rendererSha256: String?

    enum CodingKeys: String, CodingKey {
        case migstatVersion = "migstat_version", buildSha256 = "build_sha256", sqliteVersion = "sqlite_version", configSha256 = "config_sha256"
        case inputs, totals, outputs, outputSha256 = "output_sha256", startedAt = "started_at", timings, fingerprints, summary
        case rendererSha256 = "renderer_sha256"
    }

    init(files: [FileAccount], configSha256: String, sqliteVersion: String, outputs: [String], startedAt: String, timings: [String: Double]) {
        migstatVersion = MigstatVersion.current
        buildSha256 = BuildIdentity.sha256
        self.sqliteVersion = sqliteVersion
        self.configSha256 = configSha256
        inputs = files.map { Input(source: $0.source, file: $0.file, bytes: $0.bytes, sha256: $0.sha256, rowsRead: $0.read, rowsLoaded: $0.loaded, rowsQuarantined: $0.quarantined) }
        totals = Totals(rowsRead: files.map(\.read).reduce(0, +), rowsLoaded: files.map(\.loaded).reduce(0, +), rowsQuarantined: files.map(\.quarantined).reduce(0, +))
        self.outputs = outputs
        self.startedAt = startedAt
        self.timings = timings
    }

    /// Hashes the files written to the staged output, as the next run will hash them to check it.
    /// `known`: hashes already taken of files that did not change since (`BackgroundHash`).
    mutating func recordHashes(of files: [String], in out: OutputDirectory, known: [String: String] = [:]) throws {
        for file in files { outputSha256[file] = try known[file] ?? FileHash.sha256(path: out.path(file)) }
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

public enum MigstatVersion {
    /// 0.2.0: registry deliveries, incremental runs, trusted previous outputs, design-based statistics, export/,
    /// datapackage.json, quarantine thresholds and structured logs since 0.1.0. The version is in every
    /// fingerprint, so an output of an older migstat is rebuilt whole rather than completed.
    public static let current = "0.2.0"
}
