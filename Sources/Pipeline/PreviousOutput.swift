import Foundation
import Ingest
import Store

/// The output an earlier run left, read only as far as an incremental run needs: its manifest (what it was
/// built from) and whether its files are still the ones that run wrote.
struct PreviousOutput {
    struct ManifestSnapshot: Decodable {
        struct Totals: Decodable {
            var rowsRead: Int, rowsLoaded: Int, rowsQuarantined: Int
            enum CodingKeys: String, CodingKey { case rowsRead = "rows_read", rowsLoaded = "rows_loaded", rowsQuarantined = "rows_quarantined" }
        }
        struct Input: Decodable { var file: String; var sha256: String }
        var configSha256: String
        var buildSha256: String?
        var inputs: [Input]
        var outputs: [String]
        var outputSha256: [String: String]?
        var totals: Totals
        var startedAt: String
        var fingerprints: Fingerprints?
        var summary: RunSummary.Snapshot?
        var rendererSha256: String?
        enum CodingKeys: String, CodingKey {
            case configSha256 = "config_sha256", buildSha256 = "build_sha256", inputs, outputs, outputSha256 = "output_sha256"
            case totals, startedAt = "started_at", fingerprints, summary, rendererSha256 = "renderer_sha256"
        }
    }

    /// A file of the previous output that failed a check, said as the log says it.
    struct Failure: CustomStringConvertible {
        var file: String
        var check: String
        var description: String { "\(file) \(check)" }
    }

    /// What a run may take from the previous output.
    enum Trust {
        /// Every file is as the manifest records it and the store passes SQLite's check.
        case intact
        /// The store is sound, other files are not: they are rendered again from it.
        case filesDamaged([Failure])
        /// Nothing is taken over (the store is damaged, edited, or not recorded): everything is built from raw/.
        case untrusted(Failure)
    }

    static let storeFile = "migration.sqlite"

    let directory: URL
    /// The output directory as the user named it, for the log.
    let displayDirectory: String
    let manifest: ManifestSnapshot

    /// nil when there is no output yet, or its manifest cannot be read (a run then builds everything).
    init?(directory path: String) {
        directory = URL(fileURLWithPath: path).standardizedFileURL
        displayDirectory = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path),
              let manifest = try? JSONDecoder().decode(ManifestSnapshot.self, from: data) else { return nil }
        self.manifest = manifest
    }

    func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    var databasePath: String { path(Self.storeFile) }

    /// The recorded hash of an input, by its display path (raw/...).
    func inputSha256(_ displayPath: String) -> String? { manifest.inputs.first { $0.file == displayPath }?.sha256 }

    /// Hashes every file the manifest lists and runs SQLite's check on the store: an output is trusted only
    /// as far as it is still what the run that recorded it wrote (a file edited by hand, cut short by a full
    /// disk or damaged is not).
    /// `storeFile` is the output file the store is; nil for a database, which keeps its own accounts (the
    /// deliveries it holds and their hashes) and is not part of the output.
    func trust(storeFile: String? = Self.storeFile) -> Trust {
        func failure(_ file: String, _ check: String) -> Failure { Failure(file: "\(displayDirectory)/\(file)", check: check) }
        guard let recorded = manifest.outputSha256, storeFile.map(manifest.outputs.contains) ?? true else {
            return .untrusted(failure("manifest.json", "records no SHA-256 of the output files (written by an older migstat)"))
        }
        func check(_ file: String) -> Failure? {
            guard let actual = try? FileHash.sha256(path: path(file)) else { return failure(file, "is missing or unreadable") }
            return actual == recorded[file] ? nil : failure(file, "does not match the SHA-256 manifest.json records for it (edited or damaged)")
        }
        // The store first: when it cannot be trusted, nothing else matters.
        if let storeFile {
            if let store = check(storeFile) { return .untrusted(store) }
            if let problem = Database.integrityProblem(path: path(storeFile)) {
                return .untrusted(failure(storeFile, "fails SQLite's integrity check (\(problem))"))
            }
        }
        let failures = manifest.outputs.filter { $0 != storeFile }.compactMap(check)
        return failures.isEmpty ? .intact : .filesDamaged(failures)
    }
}
