import Foundation

/// Reads `pipeline.json` and validates all of it before any stage runs.
public enum ConfigLoader {
    public static func load(path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw MigstatError.io(file: path, message: exists ? "cannot read the file (permissions?)" : "no such file")
        }
        var (config, document) = try read(data, file: path)
        do {
            let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let studyFolder = ContainedPath.join(base, config.study.folder)
            if ContainedPath.leaves(ContainedPath.join(base, config.study.publishedValues), root: studyFolder) {
                throw MigstatError.config(path: "$.study.published_values", message: "\"\(config.study.publishedValues)\" resolves outside the study folder (a symbolic link); migstat reads only inside it")
            }
            try FigureSpecLoader.attach(to: &config, baseDirectory: base)
            return config
        } catch let MigstatError.config(jsonPath, message, _) {
            // Name the file the user gave (--config), not the default, and where in it.
            throw MigstatError.config(path: jsonPath, message: message, file: locate(jsonPath, in: document, file: path))
        }
    }

    /// Decodes and validates pipeline.json; errors name `file`, the line and column, and the JSON path.
    public static func decode(_ data: Data, file: String = "pipeline.json") throws -> PipelineConfig {
        try read(data, file: file).config
    }

    private static func read(_ data: Data, file: String) throws -> (config: PipelineConfig, document: JSONDocument) {
        let document: JSONDocument
        do {
            document = try strictRead(data, shape: .pipeline)
        } catch {
            throw MigstatError.config(path: error.path, message: error.message, file: "\(file):\(error.position)")
        }
        do {
            let config: PipelineConfig
            do {
                config = try JSONDecoder().decode(PipelineConfig.self, from: data)
            } catch let error as DecodingError {
                throw describe(error, document: document, shape: .pipeline)
            }
            var validator = ConfigValidator(config)
            try validator.validate()
            return (config, document)
        } catch let MigstatError.config(jsonPath, message, _) {
            throw MigstatError.config(path: jsonPath, message: message, file: locate(jsonPath, in: document, file: file))
        } catch var all as ConfigErrors {
            all.errors = all.errors.map {
                guard case let .config(jsonPath, message, _) = $0 else { return $0 }
                return .config(path: jsonPath, message: message, file: locate(jsonPath, in: document, file: file))
            }
            throw all
        }
    }

    /// "file:line:column" of the value a JSON path names, or of the nearest value holding it (a missing key is
    /// reported where its object starts); just "file" for a path that is not in the document.
    static func locate(_ jsonPath: String, in document: JSONDocument, file: String) -> String {
        guard let components = JSONDocument.components(of: jsonPath) else { return file }
        for n in stride(from: components.count, through: 0, by: -1) {
            if let value = document.value(at: Array(components.prefix(n))) { return "\(file):\(value.position)" }
        }
        return file
    }

    /// What JSONDecoder lets pass: a syntax error without its place, a key given twice, a key the model does not
    /// know (a misspelt optional key would silently be its default).
    static func strictRead(_ data: Data, shape: ConfigShape) throws(JSONDocument.Problem) -> JSONDocument {
        let document = try JSONDocument(parsing: data)
        try shape.checkKeys(document.root)
        return document
    }

    /// A decoding error, with the accepted words when the value is not one of them (JSONDecoder says only
    /// "Cannot initialize ExhibitKind from invalid String value chart").
    static func describe(_ error: DecodingError, document: JSONDocument, shape: ConfigShape) -> MigstatError {
        if case let .dataCorrupted(ctx) = error, ctx.underlyingError == nil,
           case let .string(_, words?, _)? = shape.shape(at: ctx.codingPath),
           case let .string(found)? = document.value(at: ctx.codingPath.map(JSONDocument.PathComponent.init))?.node {
            return .config(path: jsonPath(ctx.codingPath), message: "expected one of \(words.joined(separator: ", ")), found \"\(found)\"")
        }
        return describe(error)
    }

    /// Turns a decoding error into the JSON path of the offending value and what was expected there.
    static func describe(_ error: DecodingError) -> MigstatError {
        switch error {
        case let .keyNotFound(key, ctx):
            return .config(path: jsonPath(ctx.codingPath), message: "missing key \"\(key.stringValue)\"")
        case let .typeMismatch(type, ctx):
            return .config(path: jsonPath(ctx.codingPath), message: "expected \(describe(type)); \(ctx.debugDescription)")
        case let .valueNotFound(type, ctx):
            return .config(path: jsonPath(ctx.codingPath), message: "expected \(describe(type)), found null")
        case let .dataCorrupted(ctx):
            let underlying = (ctx.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return .config(path: jsonPath(ctx.codingPath), message: underlying ?? ctx.debugDescription)
        @unknown default:
            return .config(path: "$", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : (name.hasPrefix("Dictionary") ? "an object" : "an object (\(name))")
        }
    }

    public static func jsonPath(_ path: [CodingKey]) -> String {
        path.reduce("$") { acc, key in
            if let i = key.intValue { return acc + "[\(i)]" }
            return acc + "." + key.stringValue
        }
    }
}
