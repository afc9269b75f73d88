import MigstatCore
import Registry

/// Every file a run or a check reads from the raw directory — codebooks, tables, the deliveries found — must
/// resolve inside it. One that a symbolic link (or a linked folder) takes elsewhere is refused by name before
/// any stage opens or hashes it, so no byte of it reaches an error, a log or the output.
enum RawInputs {
    static func requireInside(_ config: PipelineConfig, rawDirectory: String, displayPrefix: String) throws {
        for source in config.sources {
            var files = source.codebook.map { [$0.file] } ?? []
            for table in source.tables {
                if let pattern = table.deliveries { files += DeliveryFiles.list(rawDirectory: rawDirectory, pattern: pattern) }
                else { files.append(table.file) }
            }
            for file in files where ContainedPath.leaves(ContainedPath.join(rawDirectory, file), root: rawDirectory) {
                throw MigstatError.io(file: displayPrefix + file,
                                      message: "resolves outside the raw directory (a symbolic link to a file elsewhere); refused, migstat reads only inside \(displayPrefix)")
            }
        }
    }
}
