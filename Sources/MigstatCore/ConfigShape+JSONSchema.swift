/// The shape as a JSON Schema (draft 2020-12), printed by `migstat schema` and committed as
/// `schema/pipeline.schema.json`: objects are closed (`additionalProperties: false`) as the loader is.
extension ConfigShape {
    public func jsonSchema(title: String) -> String {
        var root: [(String, JSONText)] = [("$schema", .string("https://json-schema.org/draft/2020-12/schema")), ("title", .string(title))]
        root += schemaMembers
        return JSONText.object(root).pretty() + "\n"
    }

    private var schemaMembers: [(String, JSONText)] {
        switch self {
        case let .string(description, oneOf, pattern):
            return [("type", .string("string"))] + (description.map { [("description", .string($0))] } ?? [])
                + (oneOf.map { [("enum", .array($0.map(JSONText.string)))] } ?? [])
                + (pattern.map { [("pattern", .string($0))] } ?? [])
        case .number: return [("type", .string("number"))]
        case let .integer(minimum, maximum):
            return [("type", .string("integer"))] + (minimum.map { [("minimum", .integer($0))] } ?? []) + (maximum.map { [("maximum", .integer($0))] } ?? [])
        case .boolean: return [("type", .string("boolean"))]
        case .null: return [("type", .string("null"))]
        case let .array(items, minItems):
            return [("type", .string("array")), ("items", .object(items.schemaMembers))] + (minItems.map { [("minItems", .integer($0))] } ?? [])
        case let .object(p):
            return [("type", .string("object"))] + (p.description.map { [("description", .string($0))] } ?? [])
                + [("properties", .object(p.keys.map { ($0.name, .object($0.shape.schemaMembers)) }))]
                + (p.required.isEmpty ? [] : [("required", .array(p.required.map(JSONText.string)))])
                + [("additionalProperties", .bool(false))]
        case let .map(values, description):
            return [("type", .string("object")), ("description", .string(description)), ("additionalProperties", .object(values.schemaMembers))]
        case let .anyOf(shapes):
            return [("anyOf", .array(shapes.map { .object($0.schemaMembers) }))]
        }
    }
}
