/// A quote that opens a field and never closes where it should swallows the lines after it into one record.
/// Both readers use these rules to tell such a record from a legitimate field holding a line break, so that
/// the swallowed lines can be read again on their own (each loaded or quarantined under its own line number)
/// instead of vanishing inside one quarantined record.
public enum UnbalancedQuote {
    /// Whether a record spanning several lines was made by a quote that did not close: its field count is not
    /// the header's, or a line inside one of its quoted fields holds a whole record's worth of delimiters.
    ///
    /// With fewer than three columns a swallowed line ("2,b") cannot be told from text holding a comma, so
    /// then only the field count decides.
    static func swallowedLines<Fields: Sequence>(fieldCount: Int, headerCount: Int, delimiter: UInt8, fields: Fields) -> Bool
    where Fields.Element: Sequence<UInt8> {
        if fieldCount != headerCount { return true }
        guard headerCount >= 3 else { return false }
        return fields.contains { holdsWholeRecordLine($0, delimiter: delimiter, delimiters: headerCount - 1) }
    }

    /// Whether some line of `field` after its first line end holds at least `delimiters` delimiters.
    static func holdsWholeRecordLine<Bytes: Sequence<UInt8>>(_ field: Bytes, delimiter: UInt8, delimiters: Int) -> Bool {
        var afterLineEnd = false, count = 0
        for b in field {
            if b == 0x0A || b == 0x0D {
                afterLineEnd = true
                count = 0
            } else if afterLineEnd && b == delimiter {
                count += 1
                if count >= delimiters { return true }
            }
        }
        return false
    }

    /// Why a record's first line is quarantined (or, in a strict source, reported): the quoted field opened
    /// on it runs on to line `last`, where `what` shows it should have closed.
    static func reason(through last: Int, _ what: String) -> String {
        "unbalanced quote: a quoted field opened on this line runs on to line \(last), where \(what)"
    }

    static func reason(through last: Int, fieldCount found: Int, headerCount header: Int) -> String {
        reason(through: last, found == header ? "it holds whole records" : "the record has \(found) fields and the header \(header)")
    }
}
