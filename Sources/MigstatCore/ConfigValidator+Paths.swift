/// migstat reads only inside the raw directory, the configuration and the study folder it names (the folder of
/// `published_values`). A path in pipeline.json must stay inside the one it is relative to: not absolute, no
/// `..`, nothing that is not text. Symbolic links are resolved where the files are opened (`ContainedPath`).
extension ConfigValidator {
    func validatePaths() throws {
        try checkRelativePath(config.study.publishedValues, path: "$.study.published_values", inside: "the configuration's directory")
        for (s, source) in config.sources.enumerated() {
            if let codebook = source.codebook {
                try checkRelativePath(codebook.file, path: "$.sources[\(s)].codebook.file", inside: "the raw directory")
            }
            for (t, table) in source.tables.enumerated() {
                let tp = "$.sources[\(s)].tables[\(t)]"
                if let glob = table.deliveries { try checkRelativePath(glob, path: "\(tp).deliveries", inside: "the raw directory") }
                if table.file != table.deliveries { try checkRelativePath(table.file, path: "\(tp).file", inside: "the raw directory") }
            }
        }
        let folder = config.study.folder
        for (e, exhibit) in config.exhibits.enumerated() {
            guard let spec = exhibit.spec else { continue }
            let where_ = folder.isEmpty ? "the configuration's directory" : "the study folder \(folder)/"
            try checkRelativePath(spec, path: "$.exhibits[\(e)].spec", inside: where_)
            if !folder.isEmpty && !spec.hasPrefix(folder + "/") { throw fail("$.exhibits[\(e)].spec", "expected a file inside \(where_), found \(quoted(spec))") }
        }
    }

    private func checkRelativePath(_ value: String, path: String, inside: String) throws {
        let components = value.split(separator: "/", omittingEmptySubsequences: false)
        let bad = value.isEmpty || value.hasPrefix("/") || components.contains("..") || value.hasSuffix("/")
            || value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        if bad { throw fail(path, "expected a relative path of a file inside \(inside) (no \"..\", not absolute), found \(quoted(value))") }
    }
}

extension StudyConfig {
    /// The study folder: where `published_values` lies, relative to the configuration ("" for its own directory).
    /// Figure specs are read from inside it.
    public var folder: String {
        guard let slash = publishedValues.lastIndex(of: "/") else { return "" }
        return String(publishedValues[..<slash])
    }
}
