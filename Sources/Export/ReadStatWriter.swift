import CReadStat
import Foundation
import MigstatCore

/// Writes a `LabelledTable` as a Stata 118 or SPSS file through ReadStat; the only file that imports it.
public enum ReadStatWriter {
    public enum Format: String, Sendable, CaseIterable { case dta, sav }

    /// The file's bytes. The header's timestamp is fixed (the epoch), so the same table gives the same bytes.
    public static func write(_ labelled: LabelledTable, as format: Format) throws -> Data {
        let table = format == .dta ? try labelled.forStata() : labelled
        guard let writer = readstat_writer_init() else { throw failure(table, format, "cannot start ReadStat") }
        defer { readstat_writer_free(writer) }
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(readstat_set_data_writer(writer) { bytes, length, context in
            let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
            sink.data.append(bytes!.assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }, table, format)
        try check(readstat_writer_set_file_label(writer, String(table.label.utf8.prefix(80)) ?? table.name), table, format)
        try check(readstat_writer_set_file_timestamp(writer, 0), table, format)

        // Stata marks a "no answer" code as an extended missing value (.a, .b, …) labelled like the code.
        let tags = Array("abcdefghijklmnopqrstuvwxyz")
        var variables: [UnsafeMutablePointer<readstat_variable_t>] = []
        var notes: [String] = []
        let measures: [MeasureLevel: readstat_measure_t] = [.nominal: READSTAT_MEASURE_NOMINAL, .ordinal: READSTAT_MEASURE_ORDINAL, .scale: READSTAT_MEASURE_SCALE]
        for v in table.variables {
            let (type, width): (readstat_type_t, Int) = switch v.kind {
            case .numeric: (READSTAT_TYPE_DOUBLE, 0)
            case .string(let w): (READSTAT_TYPE_STRING, w)
            }
            guard let variable = readstat_add_variable(writer, v.name, type, width) else { throw failure(table, format, "cannot add \(v.name)") }
            readstat_variable_set_label(variable, v.label)
            if v.isDate { readstat_variable_set_format(variable, format == .dta ? "%td" : "DATE11") }
            else if format == .sav && v.wholeNumbers { readstat_variable_set_format(variable, "F11.0") }
            if format == .sav { readstat_variable_set_measure(variable, measures[v.measure]!) }
            // SPSS: a number whose only labels would be its "no answer" codes (age, 99) gets none, only the
            // user-missing declaration, or R's foreign::read.spss makes it a factor; a note says what the code means.
            let labelsMissing = format == .dta || !v.valueLabels.isEmpty
            if !v.valueLabels.isEmpty || (labelsMissing && !v.missing.isEmpty) {
                let set = readstat_add_label_set(writer, READSTAT_TYPE_DOUBLE, v.name)
                for l in v.valueLabels { readstat_label_double_value(set, l.value, l.label) }
                for (i, m) in v.missing.enumerated() {
                    if format == .dta { readstat_label_tagged_value(set, CChar(tags[i].asciiValue!), m.label) } else { readstat_label_double_value(set, m.value, m.label) }
                }
                readstat_variable_set_label_set(variable, set)
            } else if !v.stringLabels.isEmpty {
                let set = readstat_add_label_set(writer, READSTAT_TYPE_STRING, v.name)
                for l in v.stringLabels { readstat_label_string_value(set, l.value, l.label) }
                readstat_variable_set_label_set(variable, set)
            }
            if format == .sav {
                for m in v.missing { try check(readstat_variable_add_missing_double_value(variable, m.value), table, format) }
                // ReadStat 1.1.8 writes a string's missing values as bytes its own reader rejects (or reads as
                // garbage once padded): a text code's "no answer" stays labelled, and a note says it is one.
                notes += v.missingStrings.map { "\(v.name): \($0) = no answer (a text code: not declared missing)" }
                if !labelsMissing { notes += v.missing.map { "\(v.name): \(formatNumber($0.value)) = \($0.label) (user-missing)" } }
            }
            variables.append(variable)
        }
        for note in table.variables.flatMap(\.russian) + notes {
            for line in format == .sav ? wrap(note, bytes: 80) : [note] { readstat_add_note(writer, line) }
        }

        switch format {
        case .dta:
            try check(readstat_writer_set_file_format_version(writer, 118), table, format)
            try check(readstat_begin_writing_dta(writer, context, table.rows.count), table, format)
        case .sav:
            try check(readstat_writer_set_compression(writer, READSTAT_COMPRESS_ROWS), table, format)
            try check(readstat_begin_writing_sav(writer, context, table.rows.count), table, format)
        }
        for row in table.rows {
            try check(readstat_begin_row(writer), table, format)
            for (i, v) in table.variables.enumerated() {
                let value = row[i], variable = variables[i]
                switch v.kind {
                case .numeric:
                    if var x = value.number {
                        if v.isDate { x = format == .dta ? x + stataDateOffset : (x + spssDateOffset) * 86_400 }
                        if format == .dta, let m = v.missing.firstIndex(where: { $0.value == x }) {
                            try check(readstat_insert_tagged_missing_value(writer, variable, CChar(tags[m].asciiValue!)), table, format)
                        } else {
                            try check(readstat_insert_double_value(writer, variable, x), table, format)
                        }
                    } else {
                        try check(readstat_insert_missing_value(writer, variable), table, format)
                    }
                case .string:
                    try check(readstat_insert_string_value(writer, variable, LabelledTable.text(value)), table, format)
                }
            }
            try check(readstat_end_row(writer), table, format)
        }
        try check(readstat_end_writing(writer), table, format)
        return sink.data
    }

    /// Days from Stata's origin (1960-01-01) and SPSS's (1582-10-14, the Gregorian calendar's first day) to 1970-01-01.
    static let stataDateOffset = 3_653.0, spssDateOffset = 141_428.0

    /// SPSS keeps notes as lines of at most 80 bytes: a longer note goes on several, cut between words.
    static func wrap(_ note: String, bytes: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in note.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if candidate.utf8.count <= bytes { line = candidate; continue }
            if !line.isEmpty { lines.append(line) }
            line = String(word)
            while line.utf8.count > bytes {   // a single word longer than a line: cut between characters
                var head = ""
                for ch in line { if (head + String(ch)).utf8.count > bytes { break }; head.append(ch) }
                lines.append(head); line.removeFirst(head.count)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Collects what ReadStat writes; reached from its C callback through the context pointer.
    private final class Sink { var data = Data() }

    private static func check(_ error: readstat_error_t, _ table: LabelledTable, _ format: Format) throws {
        guard error != READSTAT_OK else { return }
        throw failure(table, format, String(cString: readstat_error_message(error)))
    }

    private static func failure(_ table: LabelledTable, _ format: Format, _ message: String) -> MigstatError {
        .output(path: "export/\(table.name).\(format.rawValue)", message: "ReadStat: \(message)")
    }
}
