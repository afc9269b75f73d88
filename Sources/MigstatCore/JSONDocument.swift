import Foundation

/// A JSON text read with the line and column of every value and key, so that a configuration's errors can say
/// where they are. Foundation's JSONDecoder still decodes the model; this reader only finds what it cannot
/// report: where a syntax error is, and keys given twice (JSONDecoder keeps one of them silently).
public struct JSONDocument: Sendable {
    /// 1-based line and column (in characters, as editors count them).
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var description: String { "\(line):\(column)" }
    }

    public indirect enum Node: Sendable {
        case object([Member])
        case array([Value])
        case string(String)
        case number
        case bool
        case null
    }

    public struct Value: Sendable {
        public var node: Node
        public var position: Position
    }

    public struct Member: Sendable {
        public var key: String
        public var keyPosition: Position
        public var value: Value
    }

    /// A text that is not JSON, or an object that names a key twice: where, inside which value, and what is wrong.
    public struct Problem: Error, Sendable, Equatable {
        public var position: Position
        /// The JSON path of the value being read when the problem was met ("$.sources[3]").
        public var path: String
        public var message: String
    }

    public let root: Value

    /// Deeper than this, a configuration is a mistake (or an attack on the stack).
    static let maximumDepth = 256

    public init(parsing data: Data) throws(Problem) {
        var reader = Reader(bytes: [UInt8](data))
        root = try reader.document()
    }

    /// The value at a JSON path of keys and indices, or nil.
    public func value(at path: [PathComponent]) -> Value? {
        var current = root
        for component in path {
            switch (component, current.node) {
            case let (.key(k), .object(members)):
                guard let m = members.last(where: { $0.key == k }) else { return nil }
                current = m.value
            case let (.index(i), .array(items)) where items.indices.contains(i):
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }

    public enum PathComponent: Sendable, Equatable {
        case key(String)
        case index(Int)

        /// A decoder's coding key: an index into an array, or an object's key.
        public init(_ key: CodingKey) {
            self = key.intValue.map { .index($0) } ?? .key(key.stringValue)
        }
    }
}

/// A recursive-descent reader of RFC 8259 JSON over UTF-8 bytes, counting lines and columns as it goes.
private struct Reader {
    let bytes: [UInt8]
    var offset = 0
    var line = 1
    var lineStart = 0
    var path: [JSONDocument.PathComponent] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3; lineStart = 3 }   // a byte order mark is not content
    }

    var position: JSONDocument.Position {
        // Count characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start one.
        let column = bytes[lineStart..<min(offset, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return .init(line: line, column: column)
    }

    func fail(_ message: String) -> JSONDocument.Problem {
        .init(position: position, path: JSONDocument.path(path), message: message)
    }

    var found: String {
        guard offset < bytes.count else { return "the end of the file" }
        let b = bytes[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return String(format: "the byte 0x%02X", b)
    }

    mutating func document() throws(JSONDocument.Problem) -> JSONDocument.Value {
        skipSpace()
        let value = try readValue(depth: 0)
        skipSpace()
        if offset < bytes.count { throw fail("expected the end of the file after the JSON value, found \(found)") }
        return value
    }

    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D: offset += 1
            case 0x0A: offset += 1; line += 1; lineStart = offset
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(JSONDocument.Problem) -> JSONDocument.Value {
        let start = position
        guard offset < bytes.count else { throw fail("expected a value, found the end of the file") }
        if depth > JSONDocument.maximumDepth { throw fail("nested deeper than \(JSONDocument.maximumDepth) levels") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .init(node: try readObject(depth: depth), position: start)
        case UInt8(ascii: "["): return .init(node: try readArray(depth: depth), position: start)
        case UInt8(ascii: "\""): return .init(node: .string(try readString()), position: start)
        case UInt8(ascii: "t"): try literal("true"); return .init(node: .bool, position: start)
        case UInt8(ascii: "f"): try literal("false"); return .init(node: .bool, position: start)
        case UInt8(ascii: "n"): try literal("null"); return .init(node: .null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try readNumber(); return .init(node: .number, position: start)
        default: throw fail("expected a value (a string, number, object, array, true, false or null), found \(found)")
        }
    }

    mutating func readObject(depth: Int) throws(JSONDocument.Problem) -> JSONDocument.Node {
        offset += 1
        var members: [JSONDocument.Member] = []
        var seen: [String: JSONDocument.Position] = [:]
        skipSpace()
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object([]) }
        while true {
            skipSpace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                let trailing = offset < bytes.count && bytes[offset] == UInt8(ascii: "}") && !members.isEmpty
                throw fail("expected a key in double quotes, found \(found)" + (trailing ? " (a comma after the last member?)" : ""))
            }
            let keyPosition = position
            let key = try readString()
            path.append(.key(key))
            if let first = seen[key] {
                throw JSONDocument.Problem(position: keyPosition, path: JSONDocument.path(path),
                                           message: "duplicate key \"\(key)\": also at line \(first.line), column \(first.column)")
            }
            seen[key] = keyPosition
            skipSpace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw fail("expected ':' after the key, found \(found)") }
            offset += 1
            skipSpace()
            let value = try readValue(depth: depth + 1)
            members.append(.init(key: key, keyPosition: keyPosition, value: value))
            path.removeLast()
            skipSpace()
            guard offset < bytes.count else { throw fail("expected ',' or '}' after an object member, found the end of the file") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            if bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
            throw fail("expected ',' or '}' after an object member, found \(found)")
        }
    }

    mutating func readArray(depth: Int) throws(JSONDocument.Problem) -> JSONDocument.Node {
        offset += 1
        var items: [JSONDocument.Value] = []
        skipSpace()
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array([]) }
        while true {
            skipSpace()
            if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
                throw fail("expected a value, found ']' (a comma after the last element?)")
            }
            path.append(.index(items.count))
            items.append(try readValue(depth: depth + 1))
            path.removeLast()
            skipSpace()
            guard offset < bytes.count else { throw fail("expected ',' or ']' after an array element, found the end of the file") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            if bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
            throw fail("expected ',' or ']' after an array element, found \(found)")
        }
    }

    mutating func literal(_ word: String) throws(JSONDocument.Problem) {
        let w = Array(word.utf8)
        guard bytes.count - offset >= w.count, Array(bytes[offset..<offset + w.count]) == w else {
            throw fail("expected a value (a string, number, object, array, true, false or null), found \(found)")
        }
        offset += w.count
    }

    mutating func readNumber() throws(JSONDocument.Problem) {
        func digits() -> Int {
            let start = offset
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            return offset - start
        }
        let start = position
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let leadingZero = offset < bytes.count && bytes[offset] == UInt8(ascii: "0")
        let whole = digits()
        if whole == 0 { throw fail("expected a digit, found \(found)") }
        if leadingZero && whole > 1 {
            throw JSONDocument.Problem(position: start, path: JSONDocument.path(path), message: "a number may not start with 0")
        }
        if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            if digits() == 0 { throw fail("expected a digit after the decimal point, found \(found)") }
        }
        if offset < bytes.count && (bytes[offset] | 0x20) == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) { offset += 1 }
            if digits() == 0 { throw fail("expected a digit in the exponent, found \(found)") }
        }
    }

    mutating func readString() throws(JSONDocument.Problem) -> String {
        offset += 1
        var out: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw fail("a string without its closing quote") }
            let b = bytes[offset]
            switch b {
            case UInt8(ascii: "\""):
                offset += 1
                guard let s = String(bytes: out, encoding: .utf8) else { throw fail("a string that is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                offset += 1
                try readEscape(into: &out)
            case 0..<0x20:
                throw fail("a control character in a string (write a line break as \\n, a tab as \\t)")
            default:
                out.append(b); offset += 1
            }
        }
    }

    mutating func readEscape(into out: inout [UInt8]) throws(JSONDocument.Problem) {
        guard offset < bytes.count else { throw fail("a string without its closing quote") }
        let simple: [UInt8: UInt8] = [UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
                                      UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09]
        if let c = simple[bytes[offset]] { out.append(c); offset += 1; return }
        guard bytes[offset] == UInt8(ascii: "u") else { throw fail("an unknown escape \\\(found.trimmingCharacters(in: ["'"]))") }
        offset += 1
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {   // a high surrogate must be followed by its low half
            guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw fail("a lone surrogate in a \\u escape")
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone surrogate in a \\u escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("a lone surrogate in a \\u escape") }
        out.append(contentsOf: Array(String(Character(u)).utf8))
    }

    mutating func hex4() throws(JSONDocument.Problem) -> UInt32 {
        guard bytes.count - offset >= 4, let v = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else {
            throw fail("expected four hexadecimal digits after \\u")
        }
        offset += 4
        return v
    }
}
