/// Text for a Markdown file that shows as itself: no raw HTML (`<script>` stays text), no link, code span,
/// emphasis or table cell break, whatever a label or note from a delivery holds.
public enum MarkdownText {
    /// ASCII punctuation with an inline meaning; CommonMark shows a backslash-escaped one literally.
    static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~"]

    /// Inside a line: a table cell or a title. A line end would end the row, so it becomes a space.
    public static func inline(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            // An underscore inside a word (record_id) can neither open nor close emphasis: it stays as written.
            let inWord = c == "_" && i > 0 && i + 1 < chars.count && chars[i - 1].isLetterOrDigit && chars[i + 1].isLetterOrDigit
            if special.contains(c) && !inWord { out += "\\" + String(c) }
            else if c == "\n" || c == "\r" || c == "\r\n" { out += " " }
            else if let u = c.unicodeScalars.first, c.unicodeScalars.count == 1, u.value < 0x20 && u != "\t" || u.value == 0x7F { out += "\u{FFFD}" }
            else { out.append(c) }
        }
        return out
    }

    /// A paragraph of its own (a table's note): as `inline`, and what would start a block (a heading `#`, a
    /// quote, a list item `-`/`+`/`1.`, a setext underline `=`, an indented code block) is escaped too.
    public static func paragraph(_ s: String) -> String {
        var text = Substring(inline(s))
        while let c = text.first, c == " " || c == "\t" { text = text.dropFirst() }
        if let c = text.first, "#-+=".contains(c) { return "\\" + text }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let after = text.dropFirst(digits.count).first, after == "." || after == ")" {
            return digits + "\\" + text.dropFirst(digits.count)
        }
        return String(text)
    }
}

private extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
