import Foundation

/// The shape as a JSON Schema (draft 2020-12), printed by `migstat schema` and committed as
/// `schema/pipeline.schema.json`: objects are closed (`additionalProperties: false`) as the loader is.
extension ConfigShape {
    public func jsonSchema(title: String) -> String {
        var root: [(String, SchemaValue)] = [("$schema", .string("https://json-schema.org/draft/2020-12/schema")), ("title", .string(title))]
        root += schemaMembers
        return SchemaValue.object(root).text(indent: "") + "\n"
    }

    private var schemaMembers: [(String, SchemaValue)] {
        switch self {
        case let .string(description, oneOf, pattern):
            return [("type", .string("string"))] + (description.map { [("description", .string($0))] } ?? [])
                + (oneOf.map { [("enum", .array($0.map(SchemaValue.string)))] } ?? [])
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
                + (p.required.isEmpty ? [] : [("required", .array(p.required.map(SchemaValue.string)))])
                + [("additionalProperties", .bool(false))]
        case let .map(values, description):
            return [("type", .string("object")), ("description", .string(description)), ("additionalProperties", .object(values.schemaMembers))]
        case let .anyOf(shapes):
            return [("anyOf", .array(shapes.map { .object($0.schemaMembers) }))]
        }
    }
}

/// JSON with its keys in a chosen order, printed two spaces to a level: the schema reads like the model.
private indirect enum SchemaValue {
    case object([(String, SchemaValue)])
    case array([SchemaValue])
    case string(String)
    case integer(Int)
    case bool(Bool)

    func text(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case let .object(members) where !members.isEmpty:
            return "{\n" + members.map { inner + Self.quote($0.0) + ": " + $0.1.text(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        case .object: return "{}"
        case let .array(items) where items.allSatisfy({ if case .string = $0 { return true } else { return false } }):
            return "[" + items.map { $0.text(indent: inner) }.joined(separator: ", ") + "]"
        case let .array(items):
            return "[\n" + items.map { inner + $0.text(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case let .string(s): return Self.quote(s)
        case let .integer(i): return String(i)
        case let .bool(b): return b ? "true" : "false"
        }
    }

    static func quote(_ s: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
