/// What of a census estimate the publication files withhold (docs/confidentiality.md): decided by the
/// Disclosure module before anything is rendered; the confidential files (estimates.csv, the store) keep it all.
public struct Withheld: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The count of the category.
    public static let n = Withheld(rawValue: 1)
    /// The base of the series (every category of the series shares it).
    public static let base = Withheld(rawValue: 2)
    /// The percentage.
    public static let percent = Withheld(rawValue: 4)

    /// The mark printed in place of a withheld number, whatever the reason (a count from 1 to 4 or a cell
    /// withheld to protect one): one mark, so that the mark itself tells an intruder nothing more.
    public static let mark = "x"
}
