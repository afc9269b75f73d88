/// The shape of a JSON configuration: which keys each object takes and what kind of value each holds.
/// One description serves two ends: the loader checks a document's keys against it (an unknown key is an error
/// with a did-you-mean), and `migstat schema` prints it as a JSON Schema for editors and other validators.
public indirect enum ConfigShape: Sendable {
    case string(description: String? = nil, oneOf: [String]? = nil, pattern: String? = nil)
    case number
    /// A whole number, optionally bounded.
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case boolean
    case null
    case array(ConfigShape, minItems: Int? = nil)
    /// An object whose keys are fixed: every other key is an error.
    case object(Properties)
    /// An object whose keys are names the configuration chooses (columns, categories, languages).
    case map(ConfigShape, description: String)
    /// Any one of several shapes (a string or a list of strings, a value or a range).
    case anyOf([ConfigShape])

    public struct Properties: Sendable {
        /// In the order of the model's CodingKeys.
        public var keys: [(name: String, shape: ConfigShape)]
        public var required: [String]
        public var description: String?
        public func shape(of key: String) -> ConfigShape? { keys.first { $0.name == key }?.shape }
    }

    /// An object whose keys are exactly the cases of the model's CodingKeys: the one list of what a type accepts.
    /// The switch in `shape` must name every key, so a key added to the model needs its shape here.
    static func object<K: CodingKey & CaseIterable>(_ keys: K.Type, required: [K] = [], description: String? = nil,
                                                    _ shape: (K) -> ConfigShape) -> ConfigShape {
        .object(Properties(keys: K.allCases.map { ($0.stringValue, shape($0)) }, required: required.map(\.stringValue),
                           description: description))
    }

    /// A string naming one of an enum's raw values.
    static func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> ConfigShape where E.RawValue == String {
        .string(oneOf: E.allCases.map(\.rawValue))
    }

    static let text = ConfigShape.string()
    static let texts = ConfigShape.array(.string())
    /// `[A-Za-z0-9_]+`: names that become file names, SQL names and HTML ids.
    static let word = ConfigShape.string(pattern: "^[A-Za-z0-9_]+$")
    static func textOrTexts(minItems: Int? = nil) -> ConfigShape { .anyOf([.string(), .array(.string(), minItems: minItems)]) }
}
