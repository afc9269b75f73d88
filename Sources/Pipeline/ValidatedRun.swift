import Foundation
import Ingest
import MigstatCore

/// A run checked once, before it takes the lock and before any step: the output is migstat's to replace,
/// pipeline.json loads and passes every check, and the raw directory is there with every file it declares
/// inside it. The runner starts from this value and checks none of it again.
public struct ValidatedRun: Sendable {
    public let options: RunOptions
    public let config: PipelineConfig
    /// pipeline.json's SHA-256, as the manifest records it.
    let configSha256: String
    /// When the run started (the manifest's `started_at`, the store's `runs` table).
    let started: Date
    /// How long validating took: the manifest's "config" timing.
    let seconds: Double

    /// `migstat run` makes it before taking the lock, so that a run that cannot start leaves no lock file.
    public init(_ options: RunOptions) throws {
        started = Date()
        try OutputOwnership.check(output: options.outputDirectory, raw: options.rawDirectory, config: options.configPath)
        config = try ConfigLoader.load(path: options.configPath)
        configSha256 = try FileHash.sha256(path: options.configPath)
        try RawInputs.requireDirectory(options.rawDirectory)
        try RawInputs.requireInside(config, rawDirectory: options.rawDirectory, displayPrefix: options.displayPrefix)
        self.options = options
        seconds = Date().timeIntervalSince(started)
    }
}

extension RunOptions {
    /// How raw files are named in errors, the quarantine and the log: the raw directory as given, with a slash.
    var displayPrefix: String { rawDirectory.hasSuffix("/") ? rawDirectory : rawDirectory + "/" }
}

extension RawInputs {
    static func requireDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MigstatError.io(file: path, message: "no such directory")
        }
        guard isDirectory.boolValue else { throw MigstatError.io(file: path, message: "is a file, expected a directory") }
    }
}
