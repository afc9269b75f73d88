import Export
import Foundation
import MigstatCore

/// The labelled Stata/SPSS exports and the data package, emitted into the staging output.
extension Runner {
    /// Writes `export/<source>_<table>.dta|.sav` of every survey source: from the tables read in this run, or,
    /// for a source not read again, the previous output's files as they were (its tables did not change).
    func writeExports(_ config: PipelineConfig, tables: [String: DataTable], read: Set<String>, previous: PreviousOutput?,
                      into out: OutputDirectory) throws -> [String] {
        let sources = SurveyExports.surveySources(config)
        var written: [String] = []
        for (path, data) in try SurveyExports.files(config, sources: sources.filter(read.contains), tables: tables) {
            try out.write(path, data)
            written.append(path)
        }
        let kept = Set(sources.filter { !read.contains($0) })
        for path in previous?.manifest.outputs ?? [] where path.hasPrefix("export/") {
            guard kept.contains(where: { path.hasPrefix("export/\($0)_") }) else { continue }
            let from = previous!.directory.appendingPathComponent(path).path
            guard let data = FileManager.default.contents(atPath: from) else {
                throw MigstatError.io(file: from, message: "the previous output lacks its export; run again with --force")
            }
            try out.write(path, data)
            written.append(path)
        }
        return written
    }
}
