/// Text made safe to print on one line: the one place that escapes quotes, backslashes and control characters,
/// in the three spellings migstat prints (a file name or a value holding a line end must not forge a line of
/// a log, an error or a JSON Lines record, nor an escape sequence reach a terminal).
public enum EscapedText {
    public enum Style: Sendable {
        /// Inside a JSON string: `\"`, `\\`, `\n`, `\r`, `\t`, any other character below U+0020 as `\u00XX`.
        case json
        /// A value quoted in an error message: `\"`, `\\`, and characters below U+0020 and U+007F as `\u{X}`.
        case message
        /// A line of a text log: control characters (Unicode Cc) only, as `\n`, `\r`, `\t` or `\u{X}`.
        case logLine
    }

    public static func escape(_ text: String, _ style: Style) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, style) }) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            guard needsEscape(u, style) else { out.append(u); continue }
            let spelled: String
            switch (u, style) {
            case ("\"", _): spelled = "\\\""
            case ("\\", _): spelled = "\\\\"
            case ("\n", .json), ("\n", .logLine): spelled = "\\n"
            case ("\r", .json), ("\r", .logLine): spelled = "\\r"
            case ("\t", .json), ("\t", .logLine): spelled = "\\t"
            case (_, .json):
                let hex = String(u.value, radix: 16)
                spelled = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: spelled = "\\u{" + String(u.value, radix: 16) + "}"
            }
            out.append(contentsOf: spelled.unicodeScalars)
        }
        return String(out)
    }

    private static func needsEscape(_ u: Unicode.Scalar, _ style: Style) -> Bool {
        switch style {
        case .json: return u == "\"" || u == "\\" || u.value < 0x20
        case .message: return u == "\"" || u == "\\" || u.value < 0x20 || u.value == 0x7F
        case .logLine: return u.properties.generalCategory == .control
        }
    }
}
