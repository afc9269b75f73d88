import CLibCSV
import CLibCSVUntrimmed
import MigstatCore
import XCTest

/// `migstat_csv_parse_untrimmed` must be libcsv with a space test that always answers "no": the same fields,
/// row ends, return values, status and final state, for any bytes cut into any chunks. Differential: both run
/// over random bytes rich in what libcsv treats specially (spaces, tabs, delimiters, quotes, CR, LF).
final class UntrimmedParseTests: XCTestCase {
    /// What a parse reported, in order.
    final class Events {
        var log: [String] = []
    }

    static let field: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { ptr, len, data in
        let events = Unmanaged<Events>.fromOpaque(data!).takeUnretainedValue()
        events.log.append(ptr == nil ? "F:null" : "F:" + Array(UnsafeRawBufferPointer(start: ptr, count: len)).map { String($0) }.joined(separator: "."))
    }
    static let row: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { c, data in
        Unmanaged<Events>.fromOpaque(data!).takeUnretainedValue().log.append("R:\(c)")
    }

    /// Parses `bytes` in chunks of the given sizes, the reference way or through the wrapper.
    func parse(_ bytes: [UInt8], chunks: [Int], delimiter: UInt8, strict: Bool, untrimmed: Bool) -> [String] {
        let events = Events()
        let data = Unmanaged.passUnretained(events).toOpaque()
        var p = csv_parser()
        let options = (strict ? CSV_STRICT | CSV_STRICT_FINI : 0) | CSV_REPALL_NL | CSV_EMPTY_IS_NULL
        XCTAssertEqual(csv_init(&p, UInt8(options)), 0)
        defer { csv_free(&p) }
        csv_set_delim(&p, delimiter)
        if !untrimmed { csv_set_space_func(&p, migstat_csv_no_space) }
        var offset = 0
        for size in chunks where offset < bytes.count {
            let n = min(size, bytes.count - offset)
            let consumed = bytes.withUnsafeBufferPointer { buffer in
                untrimmed ? migstat_csv_parse_untrimmed(&p, buffer.baseAddress! + offset, n, Self.field, Self.row, data)
                          : csv_parse(&p, buffer.baseAddress! + offset, n, Self.field, Self.row, data)
            }
            events.log.append("consumed \(consumed) of \(n), status \(csv_error(&p)), state \(p.pstate) \(p.quoted) \(p.spaces) \(p.entry_pos)")
            if consumed < n { return events.log }
            offset += n
        }
        events.log.append("fini \(csv_fini(&p, Self.field, Self.row, data))")
        return events.log
    }

    func testEqualsLibcsvWithoutTrimmingOnRandomBytes() {
        var random = SplitMix64(seed: 21)
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: " ")] {
            let alphabet: [UInt8] = [0x20, 0x20, 0x20, 0x09, 0x09, delimiter, delimiter, 0x22, 0x22, 0x0D, 0x0A, 0x0A, 0x61, 0x62, 0xD0, 0x9F]
            for trial in 0..<3_000 {
                let length = Int(random.next() % 120)
                let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                var chunks: [Int] = []
                var left = length
                while left > 0 {
                    let size = trial % 3 == 0 ? length : 1 + Int(random.next() % 40)
                    chunks.append(size); left -= size
                }
                for strict in [true, false] {
                    let expected = parse(bytes, chunks: chunks, delimiter: delimiter, strict: strict, untrimmed: false)
                    let got = parse(bytes, chunks: chunks, delimiter: delimiter, strict: strict, untrimmed: true)
                    if got != expected {
                        XCTFail("delimiter \(delimiter), strict \(strict), bytes \(bytes), chunks \(chunks):\n\(got)\nexpected\n\(expected)")
                        return
                    }
                }
            }
        }
    }

    /// Long runs of text without spaces go sixteen bytes at a time: a space at every offset of a block is found.
    func testASpaceAtEveryOffsetOfALongFieldIsKept() {
        for at in 0..<40 {
            var bytes = Array(repeating: UInt8(ascii: "x"), count: 40) + [0x0A]
            bytes[at] = at % 2 == 0 ? 0x20 : 0x09
            let expected = parse(bytes, chunks: [bytes.count], delimiter: UInt8(ascii: ","), strict: true, untrimmed: false)
            XCTAssertEqual(parse(bytes, chunks: [bytes.count], delimiter: UInt8(ascii: ","), strict: true, untrimmed: true), expected)
            XCTAssertTrue(expected.contains { $0.hasPrefix("F:") && $0.contains(String(bytes[at])) }, "offset \(at)")
        }
    }
}
