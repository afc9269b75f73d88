/// What the rows of a windows-1251 file show about its encoding. One row of valid UTF-8 there (a line appended
/// by another program) is a bad row: a lenient source quarantines it. A file whose rows with non-ASCII text
/// are mostly UTF-8 is mislabelled: one error about the file, named after its first UTF-8 row, once every row
/// has been seen.
public struct EncodingEvidence {
    public private(set) var utf8Rows = 0
    public private(set) var windows1251Rows = 0
    private var first: (line: Int, column: String?, problem: DecodeProblem)?

    public init() {}

    /// A row with non-ASCII text in the declared windows-1251.
    public mutating func noteWindows1251Row() { windows1251Rows += 1 }

    /// A row holding valid UTF-8 (`problem.wrongEncoding`); returns why it is quarantined.
    public mutating func noteUTF8Row(line: Int, column: String?, _ problem: DecodeProblem) -> String {
        utf8Rows += 1
        if first == nil { first = (line, column, problem) }
        return "UTF-8 text in a windows-1251 file (\"\(problem.utf8Text ?? "")\" read as UTF-8)"
    }

    /// The first UTF-8 row and why the file is refused, when its UTF-8 rows are at least as many as its
    /// windows-1251 ones; nil when the UTF-8 rows are strays among windows-1251 text.
    public func mislabelled() -> (line: Int, defect: RecordDefect)? {
        guard let first, utf8Rows >= windows1251Rows else { return nil }
        let share = " (\(utf8Rows) of its \(utf8Rows + windows1251Rows) rows with non-ASCII text are UTF-8)"
        return (first.line, RecordDefect(column: first.column, value: first.problem.value, reason: first.problem.message + share))
    }
}
