extension KeyedDecodingContainer {
    /// A whole number (decimals, a page, a year): decoded as a number first, because Foundation's decoder reports
    /// 1.5 or 1e30 where an Int is expected as "not valid JSON" at `$`, without the key that holds it.
    func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard let number = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard let whole = WholeNumber.exact(number) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: WholeNumber.refusal(number))
        }
        return whole
    }

    func decodeWholeNumber(forKey key: Key) throws -> Int {
        guard let whole = try decodeWholeNumberIfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key \"\(key.stringValue)\""))
        }
        return whole
    }
}

/// The one test of a whole number and the one sentence refusing another, for both ways a whole number is decoded.
enum WholeNumber {
    static func exact(_ number: Double) -> Int? { number.rounded() == number ? Int(exactly: number) : nil }
    static func refusal(_ number: Double) -> String { "expected a whole number, found \(number)" }
}
