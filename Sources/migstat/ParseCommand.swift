import ArgumentParser
import Foundation
import Ingest
import MigstatCore

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how migstat reads a delivered file: its records as JSON Lines, with the pipeline's own ingest code.",
        discussion: """
            Prints every record, the header included, as one JSON array of strings per line. An empty unquoted \
            field and an empty quoted one both print as "". A record that cannot be read stops the command with \
            an error naming file, line, column and what was expected (exit 1). With --lenient each bad record is \
            reported on stderr as a JSON object (file, line, column, value, reason), the good ones are printed, \
            and the exit is 0 unless the file cannot be read at all (a bad header, an empty file).
            """)

    @Argument(help: "The delimited file to read.")
    var file: String
    @Option(name: .long, help: "The file's encoding: utf-8, windows-1251 (or cp1251).")
    var encoding = "utf-8"
    @Option(name: .long, help: "The field delimiter: one character (\\t or tab for a tab).")
    var delimiter = ","
    @Flag(name: .long, help: "Report bad records on stderr and go on, as a lenient source does.")
    var lenient = false

    func validate() throws {
        guard TextEncoding(name: encoding) != nil else {
            throw ValidationError("--encoding: expected utf-8, windows-1251 or cp1251, found \"\(encoding)\"")
        }
        guard delimiterByte != nil else {
            throw ValidationError("--delimiter: expected one ASCII character other than a quote or a line end, found \"\(delimiter)\"")
        }
    }

    private var delimiterByte: UInt8? {
        let d = delimiter == "\\t" || delimiter.lowercased() == "tab" ? "\t" : delimiter
        guard d.utf8.count == 1, let b = d.utf8.first, b < 0x80, b != UInt8(ascii: "\""), b != 0x0A, b != 0x0D else { return nil }
        return b
    }

    func run() throws {
        let options = CSVOptions(delimiter: delimiterByte!, encoding: TextEncoding(name: encoding)!)
        let reader = CSVReader(path: file, options: options, lenient: lenient)
        let out = JSONLinesWriter()
        do {
            let stats = try reader.forEachRecord { record in
                if let defect = record.defect {
                    StandardStreams.write(Parse.rejection(defect, file: file, line: record.line) + "\n", to: .error)
                } else {
                    out.write(JSONText.array(record.fields.map { .string($0 ?? "") }).compact)
                }
            }
            out.flush()
            if stats.records == 0 {
                throw MigstatError.data(Location(source: "", file: file, line: 1), value: nil, message: "empty file: expected a header line")
            }
        } catch {
            out.flush()
            throw ExitStatus.fail(error)
        }
    }

    /// One rejected record as a JSON object for stderr.
    static func rejection(_ defect: RecordDefect, file: String, line: Int) -> String {
        var fields: [(String, JSONText)] = [("file", .string(file)), ("line", .integer(line))]
        if let column = defect.column { fields.append(("column", .string(column))) }
        fields += [("value", .string(defect.value)), ("reason", .string(defect.reason))]
        return JSONText.object(fields).compact
    }
}

/// Buffered JSON Lines output on standard output; the lines are written by `JSONText`.
final class JSONLinesWriter {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ line: String) {
        buffer += line.utf8
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        StandardStreams.write(buffer, to: .output)
        buffer.removeAll(keepingCapacity: true)
    }
}
