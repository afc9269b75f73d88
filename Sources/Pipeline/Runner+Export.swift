import Export
import Foundation
import MigstatCore
import Store

/// The labelled Stata/SPSS exports and the data package, emitted into the staging output.
extension Runner {
    /// Writes `export/<source>_<table>.dta|.sav` of every survey source: from the tables read in this run, or,
    /// for a source not read again, the previous output's files as they were (its tables did not change).
    func writeExports(_ config: PipelineConfig, tables: [String: DataTable], read: Set<String>, previous: PreviousOutput?,
                      into out: OutputDirectory) throws -> [String] {
        let sources = SurveyExports.surveySources(config)
        var written: [String] = []
        try SurveyExports.forEachFile(config, sources: sources.filter(read.contains), tables: tables) { path, data in
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

extension Runner {
    /// Writes datapackage.json describing the CSV files already written (read back from the staging output),
    /// with the category labels of the store's codebook.
    func writeDataPackage(_ config: PipelineConfig, written: [String], store: RunStore, into out: OutputDirectory) throws -> String {
        let files = try written.filter { $0.hasSuffix(".csv") }.map { path -> (path: String, text: String) in
            guard let data = FileManager.default.contents(atPath: out.path(path)) else { throw MigstatError.io(file: out.path(path), message: "cannot read it back") }
            return (path, String(decoding: data, as: UTF8.self))
        }
        let labels = try store.categoryLabels()
        try out.write("datapackage.json", try DataPackage.json(title: config.study.title, files: files, categoryLabels: labels))
        return "datapackage.json"
    }
}
