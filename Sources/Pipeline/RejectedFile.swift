import Foundation
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// `<out>.rejected.csv`: the rows a run that crossed a `max_quarantined` would have quarantined (the columns of
/// quarantine.csv), beside the output it left as it was.
enum RejectedFile {
    static func path(output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".rejected.csv").path
    }

    /// Writes the file and returns its name as the output was named (relative stays relative).
    static func write(output: String, config: PipelineConfig, records: [QuarantineRecord], delivered: [String: [QuarantineRecord]]) throws -> String {
        try QuarantineFile.replace(path(output: output), config: config, records: records, delivered: delivered)
        return (output.hasSuffix("/") ? String(output.dropLast()) : output) + ".rejected.csv"
    }

    /// A run within its limits removes the rows a failed one left, which no longer describe the output; a file
    /// of that name migstat did not write is left alone.
    static func removeStale(output: String) {
        let stale = path(output: output)
        guard (try? SideFile.requireOursOrAbsent(stale, startingWith: QuarantineFile.header)) != nil else { return }
        unlink(stale)
    }
}

extension QuarantineFile {
    /// A quarantine file outside the output (`<out>.rejected.csv`, `check --quarantine FILE`): confidential (no
    /// "other" bits), made O_EXCL|O_NOFOLLOW under a temporary name beside it and renamed over the previous one.
    /// A file there that does not start with quarantine.csv's header (not migstat's), a link, or a file with
    /// other names is refused (exit 64), never replaced or truncated (SideFile).
    static func replace(_ path: String, config: PipelineConfig, records: [QuarantineRecord], delivered: [String: [QuarantineRecord]] = [:]) throws {
        try SideFile.requireOursOrAbsent(path, startingWith: header)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        // Ends in .rejected.csv, so that NoFollow creates it confidential too.
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString.prefix(8))-\(getpid()).rejected.csv").path
        do {
            try write(to: temporary, config: config, records: records, delivered: delivered)
            try SideFile.requireOursOrAbsent(path, startingWith: header)
            guard rename(temporary, path) == 0 else { throw MigstatError.output(path: path, message: PosixError.describe(errno)) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// `check --quarantine FILE` never writes among the raw extracts it reads.
    static func requireOutside(raw: String, _ path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let directory = NoFollow.resolved(parent), let rawDirectory = NoFollow.resolved(raw) else { return }
        if directory == rawDirectory || directory.hasPrefix(rawDirectory + "/") {
            throw UnsafeOutputError(subject: path, message: "is inside the raw extracts (\(raw)); migstat writes nothing there: name a file elsewhere")
        }
    }
}
