import Foundation

/// Reads the spec files of a study's diagrams and timelines and checks each one, so that a bad spec stops the
/// run before any stage, like a bad pipeline.json.
public enum FigureSpecLoader {
    /// Reads the spec of every diagram and timeline exhibit, relative to `baseDirectory` (that of pipeline.json).
    public static func attach(to config: inout PipelineConfig, baseDirectory: String) throws {
        for (e, exhibit) in config.exhibits.enumerated() where exhibit.kind.isDrawnFromSpec {
            guard let relative = exhibit.spec else { continue }   // the validator has already demanded it
            let url = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: baseDirectory, isDirectory: true))
            if ContainedPath.leaves(url.path, root: ContainedPath.join(baseDirectory, config.study.folder)) {
                throw MigstatError.config(path: "$.exhibits[\(e)].spec", message: "\"\(relative)\" resolves outside the study folder (a symbolic link); migstat reads only inside it")
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw MigstatError.config(path: "$.exhibits[\(e)].spec", message: "no such file \"\(relative)\"")
            }
            config.exhibits[e].figure = try decode(data, kind: exhibit.kind, file: relative)
        }
    }

    /// Decodes and checks one spec; errors name `file`, the line and column, and the JSON path inside it.
    public static func decode(_ data: Data, kind: ExhibitKind, file: String) throws -> FigureSpec {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: data)   // a syntax error at its line and column; a key given twice
        } catch {
            throw MigstatError.spec(file: "\(file):\(error.position)", path: error.path, message: error.message)
        }
        // A spec is hand-written: a misspelt key must be an error, not silently ignored (told as pipeline.json tells it).
        do {
            try (kind == .timeline ? ConfigShape.timeline : ConfigShape.diagram).checkKeys(document.root)
        } catch {
            throw MigstatError.spec(file: ConfigLoader.locate(error.path, in: document, file: file), path: error.path, message: error.message)
        }
        do {
            let validator = FigureSpecValidator(file: file)
            switch kind {
            case .timeline:
                let spec = try JSONDecoder().decode(TimelineSpec.self, from: data)
                try validator.validate(spec)
                return .timeline(spec)
            default:
                let spec = try JSONDecoder().decode(DiagramSpec.self, from: data)
                try validator.validate(spec)
                return .diagram(spec)
            }
        } catch let error as DecodingError {
            guard case let .config(path, message, _) = ConfigLoader.describe(error) else { throw error }
            throw MigstatError.spec(file: ConfigLoader.locate(path, in: document, file: file), path: path, message: message)
        } catch let MigstatError.spec(_, path, message) {
            throw MigstatError.spec(file: ConfigLoader.locate(path, in: document, file: file), path: path, message: message)
        }
    }
}
