/// Walks a JSON document along a shape and refuses the first key the shape does not name, at its line, column and
/// JSON path, with a did-you-mean. Values of the wrong kind are left to the decoder, which names their path.
extension ConfigShape {
    public func checkKeys(_ value: JSONDocument.Value) throws(JSONDocument.Problem) {
        var path: [JSONDocument.PathComponent] = []
        try check(value, path: &path)
    }

    private func check(_ value: JSONDocument.Value, path: inout [JSONDocument.PathComponent]) throws(JSONDocument.Problem) {
        switch (self, value.node) {
        case let (.object(properties), .object(members)):
            for member in members {
                path.append(.key(member.key))
                guard let shape = properties.shape(of: member.key) else {
                    throw JSONDocument.Problem(position: member.keyPosition, path: JSONDocument.path(path),
                                               message: UnknownKey.message(member.key, known: properties.keys.map(\.name)))
                }
                try shape.check(member.value, path: &path)
                path.removeLast()
            }
        case let (.map(shape, _), .object(members)):
            for member in members {
                path.append(.key(member.key))
                try shape.check(member.value, path: &path)
                path.removeLast()
            }
        case let (.array(shape, _), .array(items)):
            for (i, item) in items.enumerated() {
                path.append(.index(i))
                try shape.check(item, path: &path)
                path.removeLast()
            }
        case let (.anyOf(shapes), _):
            // The branch that takes this kind of value (an object, an array) is the one whose keys matter.
            guard let branch = shapes.first(where: { $0.takes(value.node) }) else { return }
            try branch.check(value, path: &path)
        default:
            return
        }
    }

    /// The shape of the value at a decoder's coding path, if the path follows the shape.
    func shape(at path: [CodingKey]) -> ConfigShape? {
        guard let head = path.first else { return self }
        let rest = Array(path.dropFirst())
        switch self {
        case let .object(p): return p.shape(of: head.stringValue)?.shape(at: rest)
        case let .map(values, _): return values.shape(at: rest)
        case let .array(items, _): return head.intValue == nil ? nil : items.shape(at: rest)
        case let .anyOf(shapes):
            return shapes.lazy.compactMap { $0.shape(at: path) }.first
        default: return nil
        }
    }

    private func takes(_ node: JSONDocument.Node) -> Bool {
        switch (self, node) {
        case (.object, .object), (.map, .object), (.array, .array): return true
        default: return false
        }
    }
}
