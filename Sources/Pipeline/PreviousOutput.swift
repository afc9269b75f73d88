import Foundation

/// The output an earlier run left, read only as far as an incremental run needs: its manifest (what it was
/// built from) and whether every file it lists is still there.
struct PreviousOutput {
    struct ManifestSnapshot: Decodable {
        struct Totals: Decodable {
            var rowsRead: Int, rowsLoaded: Int, rowsQuarantined: Int
            enum CodingKeys: String, CodingKey { case rowsRead = "rows_read", rowsLoaded = "rows_loaded", rowsQuarantined = "rows_quarantined" }
        }
        struct Input: Decodable { var file: String; var sha256: String }
        var configSha256: String
        var inputs: [Input]
        var outputs: [String]
        var totals: Totals
        var startedAt: String
        var fingerprints: Fingerprints?
        var summary: RunSummary.Snapshot?
        enum CodingKeys: String, CodingKey {
            case configSha256 = "config_sha256", inputs, outputs, totals, startedAt = "started_at", fingerprints, summary
        }
    }

    let directory: URL
    let manifest: ManifestSnapshot

    /// nil when there is no output yet, or its manifest cannot be read (a run then builds everything).
    init?(directory path: String) {
        directory = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path),
              let manifest = try? JSONDecoder().decode(ManifestSnapshot.self, from: data) else { return nil }
        self.manifest = manifest
    }

    func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    var databasePath: String { path("migration.sqlite") }

    /// The recorded hash of an input, by its display path (raw/...).
    func inputSha256(_ displayPath: String) -> String? { manifest.inputs.first { $0.file == displayPath }?.sha256 }

    /// Every output the manifest lists still exists.
    var isComplete: Bool { manifest.outputs.allSatisfy { FileManager.default.fileExists(atPath: path($0)) } }
}
