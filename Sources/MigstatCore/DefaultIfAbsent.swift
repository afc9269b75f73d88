/// A value a spec may leave out: its type names the default (false, an empty list, the first style), so a
/// `Decodable` struct keeps Swift's synthesized decoding instead of a hand-written `init(from:)` per type.
public protocol DecodableWithDefault: Decodable, Equatable {
    static var decodingDefault: Self { get }
}

extension Bool: DecodableWithDefault { public static var decodingDefault: Bool { false } }
extension Array: DecodableWithDefault where Element: Decodable & Equatable { public static var decodingDefault: [Element] { [] } }

/// A property decoded as its type's default when its key is absent or null.
@propertyWrapper
public struct DefaultIfAbsent<Value: DecodableWithDefault>: Decodable, Equatable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public init(from decoder: Decoder) throws { wrappedValue = try decoder.singleValueContainer().decode(Value.self) }
}

extension DefaultIfAbsent: Sendable where Value: Sendable {}

/// A whole number a spec may leave out (a year), checked as `decodeWholeNumberIfPresent` checks it.
@propertyWrapper
public struct WholeNumberIfPresent: Decodable, Sendable, Equatable {
    public var wrappedValue: Int?
    public init(wrappedValue: Int?) { self.wrappedValue = wrappedValue }
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { wrappedValue = nil; return }
        let number = try c.decode(Double.self)
        guard let whole = WholeNumber.exact(number) else { throw DecodingError.dataCorruptedError(in: c, debugDescription: WholeNumber.refusal(number)) }
        wrappedValue = whole
    }
}

// Synthesized decoding calls `decode(_:forKey:)` for a wrapped property; these make an absent key its default.
extension KeyedDecodingContainer {
    public func decode<Value>(_ type: DefaultIfAbsent<Value>.Type, forKey key: Key) throws -> DefaultIfAbsent<Value> {
        try decodeIfPresent(type, forKey: key) ?? DefaultIfAbsent(wrappedValue: Value.decodingDefault)
    }

    public func decode(_ type: WholeNumberIfPresent.Type, forKey key: Key) throws -> WholeNumberIfPresent {
        try decodeIfPresent(type, forKey: key) ?? WholeNumberIfPresent(wrappedValue: nil)
    }
}
