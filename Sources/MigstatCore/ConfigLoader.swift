import Foundation

/// Reads `pipeline.json` and validates all of it before any stage runs.
public enum ConfigLoader {
    public static func load(path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw MigstatError.io(file: path, message: exists ? "cannot read the file (permissions?)" : "no such file")
        }
        do {
            var config = try decode(data)
            let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let studyFolder = ContainedPath.join(base, config.study.folder)
            if ContainedPath.leaves(ContainedPath.join(base, config.study.publishedValues), root: studyFolder) {
                throw MigstatError.config(path: "$.study.published_values", message: "\"\(config.study.publishedValues)\" resolves outside the study folder (a symbolic link); migstat reads only inside it")
            }
            try FigureSpecLoader.attach(to: &config, baseDirectory: base)
            return config
        } catch let MigstatError.config(jsonPath, message, _) {
            // Name the file the user gave (--config), not the default.
            throw MigstatError.config(path: jsonPath, message: message, file: path)
        }
    }

    public static func decode(_ data: Data) throws -> PipelineConfig {
        let config: PipelineConfig
        do {
            config = try JSONDecoder().decode(PipelineConfig.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw MigstatError.config(path: "$", message: "not valid JSON: \(error.localizedDescription)")
        }
        var validator = ConfigValidator(config)
        try validator.validate()
        return config
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
