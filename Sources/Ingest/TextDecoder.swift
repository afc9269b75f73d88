import MigstatCore

/// Why a field's bytes are not text in the declared encoding.
public struct DecodeProblem: Error, Equatable {
    public var message: String
    public var value: String
    /// The text the bytes spell in UTF-8, when they are valid UTF-8 where windows-1251 is declared.
    public var utf8Text: String?
    /// The bytes are valid text in another encoding: the row, or the whole file (EncodingEvidence), is wrong.
    public var wrongEncoding: Bool { utf8Text != nil }
}

/// Turns a field's bytes into a String in the source's declared encoding, never guessing.
public enum TextDecoder {
    public static func decode(_ bytes: UnsafeRawBufferPointer, as encoding: TextEncoding) -> Result<String, DecodeProblem> {
        var ascii = true
        for b in bytes where b >= 0x80 || b == 0 { ascii = false; break }
        if ascii { return .success(String(decoding: bytes, as: UTF8.self)) }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(DecodeProblem(message: "NUL byte at offset \(nul) in a text field", value: display(bytes, as: encoding)))
        }
        switch encoding {
        case .utf8:
            guard let s = String(validating: bytes, as: UTF8.self) else {
                var message = "bytes are not valid UTF-8 (the source declares utf-8)"
                if looksLikeWindows1251(bytes) {
                    message += "; they read as windows-1251 \"\(display(bytes, as: .windows1251))\": the file looks like windows-1251 (declare \"encoding\": \"windows-1251\")"
                }
                return .failure(DecodeProblem(message: message, value: display(bytes, as: encoding)))
            }
            return .success(s)
        case .windows1251:
            // Windows-1251 Cyrillic text is practically never valid UTF-8, so a field that is was written as UTF-8.
            if let s = String(validating: bytes, as: UTF8.self) {
                return .failure(DecodeProblem(message: "bytes are UTF-8 (\"\(s)\"), the source declares windows-1251: the file is mislabelled",
                                              value: display(bytes, as: encoding), utf8Text: s))
            }
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                if b < 0x80 { scalars.append(Unicode.Scalar(b)); continue }
                let u = cp1251High[Int(b) - 0x80]
                guard u != 0xFFFF, let scalar = Unicode.Scalar(u) else {
                    return .failure(DecodeProblem(message: String(format2: b) + " is not a character in windows-1251", value: display(bytes, as: encoding)))
                }
                scalars.append(scalar)
            }
            return .success(String(scalars))
        }
    }

    /// The bytes as text for a message or the quarantine, never failing: characters of the encoding as they are,
    /// any other byte (and NUL) as `\xNN`; cut after `limit` bytes with "…".
    public static func display(_ bytes: UnsafeRawBufferPointer, as encoding: TextEncoding, limit: Int = RecordDefect.valueLimit) -> String {
        let shown = UnsafeRawBufferPointer(rebasing: bytes.prefix(limit))
        var out = ""
        var i = 0
        func escape(_ b: UInt8) { out += "\\x" + String(format2: b).dropFirst(2) }
        while i < shown.count {
            let b = shown[i]
            if b == 0 || (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) { escape(b); i += 1; continue }
            if b < 0x80 { out.unicodeScalars.append(Unicode.Scalar(b)); i += 1; continue }
            switch encoding {
            case .windows1251:
                let u = cp1251High[Int(b) - 0x80]
                if u != 0xFFFF, let scalar = Unicode.Scalar(u) { out.unicodeScalars.append(scalar) } else { escape(b) }
                i += 1
            case .utf8:
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                if length > 1, i + length <= shown.count,
                   let s = String(validating: UnsafeRawBufferPointer(rebasing: shown[i..<(i + length)]), as: UTF8.self) {
                    out += s
                    i += length
                } else {
                    escape(b)
                    i += 1
                }
            }
        }
        return bytes.count > limit ? out + "…" : out
    }

    /// Cyrillic words in windows-1251 are runs of bytes 0xC0...0xFF (and Ёё, 0xA8 0xB8); Latin-1 text (café) has
    /// lone high bytes between ASCII letters. Two Cyrillic letters in a row, and no byte windows-1251 lacks, tell.
    static func looksLikeWindows1251(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func cyrillicLetter(_ b: UInt8) -> Bool { b >= 0xC0 || b == 0xA8 || b == 0xB8 }
        guard !bytes.contains(0x98) else { return false }
        return zip(bytes, bytes.dropFirst()).contains { cyrillicLetter($0) && cyrillicLetter($1) }
    }

    /// Unicode scalars of bytes 0x80...0xFF in Windows-1251; 0xFFFF marks the one unassigned byte (0x98).
    static let cp1251High: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0xFFFF, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ]
}

extension String {
    /// "0x9A"-style hex of one byte.
    init(format2 b: UInt8) {
        let h = String(b, radix: 16, uppercase: true)
        self = "0x" + (h.count == 1 ? "0" + h : h)
    }
}
